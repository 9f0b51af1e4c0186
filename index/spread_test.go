package index

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/extract"
)

// shortcutTexts are free-text queries of every shape the query string
// allows: one word and several, required and excluded words, boosts,
// wildcards, fuzzy words, phrases, fields, words of several terms, words
// found only inside compounds, and no match.
var shortcutTexts = []string{
	"Verwaltung",
	"verwaltung", // also inside "Kreisverwaltung" (the suffix fields)
	"Verwaltung Kommune",
	"Verwaltung^3 Kommune",
	"Verwaltung Kommune^3",
	"+Verwaltung Kommune",
	"+Verwaltung +Cloud",
	"Verwaltung -Cloud",
	"-Verwaltung",
	"Verwalt*",
	"Verwaltng~1",
	"Verwaltng~1 Land",
	`"Cloud Sicherheit"`,
	`"Cloud Sicherheit" Verwaltung`,
	"Cloud Sicherheit Verwaltung Kommune Land Breitband Förderung",
	"title:Cloud Verwaltung",
	"+title:Cloud +Verwaltung",
	"year:2018 Verwaltung",
	"Bürgerservice-Plattform",
	"Verwaltung Verwaltung",
	"Atomkraftwerk",
	"Atomkraftwerk Breitband",
	"der Verwaltung",       // a stop word: its parts match nothing
	"title:der Verwaltung", // a part that is Bleve's match-nothing searcher
	"title:der",
	"Verwalt* Kommune",
	"Breitband Cloud^2 title:Sicherheit",
	"ko*", // several terms in a field
	"*verwaltung",
	"Be?rieb",
	"/s[a-z]+/",
	"ko* Breitband s*e",
	"title:ko*",
}

// plainQuery parses text as Bleve's own queries only: the query string
// rewritten for the mapping, without simplify and with Bleve's disjunction
// for each spread word.
func plainQuery(t *testing.T, text string) query.Query {
	t.Helper()
	q, err := query.NewQueryStringQuery(text).Parse()
	if err != nil {
		t.Fatal(err)
	}
	if q, err = rewrite(q); err != nil {
		t.Fatal(err)
	}
	var plain func(q query.Query) query.Query
	plain = func(q query.Query) query.Query {
		if sq, ok := q.(*spreadQuery); ok {
			return plain(sq.plain)
		}
		mapChildren(q, plain)
		return q
	}
	return plain(q)
}

type scoredHit struct {
	ID    string
	Score float64
}

