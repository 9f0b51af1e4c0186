package gazetteer_test

import (
	"sync"
	"testing"

	"github.com/coopwatch/coopwatch/extract/gazetteer"
)

func mustLoad(tb testing.TB) *gazetteer.Gazetteer {
	tb.Helper()
	g, err := gazetteer.Load()
	if err != nil {
		tb.Fatalf("Load() error: %v", err)
	}
	return g
}

func TestResolvePlace(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		name, in, land string
		level          gazetteer.Level
		display, kind  string
		ags            string // "" when the answer must be uncertain
	}{
		{"kreisfreie Stadt", "Wolfsburg", "", gazetteer.AnyLevel, "Stadt Wolfsburg", "stadt", "03103000"},
		{"Stadt prefix", "Stadt Wolfsburg", "", gazetteer.AnyLevel, "Stadt Wolfsburg", "stadt", "03103000"},
		{"Landkreis beats town", "Landkreis Gifhorn", "", gazetteer.AnyLevel, "Landkreis Gifhorn", "landkreis", "03151"},
		{"Kreis beats town", "Kreis Gifhorn", "", gazetteer.AnyLevel, "Landkreis Gifhorn", "landkreis", "03151"},
		{"bare name is the town", "Gifhorn", "", gazetteer.AnyLevel, "Stadt Gifhorn", "stadt", "03151009"},
		{"official suffix", "Gifhorn, Stadt", "", gazetteer.AnyLevel, "Stadt Gifhorn", "stadt", "03151009"},
		{"Freistaat", "Freistaat Sachsen", "", gazetteer.AnyLevel, "Sachsen", "land", "14"},
		{"Land", "Sachsen", "", gazetteer.AnyLevel, "Sachsen", "land", "14"},
		{"Limburg in Hessen", "Limburg", "Hessen", gazetteer.AnyLevel, "Stadt Limburg a. d. Lahn", "stadt", "06533009"},
		{"Limburg an der Lahn", "Limburg an der Lahn", "", gazetteer.AnyLevel, "Stadt Limburg a. d. Lahn", "stadt", "06533009"},
		{"Halle (Saale)", "Halle (Saale)", "", gazetteer.AnyLevel, "Stadt Halle (Saale)", "stadt", "15002000"},
		{"Halle/Saale", "Halle/Saale", "", gazetteer.AnyLevel, "Stadt Halle (Saale)", "stadt", "15002000"},
		{"Halle in NRW", "Halle", "Nordrhein-Westfalen", gazetteer.AnyLevel, "Stadt Halle (Westf.)", "stadt", "05754012"},
		{"Neuenkirchen ambiguous", "Neuenkirchen", "", gazetteer.AnyLevel, "", "gemeinde", ""},
		{"Region Hannover", "Region Hannover", "", gazetteer.AnyLevel, "Region Hannover", "landkreis", "03241"},
		{"Städteregion", "Städteregion Aachen", "", gazetteer.AnyLevel, "Städteregion Aachen", "landkreis", "05334"},
		{"Kreis NRW", "Rhein-Sieg-Kreis", "", gazetteer.AnyLevel, "Rhein-Sieg-Kreis", "landkreis", "05382"},
		{"Giessen without ß", "Giessen", "", gazetteer.AnyLevel, "Stadt Gießen", "stadt", "06531005"},
		{"Frankfurt is ambiguous", "Frankfurt", "", gazetteer.AnyLevel, "Stadt Frankfurt am Main", "stadt", ""},
		{"Frankfurt in Hessen", "Frankfurt", "Hessen", gazetteer.AnyLevel, "Stadt Frankfurt am Main", "stadt", "06412000"},
		{"Kreis level only", "Gifhorn", "", gazetteer.LevelKreis, "Landkreis Gifhorn", "landkreis", "03151"},
		{"Samtgemeinde", "Samtgemeinde Brome", "", gazetteer.LevelVerband, "Samtgemeinde Brome", "verband", "031515402"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, certain := g.ResolvePlace(tt.in, tt.level, tt.land)
			if tt.display != "" && p.Display() != tt.display {
				t.Errorf("ResolvePlace(%q, %q).Display() = %q, want %q", tt.in, tt.land, p.Display(), tt.display)
			}
			if p.Kind != tt.kind {
				t.Errorf("ResolvePlace(%q, %q).Kind = %q, want %q", tt.in, tt.land, p.Kind, tt.kind)
			}
			if tt.ags == "" {
				if certain {
					t.Errorf("ResolvePlace(%q, %q) certain = true, want false", tt.in, tt.land)
				}
				return
			}
			if !certain || p.AGS != tt.ags {
				t.Errorf("ResolvePlace(%q, %q) = %s (certain %v), want %s", tt.in, tt.land, p.AGS, certain, tt.ags)
			}
		})
	}
}

