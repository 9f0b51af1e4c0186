package index_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

// result is what two searches must agree on.
type result struct {
	Total  uint64
	IDs    []extract.ArticleID
	Facets map[string][]index.FacetCount
}

func searchResult(tb testing.TB, ix *index.Index, q index.Query) result {
	tb.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		tb.Fatalf("Search(%+v): %v", q, err)
	}
	r := result{Total: res.Total, Facets: res.Facets}
	for _, h := range res.Hits {
		r.IDs = append(r.IDs, h.ID)
	}
	return r
}

func searchIDs(tb testing.TB, ix *index.Index, q index.Query) []extract.ArticleID {
	tb.Helper()
	return searchResult(tb, ix, q).IDs
}

func corpusIndex(tb testing.TB) *index.Index {
	tb.Helper()
	ix := mustOpenIndex(tb)
	mustPut(tb, ix, corpus()...)
	return ix
}

func sorted(ids []extract.ArticleID) []extract.ArticleID {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	return ids
}

func ids(urls ...string) []extract.ArticleID {
	out := make([]extract.ArticleID, len(urls))
	for i, u := range urls {
		out[i] = id(u)
	}
	return out
}

func TestSearchFreeText(t *testing.T) {
	ix := corpusIndex(t)
	tests := []struct {
		name, text string
		want       []extract.ArticleID // in any order
	}{
		{"plural with umlaut finds singular", "Bürgerämter", ids(urlBuerger)},
		{"umlaut spelled out", "Buergeramt", ids(urlBuerger)},
		{"stemming", "Kooperationen", ids(urlGifhorn)},
		{"compound head", "Digitalisierung", ids(urlGifhorn, urlBuerger)}, // kicker; "Verwaltungsdigitalisierung"
		{"compound head only in a compound", "text:Rechenzentren", nil},   // a field query searches whole words only
		{"compound in text", "Rechenzentrum", ids(urlBayern)},
		{"phrase", `"gemeinsames Serviceportal"`, ids(urlPortal)},
		{"required and excluded", "+Landkreis -Gifhorn", ids(urlBayern, urlPortal)},
		{"field", "title:Zweckverband", ids(urlBayern)},
		{"partner field is analysed", "partner:ebersberg", ids(urlBayern)},
		{"keyword field", "kind:it-dienstleister", ids(urlDataport)},
		{"upper-case wildcard", "Koop*", ids(urlGifhorn)},
		{"wildcard with umlaut", "Bürger*", ids(urlBuerger)},
		{"fuzzy", "Wolfsbrug~1", ids(urlGifhorn)},
		{"published range", `published:>="2021-06-01"`, ids(urlBuerger, urlPortal)},
		{"year", "year:2020", ids(urlBayern)},
		{"person", "Onay", ids(urlBuerger)},
		{"only excluded", "-Gifhorn", ids(urlBayern, urlPortal, urlDataport)},
		{"number", "2020", ids(urlGifhorn)}, // "seit dem Jahr 2020"
		{"no match", "Atomkraftwerk", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := searchIDs(t, ix, index.Query{Text: tt.text})
			if diff := cmp.Diff(sorted(tt.want), sorted(got)); diff != "" {
				t.Errorf("Search(%q) (-want +got)\n%s", tt.text, diff)
			}
		})
	}
}

// An article about Gifhorn (title, partners, keywords) must rank above one
// that mentions Gifhorn in passing.
func TestSearchRanking(t *testing.T) {
	ix := corpusIndex(t)
	res, err := ix.Search(context.Background(), index.Query{Text: "Gifhorn"})
	if err != nil {
		t.Fatal(err)
	}
	var got []extract.ArticleID
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	if diff := cmp.Diff(ids(urlGifhorn, urlBuerger), got); diff != "" {
		t.Errorf("Search(Gifhorn) order (-want +got)\n%s", diff)
	}
	if len(res.Hits) == 2 && !(res.Hits[0].Score > res.Hits[1].Score) {
		t.Errorf("scores %v, %v: want the first higher", res.Hits[0].Score, res.Hits[1].Score)
	}
}

