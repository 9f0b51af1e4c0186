package extract

// Tests for the kinds of misses a held-out measurement found (cooperations
// between Länder, Landkreise named through their Landräte, founded and
// ended read as extended and planned, press contacts, roles in short
// appositions). White-box like entities_test.go: they call analyze. The
// sentences are written for these tests and differ from the q-* fixture
// pages that motivated the rules, so that a rule tuned to one page's words
// fails here.

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestLandPartners(t *testing.T) {
	tests := []struct {
		name, title, text string
		want              []partnerWant
		types             []EventType
	}{
		{
			name:  "two Länder through their ministry and Staatskanzlei",
			title: "Gemeinsame Bußgeldstelle",
			text:  "Das Innenministerium Baden-Württemberg und die Staatskanzlei Rheinland-Pfalz haben am Freitag eine Verwaltungsvereinbarung über eine gemeinsame Bußgeldstelle unterzeichnet. Sie soll im Herbst ihre Arbeit aufnehmen.",
			want: []partnerWant{
				{"Baden-Württemberg", "land", "Baden-Württemberg", "08", "member"},
				{"Rheinland-Pfalz", "land", "Rheinland-Pfalz", "07", "member"},
			},
			types: []EventType{Founded},
		},
		{
			name:  "two Länder only through the offices that sign",
			title: "Nordländer teilen Lernplattform",
			text:  "Niedersachsens Kultusministerin Eva Rehbein und der schleswig-holsteinische Staatssekretär Ole Carstensen besiegelten in Lübeck ein Abkommen über eine gemeinsame Lernplattform für die Fortbildung der Lehrkräfte. Beide Länder teilen sich die Kosten.",
			want: []partnerWant{
				{"Niedersachsen", "land", "Niedersachsen", "03", "member"},
				{"Schleswig-Holstein", "land", "Schleswig-Holstein", "01", "member"},
			},
			types: []EventType{Founded},
		},
		{
			name:  "re-use of another Land's online service; the council they sit in is no party",
			title: "Wohngeld online",
			text:  "Das Saarland übernimmt den digitalen Wohngeldantrag aus Schleswig-Holstein. Die Nachnutzung regelt eine Vereinbarung, die das saarländische Innenministerium und die Kieler Staatskanzlei unterzeichnet haben. Beide Länder sitzen auch im IT-Planungsrat zusammen.",
			want: []partnerWant{
				{"Saarland", "land", "Saarland", "10", "member"},
				{"Schleswig-Holstein", "land", "Schleswig-Holstein", "01", "member"},
			},
			types: []EventType{Founded},
		},
		{
			name:  "Länder by their official long names",
			title: "Cloud für die Justiz",
			text:  "Der Freistaat Thüringen und die Freie und Hansestadt Hamburg haben einen Letter of Intent für eine gemeinsame Justizcloud unterzeichnet. Ein Staatsvertrag soll 2026 folgen.",
			want: []partnerWant{
				{"Thüringen", "land", "Thüringen", "16", "member"},
				{"Hamburg", "land", "Hamburg", "02", "member"},
			},
			types: []EventType{Founded},
		},
		{
			name:  "two Länder give notice, then say what comes after",
			title: "Abkommen gekündigt",
			text:  "Der Freistaat Sachsen und das Land Brandenburg kündigen die Verwaltungsvereinbarung über ihre gemeinsame Prüfstelle für Lebensmittelkontrollen zum 31. Dezember. Ab Januar prüft jedes Land wieder in eigenen Laboren.",
			want: []partnerWant{
				{"Sachsen", "land", "Sachsen", "14", "leaving"},
				{"Brandenburg", "land", "Brandenburg", "12", "leaving"},
			},
			types: []EventType{Ended},
		},
		{
			name:  "a minister commenting does not make the Land a party",
			title: "Städte kooperieren",
			text:  "Die Städte Gera und Jena haben eine Kooperationsvereinbarung über ein gemeinsames Rechenzentrum unterzeichnet. Thüringens Digitalminister Paul Mertens lobte den Schritt.",
			want: []partnerWant{
				{"Stadt Gera", "stadt", "Thüringen", "16052000", "member"},
				{"Stadt Jena", "stadt", "Thüringen", "16053000", "member"},
			},
			types: []EventType{Founded},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyzeText(t, tt.title, tt.text, "2024-06-14")
			if diff := cmp.Diff(tt.want, partnersOf(a)); diff != "" {
				t.Errorf("partners (-want +got):\n%s", diff)
			}
			var types []EventType
			for _, e := range a.Events {
				types = append(types, e.Type)
			}
			for _, ty := range tt.types {
				if !slices.Contains(types, ty) {
					t.Errorf("event types = %v, want %v among them", types, ty)
				}
			}
		})
	}
}

