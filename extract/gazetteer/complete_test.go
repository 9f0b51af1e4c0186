package gazetteer_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/coopwatch/coopwatch/extract/gazetteer"
)

// completions renders results as "Name|kind|Land|AGS" for comparison.
func completions(cs []gazetteer.Completion) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = strings.Join([]string{c.Name, c.Kind, c.Land, c.AGS}, "|")
	}
	return out
}

func TestComplete(t *testing.T) {
	g := mustLoad(t)
	const (
		lkGifhorn  = "Landkreis Gifhorn|landkreis|Niedersachsen|03151"
		stGifhorn  = "Stadt Gifhorn|stadt|Niedersachsen|03151009"
		stMuenchen = "Stadt München|stadt|Bayern|09162000"
		lkMuenchen = "Landkreis München|landkreis|Bayern|09184"
		rsk        = "Rhein-Sieg-Kreis|landkreis|Nordrhein-Westfalen|05382"
		grossGerau = "Landkreis Groß-Gerau|landkreis|Hessen|06433"
	)
	tests := []struct {
		name   string
		prefix string
		n      int
		want   []string // the first results, in order
		all    bool     // want is the whole answer
		absent string   // no result's name starts with this
	}{
		{"Kreis before its town", "Gifh", 10, []string{lkGifhorn, stGifhorn}, true, ""},
		{"case does not matter", "gIFHORN", 10, []string{lkGifhorn, stGifhorn}, true, ""},
		{"editor's Kreis name", "Landkreis Gif", 10, []string{lkGifhorn}, true, ""},
		{"Kreis for Landkreis", "Kreis Gifh", 10, []string{lkGifhorn}, true, ""},
		{"kreisfreie Stadt once, as its Gemeinde", "Wolfsb", 10, []string{"Stadt Wolfsburg|stadt|Niedersachsen|03103000"}, true, ""},
		{"umlaut typed", "Münch", 2, []string{stMuenchen, lkMuenchen}, true, ""},
		{"umlaut as digraph", "Muench", 2, []string{stMuenchen, lkMuenchen}, true, ""},
		{"umlaut left out", "MUNCH", 2, []string{stMuenchen, lkMuenchen}, true, ""},
		{"ß as ss", "Gross-Ger", 1, []string{grossGerau}, true, ""},
		{"ß", "Groß-Ger", 1, []string{grossGerau}, true, ""},
		{"dashes as spaces", "rhein sieg", 10, []string{rsk}, true, ""},
		{"dashes", "Rhein-Sieg-", 10, []string{rsk}, true, ""},
		{"parentheses", "Halle Saale", 10, []string{"Stadt Halle (Saale)|stadt|Sachsen-Anhalt|15002000"}, true, ""},
		{"Kreis by population first", "Hann", 3, []string{"Region Hannover|landkreis|Niedersachsen|03241", "Stadt Hannover|stadt|Niedersachsen|03241001"}, false, ""},
		{"whole name first", "Hannover", 2, []string{"Stadt Hannover|stadt|Niedersachsen|03241001", "Region Hannover|landkreis|Niedersachsen|03241"}, true, ""},
		{"inner word", "Kreuzn", 2, []string{"Landkreis Bad Kreuznach|landkreis|Rheinland-Pfalz|07133", "Stadt Bad Kreuznach|stadt|Rheinland-Pfalz|07133006"}, true, ""},
		{"a trailing space ends the word", "Bad ", 200, []string{"Landkreis Bad Kreuznach|landkreis|Rheinland-Pfalz|07133"}, false, "Baden"},
		{"Länder first, by population", "B", 5, []string{"Bayern|land|Bayern|09", "Baden-Württemberg|land|Baden-Württemberg|08",
			"Berlin|land|Berlin|11", "Brandenburg|land|Brandenburg|12", "Bremen|land|Bremen|04"}, true, ""},
		{"Land alias", "NRW", 1, []string{"Nordrhein-Westfalen|land|Nordrhein-Westfalen|05"}, true, ""},
		{"Land before its bodies", "Niedersa", 2, []string{"Niedersachsen|land|Niedersachsen|03", "IT.Niedersachsen|it-dienstleister|Niedersachsen|"}, true, ""},
		{"body", "datap", 10, []string{"Dataport|it-dienstleister|Schleswig-Holstein|"}, true, ""},
		{"body by its alias", "KGRZ", 10, []string{"ekom21|it-dienstleister|Hessen|"}, true, ""},
		{"federal body", "Bund", 1, []string{"Bund|bund||"}, true, ""},
		{"n bounds the answer", "Stadt", 3, []string{"Stadt Berlin|stadt|Berlin|11000000", "Stadt Hamburg|stadt|Hamburg|02000000", stMuenchen}, true, ""},
		{"nothing", "Qxzy", 10, nil, true, ""},
		{"empty", "", 10, nil, true, ""},
		{"only punctuation", " - ", 10, nil, true, ""},
		{"n zero", "Gifh", 0, nil, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := g.Complete(tt.prefix, tt.n)
			if len(got) > max(tt.n, 0) {
				t.Errorf("Complete(%q, %d) gave %d results", tt.prefix, tt.n, len(got))
			}
			gs := completions(got)
			if !tt.all && len(gs) > len(tt.want) {
				gs = gs[:len(tt.want)]
			}
			if diff := cmp.Diff(tt.want, gs, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Complete(%q, %d) (-want +got):\n%s", tt.prefix, tt.n, diff)
			}
			seen := map[string]bool{}
			for _, c := range completions(got) {
				if seen[c] {
					t.Errorf("Complete(%q, %d) offers %s twice", tt.prefix, tt.n, c)
				}
				seen[c] = true
				if tt.absent != "" && strings.HasPrefix(c, tt.absent) {
					t.Errorf("Complete(%q, %d) offers %s", tt.prefix, tt.n, c)
				}
			}
		})
	}
}