// allByScore returns every match of q, best first (ties in index order).
func allByScore(t *testing.T, bl bleve.Index, q query.Query) []scoredHit {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	res, err := bl.SearchInContext(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total > 10000 {
		t.Fatalf("%d matches: raise the page size", res.Total)
	}
	out := make([]scoredHit, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = scoredHit{h.ID, h.Score}
	}
	return out
}

// TestQueryShortcutsScoreAsBleve checks that what parseText makes of a
// query (simplify's unwrapping, spreadSearcher, one term searched as a
// term) finds the same articles with the same scores, to the last bit,
// as Bleve's own queries for the same text, in the same order.
func TestQueryShortcutsScoreAsBleve(t *testing.T) {
	ix, _ := orderIndex(t, 3000)
	_, bl, release, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	matched := 0
	for _, text := range shortcutTexts {
		fast, err := parseText(text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		want := allByScore(t, bl, plainQuery(t, text))
		got := allByScore(t, bl, fast)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q: hits (-Bleve's queries +parseText's)\n%s", text, diff)
		}
		if len(want) > 0 {
			matched++
		}
	}
	if matched < len(shortcutTexts)-2 {
		t.Errorf("only %d of %d queries match anything: the comparison is too weak", matched, len(shortcutTexts))
	}
}

// TestSpreadSearcherSteps drives a spreadSearcher and Bleve's disjunction
// searcher for the same word through the same random mix of Next and
// Advance, over an index with deleted documents: the same documents with
// the same scores at every step.
func TestSpreadSearcherSteps(t *testing.T) {
	ix, _ := orderIndex(t, 3000)
	_, bl, release, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	r := snapshotReader(t, bl)
	count, err := r.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	ctx := scoringContext(context.Background(), bl.Mapping())
	rng := rand.New(rand.NewPCG(3, 4))
	for _, text := range []string{"Verwaltung", "Breitband", "verwaltung", "Verwalt*", "Verwaltng~1", `"Cloud Sicherheit"`, "Bürgerservice-Plattform",
		"Verwaltung Kommune", "Breitband Cloud Verwaltung", "Verwalt* Kommune", "der Verwaltung", "title:der Verwaltung",
		"ko*", "*verwaltung", "/s[a-z]+/", "ko* Breitband s*e"} {
		q, err := parseText(text)
		if err != nil {
			t.Fatal(err)
		}
		sq, ok := q.(*spreadQuery)
		if !ok {
			t.Fatalf("%q: parsed as %T, want the spread of one word", text, q)
		}
		for round := range 4 {
			fast, err := sq.Searcher(ctx, r, bl.Mapping(), search.SearcherOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := fast.(*spreadSearcher); !ok {
				t.Fatalf("%q: searched by %T, want a spreadSearcher", text, fast)
			}
			plain, err := sq.plain.Searcher(ctx, r, bl.Mapping(), search.SearcherOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if fast.Weight() != plain.Weight() || fast.Count() != plain.Count() {
				t.Errorf("%q: weight %v, count %d; Bleve's %v, %d", text, fast.Weight(), fast.Count(), plain.Weight(), plain.Count())
			}
			fctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(fast.DocumentMatchPoolSize()+1, 0), IndexReader: r}
			pctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(plain.DocumentMatchPoolSize()+1, 0), IndexReader: r}
			steps, last := 0, uint64(0)
			for {
				var fd, pd *search.DocumentMatch
				var ferr, perr error
				// Round 0 only steps; the others also jump ahead (searchers
				// are only ever advanced forward), mostly by less than a
				// window, now and then anywhere up to past the end.
				if round > 0 && rng.IntN(3) == 0 {
					target := last + 1 + uint64(rng.IntN(spreadWindow/2))
					if rng.IntN(4) == 0 {
						target = last + 1 + uint64(rng.IntN(int(count)+100))
					}
					id := bindex.NewIndexInternalID(nil, target)
					fd, ferr = fast.Advance(fctx, id)
					pd, perr = plain.Advance(pctx, id)
				} else {
					fd, ferr = fast.Next(fctx)
					pd, perr = plain.Next(pctx)
				}
				if ferr != nil || perr != nil {
					t.Fatalf("%q: errors %v, %v", text, ferr, perr)
				}
				if (fd == nil) != (pd == nil) {
					t.Fatalf("%q round %d step %d: spread %v, Bleve %v", text, round, steps, fd, pd)
				}
				if fd == nil {
					break
				}
				fn, pn := fd.IndexInternalID.Value(), pd.IndexInternalID.Value()
				if fn != pn || fd.Score != pd.Score {
					t.Fatalf("%q round %d step %d: spread doc %d score %v, Bleve doc %d score %v", text, round, steps, fn, fd.Score, pn, pd.Score)
				}
				last = fn
				fctx.DocumentMatchPool.Put(fd)
				pctx.DocumentMatchPool.Put(pd)
				steps++
			}
			if round == 0 && steps == 0 {
				t.Errorf("%q matches nothing: the comparison is empty", text)
			}
			fast.Close()
			plain.Close()
		}
	}
}

// TestWordBoost checks that a boost on a word without a field (word^5)
// counts: Bleve ignores the boost of the disjunction a word becomes, so
// spread puts it on each field's part.
func TestWordBoost(t *testing.T) {
	ix, arts := orderIndex(t, 3000)
	byURL := map[string]extract.Article{}
	for _, a := range arts {
		byURL[a.URL] = a
	}
	ctx := context.Background()
	top := func(text string) []Hit {
		res, err := ix.Search(ctx, Query{Text: text, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		return res.Hits
	}
	mentions := func(h Hit, word string) bool {
		a := byURL[h.URL]
		return strings.Contains(strings.Join(append([]string{a.Title, a.Kicker, a.Text}, a.Keywords...), " "), word)
	}
	only := func(hits []Hit, word, not string) int {
		n := 0
		for _, h := range hits {
			if mentions(h, word) && !mentions(h, not) {
				n++
			}
		}
		return n
	}
	a, b := top("Breitband^5 Cloud"), top("Breitband Cloud^5")
	if len(a) < 20 || len(b) < 20 {
		t.Fatalf("%d and %d hits, want pages of 20", len(a), len(b))
	}
	// The weighted word pulls the articles with it alone up the page.
	if na, nb := only(a, "Breitband", "Cloud"), only(b, "Breitband", "Cloud"); na <= nb {
		t.Errorf("articles with Breitband but not Cloud in the first 20: %d for Breitband^5 Cloud, %d for Breitband Cloud^5", na, nb)
	}
	if na, nb := only(a, "Cloud", "Breitband"), only(b, "Cloud", "Breitband"); nb <= na {
		t.Errorf("articles with Cloud but not Breitband in the first 20: %d for Breitband^5 Cloud, %d for Breitband Cloud^5", na, nb)
	}
}

// snapshotReader returns a reader of bl's current snapshot, closed when
// the test ends.
func snapshotReader(t *testing.T, bl bleve.Index) bindex.IndexReader {
	t.Helper()
	adv, err := bl.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
