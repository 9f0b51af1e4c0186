package index

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/coopwatch/coopwatch/extract"
)

// Limits of a Query.
const (
	DefaultLimit = 20    // hits per page when Query.Limit is 0
	MaxLimit     = 100   // the largest Query.Limit
	MaxOffset    = 10000 // the largest Query.Offset: deeper pages cost too much; narrow the query instead
	FacetSize    = 20    // terms per facet
)

// Sort orders of a Query.
const (
	SortRelevance = "relevance" // best match first, then newest; the default with Text
	SortDate      = "date"      // oldest first; articles without a date last
	SortDateDesc  = "-date"     // newest first; articles without a date last; the default without Text
)

// Facet names: the keys of Result.Facets.
const (
	FacetPartner = "partner"
	FacetKind    = "kind"
	FacetState   = "state"
	FacetPerson  = "person"
	FacetKeyword = "keyword"
	FacetType    = "type"
	FacetYear    = "year"
	FacetSite    = "site"
	FacetStatus  = "status"
)

// facetFields maps facet names to document fields.
var facetFields = map[string]string{
	FacetPartner: fPartner, FacetKind: fKind, FacetState: fState, FacetPerson: fPerson,
	FacetKeyword: fKeyword, FacetType: fType, FacetYear: fYear, FacetSite: fSite, FacetStatus: fStatus,
}

// Query is a search. Filters are ANDed across fields and ORed within one:
// Partners {A, B} and States {S} finds articles with partner A or B and
// a partner in S. Filters match the article as a whole: an article passes
// Partners {A} and Kinds {k} when any of its events has partner A and any
// has a partner of kind k. Partners, kinds, states, people and types of
// events an editor rejected do not count.
type Query struct {
	// Text is a free-text query in the syntax QuerySyntax describes; ""
	// matches every article.
	Text string

	Partners []string // partner names, exactly as stored ("Landkreis Gifhorn"); see Result.Facets["partner"]
	Kinds    []string // partner kinds (extract.PartnerKind values)
	States   []string // Länder of partners ("Niedersachsen")
	People   []string // names of people in the article or its events
	Keywords []string // the site's keywords
	Types    []string // event types (extract.EventType values)
	Sites    []string // sites ("kommune21.de")
	Statuses []string // review statuses of events (extract.Status values)
	Years    []int    // years of publication

	// From and To bound the publication date, both inclusive and at their
	// precision: To "2021" includes all of 2021. Articles without a date
	// are left out when either is set.
	From, To extract.Date

	// Cooperation, when true, keeps only articles reporting a cooperation.
	Cooperation bool

	Sort   string // SortRelevance, SortDate, SortDateDesc or "" for the default
	Limit  int    // hits per page: 1 to MaxLimit; 0 means DefaultLimit
	Offset int    // hits to skip: 0 to MaxOffset
}

// Result is one page of hits with the facets of all matching articles.
type Result struct {
	Total  uint64                  // articles matching, on all pages
	Hits   []Hit                   // this page
	Facets map[string][]FacetCount // per facet name (FacetPartner, ...), the most frequent terms among all matching articles, most frequent first
	Took   time.Duration           // time spent searching and loading the hits
}

// Hit is one matching article, loaded from the store.
type Hit struct {
	ID          extract.ArticleID
	URL         string
	Title       string
	Kicker      string
	Site        string
	Published   extract.Date
	Cooperation bool
	Events      []extract.Event // as they stand, reviewed versions included
	Score       float64         // relevance; comparable only within one Result
	// Fragments are highlighted passages of "title" and "text" (only with
	// Text): HTML-escaped text with the matched words in <mark> tags.
	Fragments map[string][]string
}

// FacetCount is a facet term and the number of matching articles with it.
type FacetCount struct {
	Term  string
	Count int
}