func TestSearchHits(t *testing.T) {
	ix := corpusIndex(t)
	res, err := ix.Search(context.Background(), index.Query{Text: "Gifhorn", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("Search(Gifhorn, limit 1): %d hits, want 1", len(res.Hits))
	}
	h := res.Hits[0]
	a := stored(gifhornArticle())
	want := index.Hit{
		ID: a.ID, URL: a.URL, Title: a.Title, Kicker: a.Kicker, Site: a.Site, Published: a.Published,
		Cooperation: true, Events: a.Events, Score: h.Score, Fragments: h.Fragments,
	}
	if diff := cmp.Diff(want, h); diff != "" {
		t.Errorf("hit (-want +got)\n%s", diff)
	}
	if frags := strings.Join(h.Fragments["title"], " "); !strings.Contains(frags, "<mark>Gifhorn</mark>") {
		t.Errorf("title fragments %q: want Gifhorn in <mark>", frags)
	}
	if frags := strings.Join(h.Fragments["text"], " "); !strings.Contains(frags, "<mark>Gifhorn</mark>") {
		t.Errorf("text fragments %q: want Gifhorn in <mark>", frags)
	}
}

func TestSearchFragmentsAreEscaped(t *testing.T) {
	ix := mustOpenIndex(t)
	a := buergerArticle()
	a.Text = `Das <script>alert(1)</script> Bürgeramt & mehr.`
	mustPut(t, ix, a)
	res, err := ix.Search(context.Background(), index.Query{Text: "Bürgeramt"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("Search: %d hits, %v", len(res.Hits), err)
	}
	got := strings.Join(res.Hits[0].Fragments["text"], " ")
	if strings.Contains(got, "<script>") || !strings.Contains(got, "&lt;script&gt;") || !strings.Contains(got, "<mark>Bürgeramt</mark>") {
		t.Errorf("fragment %q: want the text HTML-escaped and the match in <mark>", got)
	}
}

func TestSearchFilters(t *testing.T) {
	ix := corpusIndex(t)
	tests := []struct {
		name string
		q    index.Query
		want []extract.ArticleID
	}{
		{"one value", index.Query{States: []string{"Niedersachsen"}}, ids(urlGifhorn, urlPortal)},
		{"OR within a facet", index.Query{Partners: []string{"Landkreis Gifhorn", "Stadt München"}}, ids(urlGifhorn, urlBayern)},
		{"AND across facets", index.Query{Kinds: []string{"stadt"}, States: []string{"Niedersachsen"}}, ids(urlGifhorn)},
		{"AND and OR", index.Query{Kinds: []string{"stadt", "land"}, Types: []string{"joined", "extended"}}, ids(urlGifhorn, urlDataport)},
		{"AND with no overlap", index.Query{States: []string{"Bayern"}, Types: []string{"joined"}}, nil},
		{"filter is exact", index.Query{Partners: []string{"Gifhorn"}}, nil},
		{"person", index.Query{People: []string{"Thomas Walter"}}, ids(urlGifhorn)},
		{"keyword", index.Query{Keywords: []string{"Zweckverband"}}, ids(urlBayern)},
		{"site", index.Query{Sites: []string{"egovernment.de"}}, ids(urlBayern)},
		{"status", index.Query{Statuses: []string{"pending"}}, ids(urlGifhorn, urlBayern, urlPortal, urlDataport)},
		{"years", index.Query{Years: []int{2020, 2022}}, ids(urlBayern, urlBuerger)},
		{"cooperation", index.Query{Cooperation: true}, ids(urlGifhorn, urlBayern, urlPortal, urlDataport)},
		{"text and filter", index.Query{Text: "Landkreis", States: []string{"Bayern"}}, ids(urlBayern)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := searchIDs(t, ix, tt.q)
			if diff := cmp.Diff(sorted(tt.want), sorted(got)); diff != "" {
				t.Errorf("Search(%+v) (-want +got)\n%s", tt.q, diff)
			}
		})
	}
}

func TestSearchDateRange(t *testing.T) {
	ix := corpusIndex(t)
	tests := []struct {
		from, to extract.Date
		want     []extract.ArticleID
	}{
		{"2021", "2021", ids(urlGifhorn, urlPortal)},                        // 2021-04-29 and 2021-06
		{"2021-05", "", ids(urlPortal, urlBuerger)},                         // 2021-06 counts from its first day
		{"", "2021-04", ids(urlBayern, urlGifhorn)},                         // To includes all of April
		{"2021-04-29", "2021-04-29", ids(urlGifhorn)},                       // one day
		{"2021-04-30", "2021-05-31", nil},                                   // none
		{"1900", "2199", ids(urlBayern, urlGifhorn, urlPortal, urlBuerger)}, // undated articles never match a range
	}
	for _, tt := range tests {
		got := searchIDs(t, ix, index.Query{From: tt.from, To: tt.to})
		if diff := cmp.Diff(sorted(tt.want), sorted(got)); diff != "" {
			t.Errorf("Search(from %q to %q) (-want +got)\n%s", tt.from, tt.to, diff)
		}
	}
}

func TestSearchFacets(t *testing.T) {
	ix := corpusIndex(t)
	res, err := ix.Search(context.Background(), index.Query{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]index.FacetCount{
		"partner": {
			{"Dataport", 1}, {"Land Schleswig-Holstein", 1}, {"Landkreis Ebersberg", 1}, {"Landkreis Gifhorn", 1},
			{"Landkreis Harburg", 1}, {"Landkreis Stade", 1}, {"Stadt München", 1}, {"Stadt Wolfsburg", 1},
		},
		"kind":    {{"landkreis", 3}, {"stadt", 2}, {"it-dienstleister", 1}, {"land", 1}},
		"state":   {{"Niedersachsen", 2}, {"Bayern", 1}, {"Schleswig-Holstein", 1}},
		"person":  {{"Belit Onay", 1}, {"Thomas Walter", 1}},
		"keyword": {{"Bürgerservice", 1}, {"Gifhorn", 1}, {"IT", 1}, {"Kooperation", 1}, {"Politik", 1}, {"Zweckverband", 1}},
		"type":    {{"extended", 1}, {"founded", 1}, {"joined", 1}, {"planned", 1}},
		"year":    {{"2021", 2}, {"2020", 1}, {"2022", 1}},
		"site":    {{"kommune21.de", 4}, {"egovernment.de", 1}},
		"status":  {{"pending", 4}},
	}
	if diff := cmp.Diff(want, res.Facets); diff != "" {
		t.Errorf("facets (-want +got)\n%s", diff)
	}

	// Facets count the matching articles only.
	res, err = ix.Search(context.Background(), index.Query{States: []string{"Niedersachsen"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]index.FacetCount{{"landkreis", 2}, {"stadt", 1}}, res.Facets["kind"]); diff != "" {
		t.Errorf("kind facet of Niedersachsen (-want +got)\n%s", diff)
	}
}

func TestSearchSortAndPagination(t *testing.T) {
	ix := corpusIndex(t)
	newestFirst := ids(urlBuerger, urlPortal, urlGifhorn, urlBayern, urlDataport) // undated last
	oldestFirst := ids(urlBayern, urlGifhorn, urlPortal, urlBuerger, urlDataport)
	for _, tt := range []struct {
		sort string
		want []extract.ArticleID
	}{{"", newestFirst}, {"-date", newestFirst}, {"date", oldestFirst}} {
		if diff := cmp.Diff(tt.want, searchIDs(t, ix, index.Query{Sort: tt.sort})); diff != "" {
			t.Errorf("Search(sort %q) order (-want +got)\n%s", tt.sort, diff)
		}
	}
	// Text sorted by date instead of relevance.
	if diff := cmp.Diff(ids(urlGifhorn, urlBuerger), searchIDs(t, ix, index.Query{Text: "Gifhorn", Sort: "date"})); diff != "" {
		t.Errorf("Search(Gifhorn, sort date) (-want +got)\n%s", diff)
	}

	var pages []extract.ArticleID
	for offset := 0; offset < 6; offset += 2 {
		r := searchResult(t, ix, index.Query{Limit: 2, Offset: offset})
		if r.Total != 5 {
			t.Errorf("Search(limit 2, offset %d): total %d, want 5", offset, r.Total)
		}
		pages = append(pages, r.IDs...)
	}
	if diff := cmp.Diff(newestFirst, pages); diff != "" {
		t.Errorf("pages of 2 (-want +got)\n%s", diff)
	}
	if r := searchResult(t, ix, index.Query{Offset: 10}); r.Total != 5 || len(r.IDs) != 0 {
		t.Errorf("Search(offset past the end): total %d, %d hits, want 5, 0", r.Total, len(r.IDs))
	}
	if r := searchResult(t, ix, index.Query{Limit: index.MaxLimit}); len(r.IDs) != 5 {
		t.Errorf("Search(limit %d): %d hits, want 5", index.MaxLimit, len(r.IDs))
	}
}

func TestSearchInvalidQuery(t *testing.T) {
	ix := corpusIndex(t)
	tests := []struct {
		name  string
		q     index.Query
		field string
		hint  string // part of the message that tells the user what to do
	}{
		{"parenthesis after field", index.Query{Text: "title:("}, "text", "parentheses are not supported"},
		{"unclosed quote", index.Query{Text: `"unclosed`}, "text", "quote is not closed"},
		{"field without value", index.Query{Text: "foo:"}, "text", `field "foo" has no value`},
		{"colon without field", index.Query{Text: ":gifhorn"}, "text", "colon without a field name"},
		{"boolean operator", index.Query{Text: "Gifhorn AND Wolfsburg"}, "text", `"AND" is not an operator here`},
		{"grouping", index.Query{Text: "(Gifhorn Wolfsburg)"}, "text", "no grouping"},
		{"lone minus", index.Query{Text: "Stadt - Land"}, "text", "go directly before a word"},
		{"unknown field", index.Query{Text: "ort:Gifhorn"}, "text", `there is no field "ort"`},
		{"bad regexp", index.Query{Text: "/[a/"}, "text", "regular expression"},
		{"regexp the index cannot run", index.Query{Text: "/a$/"}, "text", "regular expression"},
		{"numeric range", index.Query{Text: "year:>2020"}, "text", "ranges work on dates only"},
		{"date range on text", index.Query{Text: `title:>"2020-01-01"`}, "text", "published only"},
		{"wildcard alone", index.Query{Text: "*"}, "text", "too general"},
		{"bad fuzziness", index.Query{Text: "gifhorn~x"}, "text", "cannot read the query"},
		{"trailing backslash", index.Query{Text: `gifhorn\`}, "text", "backslash"},
		{"limit too large", index.Query{Limit: 101}, "limit", "from 1 to 100"},
		{"negative limit", index.Query{Limit: -1}, "limit", "from 1 to 100"},
		{"negative offset", index.Query{Offset: -1}, "offset", "from 0 to 10000"},
		{"offset too large", index.Query{Offset: index.MaxOffset + 1}, "offset", "narrow the query"},
		{"sort", index.Query{Sort: "newest"}, "sort", "-date (newest first)"},
		{"from", index.Query{From: "2021-13"}, "from", "2021-04-29"},
		{"to before from", index.Query{From: "2022", To: "2021"}, "to", "not before from"},
		{"year", index.Query{Years: []int{21}}, "years", "1900 to 2199"},
		{"type", index.Query{Types: []string{"merged"}}, "types", "founded, joined"},
		{"status", index.Query{Statuses: []string{"approved"}}, "statuses", "pending, confirmed"},
		{"kind", index.Query{Kinds: []string{"kreis"}}, "kinds", "landkreis"},
		{"facets", index.Query{Facets: "some"}, "facets", "exact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), tt.q)
			var qe *index.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("Search(%+v) error = %v, want a *QueryError", tt.q, err)
			}
			if qe.Field != tt.field || !strings.Contains(qe.Msg, tt.hint) {
				t.Errorf("Search(%+v) = QueryError{Field: %q, Msg: %q}, want field %q and a message containing %q", tt.q, qe.Field, qe.Msg, tt.field, tt.hint)
			}
			if tt.field == "text" && !strings.Contains(qe.Msg, "Accepted: ") {
				t.Errorf("message %q does not state the accepted syntax", qe.Msg)
			}
		})
	}
}

// An editor's rejection takes the event's partners out of filters and
// facets, but the status stays searchable.
func TestSearchRejectedEvent(t *testing.T) {
	ix := corpusIndex(t)
	ctx := context.Background()
	if err := ix.SetEventStatus(ctx, dataportArticle().Events[0].ID, extract.Rejected); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, ix, index.Query{Partners: []string{"Dataport"}}); len(got) != 0 {
		t.Errorf("Search(partner Dataport) after rejection = %v, want nothing", got)
	}
	if diff := cmp.Diff(ids(urlDataport), searchIDs(t, ix, index.Query{Statuses: []string{"rejected"}})); diff != "" {
		t.Errorf("Search(status rejected) (-want +got)\n%s", diff)
	}
	res, err := ix.Search(ctx, index.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]index.FacetCount{{"pending", 3}, {"rejected", 1}}, res.Facets["status"]); diff != "" {
		t.Errorf("status facet (-want +got)\n%s", diff)
	}
}

// Searches run on while articles are stored and the index is rebuilt.
func TestSearchDuringWrites(t *testing.T) {
	ix := corpusIndex(t)
	ctx := context.Background()
	stop := make(chan struct{})
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			for {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				res, err := ix.Search(ctx, index.Query{Text: "Landkreis"})
				if err != nil {
					errs <- err
					return
				}
				if res.Total < 3 {
					errs <- fmt.Errorf("Search(Landkreis) during writes: %d hits, want at least 3", res.Total)
					return
				}
			}
		}()
	}
	for i := range 3 {
		a := buergerArticle()
		a.Title = fmt.Sprintf("Landkreis Nummer %d", i)
		mustPut(t, ix, a)
		if err := ix.Reindex(ctx, nil); err != nil {
			t.Errorf("Reindex: %v", err)
		}
	}
	close(stop)
	for range 2 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestSearchCancelled(t *testing.T) {
	ix := corpusIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, index.Query{Text: "Gifhorn"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search(cancelled ctx) error = %v, want context.Canceled", err)
	}
}

// FuzzSearchText checks that no free text makes Search panic or fail with
// anything but a *QueryError.
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{
		"Gifhorn", "Bürgerämter", `"gemeinsames Serviceportal"`, "+Landkreis -Gifhorn", "title:(", `"unclosed`,
		"foo:", "Koop*", "/[a/", "year:>2020", `published:>="2021-06-01"`, "gifhorn~x", `a\`, "-", "^2", "a^", "x:y:z", "/$0/",
	} {
		f.Add(s)
	}
	ix := corpusIndex(f)
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<10 {
			t.Skip()
		}
		_, err := ix.Search(context.Background(), index.Query{Text: text})
		var qe *index.QueryError
		if err != nil && !errors.As(err, &qe) {
			t.Errorf("Search(%q) error = %v, want nil or a *QueryError", text, err)
		}
	})
}

// dateOrder sorts articles as the date sorts do: by publication date
// (oldest first when asc), undated last, equal dates by ID.
func dateOrder(arts []extract.Article, asc bool) []extract.ArticleID {
	arts = slices.Clone(arts)
	slices.SortFunc(arts, func(a, b extract.Article) int {
		ta, oka := a.Published.Time()
		tb, okb := b.Published.Time()
		switch {
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		case oka && !ta.Equal(tb):
			if asc == ta.Before(tb) {
				return -1
			}
			return 1
		}
		return strings.Compare(string(a.ID), string(b.ID))
	})
	out := make([]extract.ArticleID, len(arts))
	for i, a := range arts {
		out[i] = a.ID
	}
	return out
}

// allMatches returns every article matching q, paging through it.
func allMatches(tb testing.TB, ix *index.Index, q index.Query) []extract.ArticleID {
	tb.Helper()
	q.Facets, q.Sort, q.Limit = index.FacetsNone, index.SortRelevance, index.MaxLimit
	var out []extract.ArticleID
	for q.Offset = 0; ; q.Offset += q.Limit {
		r := searchResult(tb, ix, q)
		out = append(out, r.IDs...)
		if len(r.IDs) < q.Limit {
			return out
		}
	}
}

// expectedFacets counts the facets of arts as document indexes them.
func expectedFacets(arts []extract.Article) map[string][]index.FacetCount {
	counts := map[string]map[string]int{}
	add := func(facet string, terms ...string) {
		if counts[facet] == nil {
			counts[facet] = map[string]int{}
		}
		for _, t := range slices.Compact(slices.Sorted(slices.Values(terms))) {
			if t != "" {
				counts[facet][t]++
			}
		}
	}
	for _, a := range arts {
		var partners, kinds, states, people, types, statuses []string
		for _, p := range a.People {
			people = append(people, p.Name)
		}
		for _, e := range a.Events {
			st := e.Status
			if st == "" {
				st = extract.Pending
			}
			statuses = append(statuses, string(st))
			if st == extract.Rejected {
				continue
			}
			types = append(types, string(e.Type))
			for _, p := range e.Partners {
				partners, kinds, states = append(partners, p.Name), append(kinds, string(p.Kind)), append(states, p.State)
			}
			for _, p := range e.People {
				people = append(people, p.Name)
			}
		}
		add(index.FacetPartner, partners...)
		add(index.FacetKind, kinds...)
		add(index.FacetState, states...)
		add(index.FacetPerson, people...)
		add(index.FacetKeyword, a.Keywords...)
		add(index.FacetType, types...)
		add(index.FacetSite, a.Site)
		add(index.FacetStatus, statuses...)
		if a.Published != "" {
			add(index.FacetYear, string(a.Published[:4]))
		}
	}
	out := map[string][]index.FacetCount{}
	for _, name := range []string{index.FacetPartner, index.FacetKind, index.FacetState, index.FacetPerson, index.FacetKeyword,
		index.FacetType, index.FacetYear, index.FacetSite, index.FacetStatus} {
		var list []index.FacetCount
		for t, c := range counts[name] {
			list = append(list, index.FacetCount{Term: t, Count: c})
		}
		slices.SortFunc(list, func(a, b index.FacetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Term, b.Term)
		})
		out[name] = list[:min(len(list), index.FacetSize)]
	}
	return out
}

// The date sorts read only the newest (oldest) dates when many articles
// match; every page must still be the page of a full sort by date and ID.
func TestSearchDateSortMatchesBruteForce(t *testing.T) {
	const n = 2000
	ix := mustOpenIndex(t)
	arts := index.SearchTestCorpus(n, 3)
	mustPut(t, ix, arts...)
	byID := map[extract.ArticleID]extract.Article{}
	for i := range arts {
		arts[i].ID = extract.NewArticleID(arts[i].URL)
		byID[arts[i].ID] = arts[i]
	}
	pages := []struct{ offset, limit int }{{0, 20}, {0, 100}, {7, 13}, {1900, 100}, {1995, 10}}
	for _, q := range []index.Query{
		{}, {Text: "Verwaltung"}, {Text: "Breitband Cloud"}, {Text: "title:Schulen"},
		{States: []string{"Hessen"}}, {Years: []int{2019}}, {From: "2017-06", To: "2018"}, {Cooperation: true},
	} {
		var matching []extract.Article
		for _, id := range allMatches(t, ix, q) {
			matching = append(matching, byID[id])
		}
		if len(matching) == 0 {
			t.Fatalf("Search(%+v) finds nothing: the test needs matches", q)
		}
		for _, sort := range []string{index.SortDate, index.SortDateDesc} {
			want := dateOrder(matching, sort == index.SortDate)
			for _, pg := range pages {
				q := q
				q.Sort, q.Offset, q.Limit = sort, pg.offset, pg.limit
				got := searchResult(t, ix, q)
				if got.Total != uint64(len(matching)) {
					t.Errorf("Search(%+v): total %d, want %d", q, got.Total, len(matching))
				}
				w := want[min(pg.offset, len(want)):min(pg.offset+pg.limit, len(want))]
				if diff := cmp.Diff(w, got.IDs, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("Search(%+v) (-sorted by date and ID +got)\n%s", q, diff)
				}
			}
		}
	}

	// Facets up to FacetExactMax matches are exact counts.
	for _, q := range []index.Query{{}, {States: []string{"Hessen"}}, {Years: []int{2019}}} {
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var matching []extract.Article
		for _, id := range allMatches(t, ix, q) {
			matching = append(matching, byID[id])
		}
		if diff := cmp.Diff(expectedFacets(matching), res.Facets, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Search(%+v) facets (-counted +got)\n%s", q, diff)
		}
		if res.FacetsEstimated || res.FacetSample != res.Total {
			t.Errorf("Search(%+v): FacetsEstimated %v, FacetSample %d of %d: want exact", q, res.FacetsEstimated, res.FacetSample, res.Total)
		}
	}
}

func TestSearchWithoutFacets(t *testing.T) {
	ix := corpusIndex(t)
	res, err := ix.Search(context.Background(), index.Query{Facets: index.FacetsNone})
	if err != nil {
		t.Fatal(err)
	}
	if res.Facets != nil || res.FacetsEstimated || res.FacetSample != 0 || res.Total != 5 || len(res.Hits) != 5 {
		t.Errorf("Search(facets none) = facets %v, estimated %v, sample %d, total %d, %d hits; want no facets and all 5 hits",
			res.Facets, res.FacetsEstimated, res.FacetSample, res.Total, len(res.Hits))
	}
}