func TestEventTypeBackground(t *testing.T) {
	tests := []struct {
		name, title, text string
		want              EventType
	}{
		{
			name:  "founding after an earlier widening told in the pluperfect",
			title: "Gemeinsames Standesamt",
			text:  "Nachdem die Gemeinden Wedemark und Isernhagen ihre Zusammenarbeit in einem Pilotprojekt schon ausgebaut hatten, haben sie nun eine öffentlich-rechtliche Vereinbarung über ein gemeinsames Standesamt unterzeichnet.",
			want:  Founded,
		},
		{
			name:  "founding after intensive talks, with a renewal clause",
			title: "Vertrag unterzeichnet",
			text:  "Nach intensiven Verhandlungen haben die Landkreise Prignitz und Ostprignitz-Ruppin einen Kooperationsvertrag über eine gemeinsame Vergabestelle geschlossen. Der Vertrag gilt fünf Jahre und verlängert sich um weitere fünf, falls keiner der Partner widerspricht.",
			want:  Founded,
		},
		{
			name:  "an ending told without the partners' names, then what comes after",
			title: "Kooperation läuft aus",
			text:  "Die Städte Bocholt und Borken arbeiten bei der Kfz-Zulassung seit 2019 zusammen. Die gemeinsame Zulassungsstelle läuft zum Jahresende aus. Ab Januar 2025 übernimmt jede Stadt die Zulassung wieder selbst.",
			want:  Ended,
		},
		{
			name:  "bodies part ways",
			title: "Trennung",
			text:  "Der Landkreis Uckermark und der Landkreis Barnim gehen bei der Schuldnerberatung getrennte Wege: Die Vereinbarung über die gemeinsame Beratungsstelle endet am 30. Juni.",
			want:  Ended,
		},
		{
			name:  "announcing is no notice",
			title: "Zusammenarbeit",
			text:  "Die Städte Meppen und Papenburg haben eine Kooperationsvereinbarung zum Tourismus unterzeichnet. Die Oberbürgermeister kündigten an, die Zusammenarbeit auszuweiten.",
			want:  Founded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyzeText(t, tt.title, tt.text, "2024-06-14")
			if len(a.Events) == 0 {
				t.Fatalf("no event; want %v", tt.want)
			}
			if got := a.Events[0].Type; got != tt.want {
				t.Errorf("type = %v, want %v (evidence %q)", got, tt.want, a.Events[0].Evidence)
			}
		})
	}
}

func TestPeopleQuality(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Person
	}{
		{
			name: "plural office before a list of names with their Kreise",
			text: "Die Landrätinnen Anke Vogt (Vogelsbergkreis) und Birgit Hessler (Lahn-Dill-Kreis) unterzeichneten den Kooperationsvertrag über eine gemeinsame Leitstelle.",
			want: []Person{{Name: "Anke Vogt", Role: "Landrätin", Org: "Vogelsbergkreis"}, {Name: "Birgit Hessler", Role: "Landrätin", Org: "Lahn-Dill-Kreis"}},
		},
		{
			name: "two offices joined by und",
			text: "Die Vereinbarung unterschrieb CIO und Staatssekretär Bernd Falkner für den Freistaat Sachsen.",
			want: []Person{{Name: "Bernd Falkner", Role: "CIO und Staatssekretär", Org: "Sachsen"}},
		},
		{
			name: "a Land adjective names the office's body",
			text: "Die Kooperation unterzeichnete der bayerische Finanzminister Georg Hubmann.",
			want: []Person{{Name: "Georg Hubmann", Role: "Finanzminister", Org: "Bayern"}},
		},
		{
			name: "party office with a dash",
			text: "„Das ist überfällig“, sagte der SPD-Fraktionschef Lars Oberdieck zur Kooperation der Kreise.",
			want: []Person{{Name: "Lars Oberdieck", Role: "Fraktionschef"}},
		},
		{
			name: "unknown office noun in a short apposition",
			text: "Ines Kallweit, Sachbearbeiterin, berichtet von der Zusammenarbeit der Ämter.",
			want: []Person{{Name: "Ines Kallweit", Role: "Sachbearbeiterin"}},
		},
		{
			name: "a press contact line is no person of the story",
			text: "Die Städte Hameln und Bückeburg arbeiten künftig zusammen.\nKontakt für Journalisten: Pressesprecherin Lea Brandt, Telefon 05151 202-0",
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyzeText(t, "Meldung", tt.text, "2024-06-14")
			if diff := cmp.Diff(tt.want, a.People, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("people (-want +got):\n%s", diff)
			}
		})
	}
}