// Search runs q. It returns a *QueryError when q is invalid (a malformed
// Text, a Limit or Offset out of range, an unknown Sort, a bad date,
// type, status or kind), and stops when ctx is done.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	start := time.Now()
	req, err := searchRequest(q)
	if err != nil {
		return Result{}, err
	}
	rdb, bl, release, err := ix.reader()
	if err != nil {
		return Result{}, err
	}
	defer release()
	res, err := bl.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("search %q: %w", q.Text, err)
	}
	out := Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits)), Facets: facets(res.Facets)}
	ids := make([]extract.ArticleID, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = extract.ArticleID(h.ID)
	}
	arts, err := loadArticles(ctx, rdb, ids)
	if err != nil {
		return Result{}, fmt.Errorf("search %q: load hits: %w", q.Text, err)
	}
	byID := make(map[extract.ArticleID]extract.Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	for _, h := range res.Hits {
		a, ok := byID[extract.ArticleID(h.ID)]
		if !ok {
			continue // deleted from the store since; cannot happen while one process owns both
		}
		out.Hits = append(out.Hits, Hit{
			ID: a.ID, URL: a.URL, Title: a.Title, Kicker: a.Kicker, Site: a.Site,
			Published: a.Published, Cooperation: a.Cooperation, Events: a.Events,
			Score: h.Score, Fragments: fragments(h.Fragments),
		})
	}
	out.Took = time.Since(start)
	return out, nil
}

// searchRequest checks q and builds its Bleve request.
func searchRequest(q Query) (*bleve.SearchRequest, error) {
	limit := q.Limit
	switch {
	case limit == 0:
		limit = DefaultLimit
	case limit < 0 || limit > MaxLimit:
		return nil, &QueryError{Field: "limit", Query: strconv.Itoa(q.Limit), Msg: fmt.Sprintf("want a number of hits from 1 to %d", MaxLimit)}
	}
	if q.Offset < 0 || q.Offset > MaxOffset {
		return nil, &QueryError{Field: "offset", Query: strconv.Itoa(q.Offset), Msg: fmt.Sprintf("want a number of hits to skip from 0 to %d; narrow the query to reach later hits", MaxOffset)}
	}
	text := strings.TrimSpace(q.Text)
	sortBy := q.Sort
	if sortBy == "" {
		sortBy = SortDateDesc
		if text != "" {
			sortBy = SortRelevance
		}
	}
	var order search.SortOrder
	published := func(desc bool) *search.SortField {
		return &search.SortField{Field: fPublished, Desc: desc, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast}
	}
	switch sortBy {
	case SortRelevance:
		order = search.SortOrder{&search.SortScore{Desc: true}, published(true), &search.SortDocID{}}
	case SortDate:
		order = search.SortOrder{published(false), &search.SortDocID{}}
	case SortDateDesc:
		order = search.SortOrder{published(true), &search.SortDocID{}}
	default:
		return nil, &QueryError{Field: "sort", Query: q.Sort, Msg: "want relevance (best match first), date (oldest first) or -date (newest first)"}
	}

	fq, err := filters(q)
	if err != nil {
		return nil, err
	}
	var bq query.Query = query.NewMatchAllQuery()
	if text != "" || len(fq) > 0 {
		b := query.NewBooleanQuery(nil, nil, nil)
		if text != "" {
			tq, err := parseText(text)
			if err != nil {
				return nil, err
			}
			b.AddMust(tq)
		}
		// Filters select without scoring, so they leave the ranking of
		// the text alone.
		if len(fq) > 0 {
			b.AddFilter(query.NewConjunctionQuery(fq))
		}
		bq = b
	}

	req := bleve.NewSearchRequestOptions(bq, limit, q.Offset, false)
	req.SortByCustom(order)
	for name, field := range facetFields {
		req.AddFacet(name, bleve.NewFacetRequest(field, FacetSize))
	}
	if text != "" {
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		req.Highlight.AddField(fTitle)
		req.Highlight.AddField(fText)
	}
	return req, nil
}

