package eval_test

import (
	"strings"
	"testing"

	"github.com/coopwatch/coopwatch/eval"
	"github.com/coopwatch/coopwatch/extract"
)

// qualityBar is what the extractor must reach on the project's own gold
// set (fixtures/gold.json): the targets of the extraction issue. Lowering
// a number here needs a reason in the commit message.
var qualityBar = map[string]float64{
	eval.PartnersF1:          0.95,
	eval.PeopleF1:            0.95,
	eval.RoleAccuracy:        0.90,
	eval.PartnerKindAccuracy: 0.95,
	eval.PublishedAccuracy:   1.0,
	eval.CooperationAccuracy: 1.0,
	eval.EventTypeAccuracy:   0.90,
	eval.TitleAccuracy:       1.0,
	eval.KeywordsF1:          0.95,
}

// TestFixtureGoldSet runs the extractor over every fixture page and holds
// it to the quality bar, printing every miss when it falls short.
func TestFixtureGoldSet(t *testing.T) {
	golds, err := eval.LoadGold("../fixtures/gold.json")
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := eval.Run(golds, "../fixtures", x)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed > 0 {
		t.Errorf("%d of %d fixture pages could not be extracted", rep.Failed, rep.Pages)
	}
	if err := rep.Check(qualityBar); err != nil {
		var b strings.Builder
		_ = rep.WriteText(&b)
		t.Errorf("below the quality bar: %v\n%s", err, b.String())
	}

	// The seed pages are the project's origin: their metadata must be exact.
	var seeds []eval.Gold
	for _, g := range golds {
		if g.Seed != "" {
			seeds = append(seeds, g)
		}
	}
	if len(seeds) != 5 {
		t.Fatalf("gold set has %d seed pages, want the 5 seeds", len(seeds))
	}
	seedRep, err := eval.Run(seeds, "../fixtures", x)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{eval.PublishedAccuracy, eval.TitleAccuracy, eval.KeywordsF1} {
		if v, ok := seedRep.Metric(m); !ok || v != 1 {
			t.Errorf("seed pages: %s = %v (measured: %v), want 1", m, v, ok)
		}
	}
}
