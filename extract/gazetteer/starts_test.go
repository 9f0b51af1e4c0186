package gazetteer_test

import (
	"strings"
	"testing"

	"github.com/coopwatch/coopwatch/extract/gazetteer"
)

func TestMayStartName(t *testing.T) {
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	// Every name the lookups know starts with a word MayStartName accepts.
	for _, name := range []string{"Wolfsburg", "Landkreis Gifhorn", "Halle (Saale)", "Sachsen-Anhalt", "Dataport", "ekom21",
		"Komm.ONE", "regio iT", "Freie und Hansestadt Hamburg", "Limburg a. d. Lahn", "NRW", "Bad Oeynhausen"} {
		if len(g.Places(name)) == 0 {
			if _, ok := g.Body(name); !ok {
				t.Errorf("%q is neither a place nor a body: fix the test", name)
				continue
			}
		}
		first := strings.Fields(name)[0]
		if !g.MayStartName(first) {
			t.Errorf("MayStartName(%q) = false, but %q is a known name", first, name)
		}
	}
	// Most words of running text start no name.
	var yes []string
	for _, w := range strings.Fields("die haben eine Verwaltung unterzeichnet Kooperationsvereinbarung wurde gemeinsam Digitalisierung Bürgerinnen") {
		if g.MayStartName(w) {
			yes = append(yes, w)
		}
	}
	if len(yes) > 2 {
		t.Errorf("MayStartName is true for %q: the prefilter would save nothing", yes)
	}
}