// filters returns the filter queries of q: one per field, each an OR of
// its values.
func filters(q Query) ([]query.Query, error) {
	for _, c := range []struct {
		field string
		vals  []string
		valid func(string) bool
		want  string
	}{
		{"types", q.Types, func(s string) bool { return extract.EventType(s).Valid() }, "founded, joined, extended, ended or planned"},
		{"statuses", q.Statuses, func(s string) bool { return extract.Status(s).Valid() }, "pending, confirmed, corrected or rejected"},
		{"kinds", q.Kinds, func(s string) bool { return extract.PartnerKind(s).Valid() }, "gemeinde, stadt, landkreis, land, bund, behoerde, it-dienstleister, verband, unternehmen or sonstige"},
	} {
		for _, v := range c.vals {
			if !c.valid(v) {
				return nil, &QueryError{Field: c.field, Query: v, Msg: "want " + c.want}
			}
		}
	}
	years := make([]string, len(q.Years))
	for i, y := range q.Years {
		if y < 1900 || y > 2199 {
			return nil, &QueryError{Field: "years", Query: strconv.Itoa(y), Msg: "want a year from 1900 to 2199"}
		}
		years[i] = strconv.Itoa(y)
	}

	var out []query.Query
	for _, c := range []struct {
		field string
		vals  []string
	}{
		{fPartner, q.Partners}, {fKind, q.Kinds}, {fState, q.States}, {fPerson, q.People},
		{fKeyword, q.Keywords}, {fType, q.Types}, {fSite, q.Sites}, {fStatus, q.Statuses}, {fYear, years},
	} {
		if len(c.vals) == 0 {
			continue
		}
		terms := make([]query.Query, len(c.vals))
		for i, v := range c.vals {
			t := query.NewTermQuery(v)
			t.SetField(c.field)
			terms[i] = t
		}
		if len(terms) == 1 {
			out = append(out, terms[0])
		} else {
			out = append(out, query.NewDisjunctionQuery(terms))
		}
	}
	if q.Cooperation {
		b := query.NewBoolFieldQuery(true)
		b.SetField(fCooperation)
		out = append(out, b)
	}
	dq, err := dateRange(q.From, q.To)
	if err != nil {
		return nil, err
	}
	if dq != nil {
		out = append(out, dq)
	}
	return out, nil
}

// dateRange returns the query for publication dates from from to to, both
// inclusive at their precision, or nil when both are zero.
func dateRange(from, to extract.Date) (query.Query, error) {
	if from.IsZero() && to.IsZero() {
		return nil, nil
	}
	var start, end time.Time
	if !from.IsZero() {
		t, ok := from.Time()
		if !ok {
			return nil, &QueryError{Field: "from", Query: string(from), Msg: "want a date like 2021-04-29, 2021-04 or 2021"}
		}
		start = t
	}
	if !to.IsZero() {
		t, ok := to.Time()
		if !ok {
			return nil, &QueryError{Field: "to", Query: string(to), Msg: "want a date like 2021-04-29, 2021-04 or 2021"}
		}
		switch to.Precision() {
		case "year":
			end = t.AddDate(1, 0, 0)
		case "month":
			end = t.AddDate(0, 1, 0)
		default:
			end = t.AddDate(0, 0, 1)
		}
		if !start.IsZero() && !end.After(start) {
			return nil, &QueryError{Field: "to", Query: string(to), Msg: fmt.Sprintf("want a date not before from (%s)", from)}
		}
	}
	incl, excl := true, false
	dq := query.NewDateRangeInclusiveQuery(start, end, &incl, &excl)
	dq.SetField(fPublished)
	return dq, nil
}

// facets converts Bleve's facet results, ordering terms of equal count by
// name so that results are stable.
func facets(fr search.FacetResults) map[string][]FacetCount {
	out := make(map[string][]FacetCount, len(fr))
	for name, f := range fr {
		counts := []FacetCount{}
		if f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				counts = append(counts, FacetCount{Term: t.Term, Count: t.Count})
			}
		}
		slices.SortStableFunc(counts, func(a, b FacetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Term, b.Term)
		})
		out[name] = counts
	}
	return out
}

// fragments keeps the highlighted fragments of title and text.
func fragments(f search.FieldFragmentMap) map[string][]string {
	if len(f) == 0 {
		return nil
	}
	out := make(map[string][]string, len(f))
	for name, frags := range f {
		if len(frags) > 0 {
			out[name] = frags
		}
	}
	return out
}
