package index

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/coopwatch/coopwatch/extract"
)

// orderIndex is an index of searchTestCorpus(n) in which a tenth of the
// articles were stored again with another date and text, so that the
// search index holds deleted documents too, and one event was rejected.
func orderIndex(t *testing.T, n int) (*Index, []extract.Article) {
	t.Helper()
	ctx := context.Background()
	ix, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	arts := searchTestCorpus(n, 1)
	if err := ix.PutArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	again := searchTestCorpus(n, 2) // other dates and texts for the same URLs
	var changed []extract.Article
	for i := 0; i < n; i += 10 {
		a := arts[i]
		a.Published, a.Text = again[i].Published, again[i].Text
		arts[i] = a
		changed = append(changed, a)
	}
	if err := ix.PutArticles(ctx, changed); err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if len(a.Events) > 0 {
			if err := ix.SetEventStatus(ctx, a.Events[0].ID, extract.Rejected); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	return ix, arts
}

// orderQueries are searches of every kind: broad and narrow text, text
// whose scores all tie, filters alone and with text, date ranges.
var orderQueries = []Query{
	{},
	{Text: "Verwaltung"},
	{Text: "Verwaltung Kommune"},
	{Text: "Breitband"},
	{Text: "-Verwaltung"},
	{Text: `"Cloud Sicherheit"`},
	{Text: "title:Cloud"},
	{Text: "year:2018"}, // every hit scores the same
	{Text: "Kooperation", States: []string{"Bayern"}},
	{States: []string{"Hessen", "Sachsen"}},
	{Kinds: []string{"stadt"}, Types: []string{"founded", "joined"}},
	{Sites: []string{"egovernment.de"}},
	{Years: []int{2019}},
	{From: "2018-03", To: "2019"},
	{Text: "Digitalisierung", From: "2020"},
	{Cooperation: true},
	{Text: "Atomkraftwerk"},
}

// bleveFacets converts Bleve's facets.
func bleveFacets(fr search.FacetResults) map[string][]FacetCount {
	out := map[string][]FacetCount{}
	for name, f := range fr {
		var list []FacetCount
		if f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				list = append(list, FacetCount{Term: t.Term, Count: t.Count})
			}
		}
		out[name] = list
	}
	return out
}

type pageView struct {
	ID        string
	Score     float64
	Fragments search.FieldFragmentMap
}

// TestFindMatchesFullSort checks find, which neither sorts nor facets all
// matches, against Bleve's full sort with exact facets: the same total,
// the same hits in the same order with the same scores and fragments, the
// same facet counts; for every sort, pages from the first to past the
// end, in one pass with the columns read before, and in two ranges at
// once with the columns read for the search.
func TestFindMatchesFullSort(t *testing.T) {
	const n = 3000
	ix, _ := orderIndex(t, n)
	ctx := context.Background()
	_, bl, release, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	pages := []struct{ offset, limit int }{{0, 20}, {0, 100}, {13, 7}, {480, 100}, {1990, 20}, {2950, 100}}
	for _, q0 := range orderQueries {
		for _, sort := range []string{"", SortRelevance, SortDate, SortDateDesc} {
			for _, pg := range pages {
				q := q0
				q.Sort, q.Offset, q.Limit = sort, pg.offset, pg.limit
				req, err := searchRequest(q)
				if err != nil {
					t.Fatal(err)
				}
				for name, field := range facetFields {
					req.AddFacet(name, bleve.NewFacetRequest(field, FacetSize))
				}
				res, err := bl.SearchInContext(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				var want []pageView
				for _, h := range res.Hits {
					want = append(want, pageView{h.ID, h.Score, h.Fragments})
				}
				for i, cache := range []*columnCache{&ix.cols, {}} { // warm and cold
					name := fmt.Sprintf("%+v", q)
					p, err := newPlan(q)
					if err != nil {
						t.Fatal(err)
					}
					p.facets = FacetsExact
					if i == 1 {
						p.parallelMin = 100 // in two ranges
					}
					f, err := find(ctx, bl, cache, p)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if f.total != res.Total {
						t.Errorf("%s: total %d, want %d", name, f.total, res.Total)
					}
					var got []pageView
					for _, h := range f.hits {
						got = append(got, pageView{h.id, h.score, h.fragments})
					}
					if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("%s: hits (-full sort +find)\n%s", name, diff)
					}
					if diff := cmp.Diff(bleveFacets(res.Facets), f.facets, cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("%s: facets (-Bleve +find)\n%s", name, diff)
					}
					if f.sample != f.total {
						t.Errorf("%s: exact facets counted in %d of %d matches", name, f.sample, f.total)
					}
				}
			}
		}
	}
}

// Above the exact limit, facets are estimated from every k-th match and
// labelled so; the estimate is the sample's exact count scaled up.
func TestSearchEstimatesFacets(t *testing.T) {
	const n = 3000
	ix, _ := orderIndex(t, n)
	ctx := context.Background()
	_, bl, release, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []Query{{}, {Text: "Verwaltung"}, {States: []string{"Bayern", "Hessen"}}} {
		p, err := newPlan(q)
		if err != nil {
			t.Fatal(err)
		}
		p.exactMax, p.sampleSize = 200, 100
		res, err := ix.search(ctx, p, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res.Total <= 200 {
			t.Fatalf("Search(%+v): total %d: the test needs more than 200", q, res.Total)
		}
		if !res.FacetsEstimated || res.FacetSample < 50 || res.FacetSample > 100 {
			t.Errorf("Search(%+v): FacetsEstimated %v, FacetSample %d of %d; want true and 50 to 100", q, res.FacetsEstimated, res.FacetSample, res.Total)
		}

		// The sample's documents, counted exactly by Bleve.
		x := &run{ctx: ctx, p: p, m: bl.Mapping(), cols: &columns{}}
		adv, _ := bl.Advanced()
		if x.r, err = adv.Reader(); err != nil {
			t.Fatal(err)
		}
		docs, _, err := x.matches(1)
		if err != nil {
			t.Fatal(err)
		}
		sample := facetSample(docs, p)
		ids, err := x.externalIDs(sample)
		x.r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if uint64(len(sample)) != res.FacetSample {
			t.Fatalf("sample of %d, result says %d", len(sample), res.FacetSample)
		}
		req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), 0, 0, false)
		for name, field := range facetFields {
			req.AddFacet(name, bleve.NewFacetRequest(field, FacetSize))
		}
		sr, err := bl.SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		want := bleveFacets(sr.Facets)
		scale := float64(res.Total) / float64(len(sample))
		for name, list := range want {
			for i := range list {
				list[i].Count = int(math.Round(float64(list[i].Count) * scale))
			}
			want[name] = list
		}
		if diff := cmp.Diff(want, res.Facets, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Search(%+v): estimated facets (-sample counted by Bleve, scaled +got)\n%s", q, diff)
		}

		// Exact on request.
		p.facets = FacetsExact
		res, err = ix.search(ctx, p, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res.FacetsEstimated || res.FacetSample != res.Total {
			t.Errorf("Search(%+v, facets exact): FacetsEstimated %v, FacetSample %d of %d", q, res.FacetsEstimated, res.FacetSample, res.Total)
		}
	}
	release()
}