// Every short prefix gives distinct names, each once, within the bound,
// and the same answer however its umlauts are written.
func TestCompleteShortPrefixes(t *testing.T) {
	g := mustLoad(t)
	for a := 'a'; a <= 'z'; a++ {
		for _, b := range "aeiounrs" {
			p := string([]rune{a, b})
			got := g.Complete(p, 12)
			seen := map[string]bool{}
			for _, c := range got {
				k := c.Name + "|" + c.AGS
				if seen[k] {
					t.Errorf("Complete(%q) offers %s twice", p, k)
				}
				seen[k] = true
				if c.Name == "" || c.Kind == "" {
					t.Errorf("Complete(%q) offers %+v without a name or kind", p, c)
				}
			}
			if len(got) > 12 {
				t.Errorf("Complete(%q, 12) gave %d", p, len(got))
			}
		}
	}
	// Typed with the umlaut or without its dots, a prefix gives the same
	// answer; typed as a digraph, it gives the names with the umlaut
	// (and not those with a plain vowel: "Goerl" is not Gorleben).
	for _, s := range []struct{ umlaut, plain, digraph string }{
		{"Düsseld", "dusseld", "Duesseld"}, {"Görl", "GORL", "Goerl"}, {"Öhr", "Ohr", "Oehr"}, {"Müh", "Muh", "Mueh"},
	} {
		want := completions(g.Complete(s.umlaut, 20))
		if len(want) == 0 {
			t.Fatalf("Complete(%q) found nothing", s.umlaut)
		}
		if diff := cmp.Diff(want, completions(g.Complete(s.plain, 20))); diff != "" {
			t.Errorf("Complete(%q) differs from Complete(%q) (-%s +%s):\n%s", s.plain, s.umlaut, s.umlaut, s.plain, diff)
		}
		var umlauts []string
		for _, c := range want {
			if name, _, _ := strings.Cut(c, "|"); strings.ContainsAny(name, "äöüÄÖÜ") {
				umlauts = append(umlauts, c)
			}
		}
		if diff := cmp.Diff(umlauts, completions(g.Complete(s.digraph, len(umlauts)))); diff != "" {
			t.Errorf("Complete(%q): want the names with umlauts of Complete(%q) (-want +got):\n%s", s.digraph, s.umlaut, diff)
		}
	}
}

// The index is built once, by whichever call comes first, also when many
// come at once (run with -race).
func TestCompleteConcurrent(t *testing.T) {
	g := mustLoad(t)
	want := completions(g.Complete("Gifh", 5))
	g2 := mustLoad(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := completions(g2.Complete("Gifh", 5)); !cmp.Equal(want, got) {
				t.Errorf("concurrent Complete(Gifh) = %v, want %v", got, want)
			}
		})
	}
	wg.Wait()
}

func BenchmarkComplete(b *testing.B) {
	g := mustLoad(b)
	g.Complete("warm", 1)
	for _, p := range []string{"Gifh", "B", "Bad ", "Muench", "Landkreis ", "KGRZ"} {
		b.Run(p, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g.Complete(p, 12)
			}
		})
	}
}

// BenchmarkCompleteFirstCall measures the index build of the first call.
func BenchmarkCompleteFirstCall(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		g := mustLoad(b)
		b.StartTimer()
		g.Complete("Gifh", 12)
	}
}