func TestUnknownPlace(t *testing.T) {
	g := mustLoad(t)
	for _, in := range []string{"", "Digitalisierung", "Kooperation", "Gemeindefreies Gebiet"} {
		if ps := g.Places(in); len(ps) != 0 {
			t.Errorf("Places(%q) = %v, want none", in, ps)
		}
	}
}

func TestDemonym(t *testing.T) {
	g := mustLoad(t)
	tests := []struct{ in, want string }{
		{"Braunschweiger", "Stadt Braunschweig"}, {"Braunschweigs", "Stadt Braunschweig"},
		{"Thüringer", "Thüringen"}, {"Dresdner", "Stadt Dresden"}, {"Gießener", "Stadt Gießen"},
		{"sächsischen", "Sachsen"}, {"Hessisches", "Hessen"}, {"niedersächsische", "Niedersachsen"},
		{"bayerischen", "Bayern"}, {"Sachsens", "Sachsen"}, {"Der", ""}, {"Partner", ""}, {"Leiter", ""}, {"", ""},
	}
	for _, tt := range tests {
		p, ok := g.Demonym(tt.in)
		got := ""
		if ok {
			got = p.Display()
		}
		if got != tt.want {
			t.Errorf("Demonym(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBody(t *testing.T) {
	g := mustLoad(t)
	tests := []struct{ in, name, kind, state string }{
		{"ekom21 – KGRZ Hessen", "ekom21", "it-dienstleister", "Hessen"},
		{"Dataport", "Dataport", "it-dienstleister", "Schleswig-Holstein"},
		{"govdigital eG", "govdigital", "it-dienstleister", ""},
		{"Komm.ONE", "Komm.ONE", "it-dienstleister", "Baden-Württemberg"},
		{"ITEOS", "ITEOS", "it-dienstleister", "Baden-Württemberg"},
		{"FITKO", "FITKO", "behoerde", "Hessen"},
		{"IT-Planungsrat", "IT-Planungsrat", "behoerde", ""},
		{"Kommunales Rechenzentrum Niederrhein", "KRZN", "it-dienstleister", "Nordrhein-Westfalen"},
	}
	for _, tt := range tests {
		b, ok := g.Body(tt.in)
		if !ok || b.Name != tt.name || b.Kind != tt.kind || b.State != tt.state {
			t.Errorf("Body(%q) = %+v, %v; want %s %s %s", tt.in, b, ok, tt.name, tt.kind, tt.state)
		}
	}
	if b, ok := g.Body("ITEOS"); !ok || b.Successor != "Komm.ONE" {
		t.Errorf("Body(ITEOS).Successor = %q, want Komm.ONE", b.Successor)
	}
	if _, ok := g.Body("Kooperation"); ok {
		t.Error("Body(Kooperation) found, want none")
	}
}

func TestIsFirstName(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		in   string
		want bool
	}{
		{"Thomas", true}, {"Jan", true}, {"Erik", true}, {"Hans-Jürgen", true}, {"Claus", true},
		{"Mia", true}, {"thomas", false}, {"Mark", false}, {"Digitalisierung", false},
		{"Kooperation", false}, {"Wolfsburg", false}, {"Hans-Digital", false}, {"", false},
	}
	for _, tt := range tests {
		if got := g.IsFirstName(tt.in); got != tt.want {
			t.Errorf("IsFirstName(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestRole(t *testing.T) {
	tests := []struct {
		in, base, kind string
		ok             bool
	}{
		{"Bürgermeisterin", "bürgermeister", "", true},
		{"Oberbürgermeister", "oberbürgermeister", "stadt", true},
		{"Landrätin", "landrät", "landkreis", true},
		{"Kreisrat", "kreisrat", "landkreis", true},
		{"Digitalisierungsdezernent", "dezernent", "", true},
		{"Sachsen-CIO", "cio", "land", true},
		{"Staatssekretärin", "staatssekretär", "land", true},
		{"Bundesinnenministerin", "minister", "bund", true},
		{"Beigeordneter", "beigeordnet", "", true},
		{"Verbandsvorsteher", "verbandsvorsteher", "verband", true},
		{"Begleiter", "", "", false},
		{"Mitarbeiter", "", "", false},
		{"Kooperation", "", "", false},
	}
	for _, tt := range tests {
		r, ok := gazetteer.Role(tt.in)
		if ok != tt.ok || r.Base != tt.base || r.OrgKind != tt.kind {
			t.Errorf("Role(%q) = %+v, %v; want base %q kind %q ok %v", tt.in, r, ok, tt.base, tt.kind, tt.ok)
		}
	}
}

func TestConcurrentReads(t *testing.T) {
	g := mustLoad(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				g.ResolvePlace("Limburg", gazetteer.AnyLevel, "Hessen")
				g.Demonym("Braunschweiger")
				g.IsFirstName("Thomas")
			}
		})
	}
	wg.Wait()
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gazetteer.Load(); err != nil {
			b.Fatal(err)
		}
	}
}
