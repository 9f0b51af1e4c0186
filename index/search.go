package index

import (
	"context"
	"fmt"
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

// Sort orders of a Query. Articles of the same date come in the order of
// their IDs, so a listing by date pages the same way whenever it is asked.
const (
	// SortRelevance: best match first; the default with Text. Articles that
	// score the same come in index order (roughly the order they were
	// stored), which is fixed while the index does not change. Without Text
	// every article scores the same and SortRelevance lists newest first,
	// as SortDateDesc.
	SortRelevance = "relevance"
	SortDate      = "date"  // oldest first; articles without a date last
	SortDateDesc  = "-date" // newest first; articles without a date last; the default without Text
)

// Facet counting of a Query (Query.Facets).
const (
	// FacetsAuto counts facets exactly among up to FacetExactMax matching
	// articles and estimates them from a systematic sample of about
	// FacetSampleSize of them when more match (Result.FacetsEstimated).
	FacetsAuto = ""
	// FacetsExact counts facets among all matching articles however many
	// match (a few milliseconds more for a query matching 200,000).
	FacetsExact = "exact"
	// FacetsNone computes no facets: Result.Facets is nil.
	FacetsNone = "none"
)

// Facet estimation: above FacetExactMax matching articles, FacetsAuto counts
// every k-th matching article in index order (k = Total/FacetSampleSize
// rounded up) and scales the counts by Total/FacetSample. A term's share
// p among the matching articles is then estimated with a relative
// standard error of about sqrt((1-p)/(FacetSample·p)), as for a random
// sample: ±2 % for p = 10 %, ±6 % for p = 1 %, ±20 % for p = 0.1 %.
const (
	FacetExactMax   = 50000
	FacetSampleSize = 25000
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

	Facets string // FacetsAuto (""), FacetsExact or FacetsNone
}

// Result is one page of hits with the facets of all matching articles.
type Result struct {
	Total uint64 // articles matching, on all pages; always exact
	Hits  []Hit  // this page, in the exact order asked for
	// Facets holds per facet name (FacetPartner, ...) the FacetSize most
	// frequent terms among all matching articles, most frequent first
	// (equal counts by term). The counts are exact unless FacetsEstimated.
	// Nil with FacetsNone.
	Facets map[string][]FacetCount
	// FacetsEstimated is true when the facet counts are estimates from a
	// sample of FacetSample of the Total matching articles (see
	// FacetExactMax): the terms are those most frequent in the sample, and
	// each count is the term's count in the sample times
	// Total/FacetSample, rounded. Filtering for a term gives its exact
	// count as the Total of that search.
	FacetsEstimated bool
	FacetSample     uint64        // matching articles the facets were counted in: Total unless FacetsEstimated
	Took            time.Duration // time spent searching and loading the hits
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
	Score       float64         // relevance; comparable only within one Result; 1 for every hit without Text
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
// Text, a Limit or Offset out of range, an unknown Sort or Facets, a bad
// date, type, status or kind), and stops when ctx is done.
//
// Search does not sort all matching articles: it finds the page's hits by
// score in one pass over the matches, or by date among the newest (oldest)
// articles, widening the dates until the page is full; the hits are
// exactly those a full sort would put on the page (see search_exec.go).
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	start := time.Now()
	p, err := newPlan(q)
	if err != nil {
		return Result{}, err
	}
	return ix.search(ctx, p, start)
}

func (ix *Index) search(ctx context.Context, p *plan, start time.Time) (Result, error) {
	q := Query{Text: p.text}
	rdb, bl, release, err := ix.reader()
	if err != nil {
		return Result{}, err
	}
	defer release()
	f, err := find(ctx, bl, &ix.cols, p)
	if err != nil {
		return Result{}, fmt.Errorf("search %q: %w", q.Text, err)
	}
	out := Result{Total: f.total, Hits: make([]Hit, 0, len(f.hits)), Facets: f.facets,
		FacetsEstimated: f.facets != nil && f.sample < f.total, FacetSample: f.sample}
	ids := make([]extract.ArticleID, len(f.hits))
	for i, h := range f.hits {
		ids[i] = extract.ArticleID(h.id)
	}
	arts, err := loadArticles(ctx, rdb, ids)
	if err != nil {
		return Result{}, fmt.Errorf("search %q: load hits: %w", q.Text, err)
	}
	byID := make(map[extract.ArticleID]extract.Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	for _, h := range f.hits {
		a, ok := byID[extract.ArticleID(h.id)]
		if !ok {
			continue // deleted from the store since; cannot happen while one process owns both
		}
		out.Hits = append(out.Hits, Hit{
			ID: a.ID, URL: a.URL, Title: a.Title, Kicker: a.Kicker, Site: a.Site,
			Published: a.Published, Cooperation: a.Cooperation, Events: a.Events,
			Score: h.score, Fragments: fragments(h.fragments),
		})
	}
	out.Took = time.Since(start)
	return out, nil
}

// plan is a checked Query, ready to run.
type plan struct {
	text   string      // Text, trimmed
	sort   string      // SortRelevance (only with text), SortDate or SortDateDesc
	limit  int         // 1 to MaxLimit
	offset int         // 0 to MaxOffset
	facets string      // FacetsAuto, FacetsExact or FacetsNone
	query  query.Query // the articles matching, scored as the hits are scored
	// match finds the same articles as query, without scores, the
	// cheapest way: filters alone drive a conjunction instead of testing
	// every article of the index.
	match query.Query
	// With text and filters, query is Bleve's boolean query that tests
	// the filters on every match of the text; text and filters are its
	// two parts, so that Search can step through both (see matchRange).
	textQuery, filter query.Query

	exactMax, sampleSize int // FacetExactMax and FacetSampleSize; tests lower them
	parallelMin          int // parallelMin; tests lower it
}

// newPlan checks q and builds its queries.
func newPlan(q Query) (*plan, error) {
	p := &plan{limit: q.Limit, offset: q.Offset, facets: q.Facets, text: strings.TrimSpace(q.Text),
		exactMax: FacetExactMax, sampleSize: FacetSampleSize, parallelMin: parallelMin}
	switch {
	case p.limit == 0:
		p.limit = DefaultLimit
	case p.limit < 0 || p.limit > MaxLimit:
		return nil, &QueryError{Field: "limit", Query: strconv.Itoa(q.Limit), Msg: fmt.Sprintf("want a number of hits from 1 to %d", MaxLimit)}
	}
	if q.Offset < 0 || q.Offset > MaxOffset {
		return nil, &QueryError{Field: "offset", Query: strconv.Itoa(q.Offset), Msg: fmt.Sprintf("want a number of hits to skip from 0 to %d; narrow the query to reach later hits", MaxOffset)}
	}
	switch q.Sort {
	case "":
		p.sort = SortDateDesc
		if p.text != "" {
			p.sort = SortRelevance
		}
	case SortRelevance:
		p.sort = SortRelevance
		if p.text == "" {
			p.sort = SortDateDesc // every article scores the same
		}
	case SortDate, SortDateDesc:
		p.sort = q.Sort
	default:
		return nil, &QueryError{Field: "sort", Query: q.Sort, Msg: "want relevance (best match first), date (oldest first) or -date (newest first)"}
	}
	switch q.Facets {
	case FacetsAuto, FacetsExact, FacetsNone:
	default:
		return nil, &QueryError{Field: "facets", Query: q.Facets, Msg: "want exact (count among all matching articles), none, or nothing (exact up to " + strconv.Itoa(FacetExactMax) + " matching articles, estimated above)"}
	}

	fq, err := filters(q)
	if err != nil {
		return nil, err
	}
	p.query, p.match = query.NewMatchAllQuery(), query.NewMatchAllQuery()
	if p.text != "" || len(fq) > 0 {
		b := query.NewBooleanQuery(nil, nil, nil)
		var tq query.Query
		if p.text != "" {
			if tq, err = parseText(p.text); err != nil {
				return nil, err
			}
			b.AddMust(tq)
		}
		// Filters select without scoring, so they leave the ranking of
		// the text alone.
		if len(fq) > 0 {
			b.AddFilter(query.NewConjunctionQuery(fq))
		}
		p.query, p.match = b, b
		switch {
		case p.text == "":
			p.match = query.NewConjunctionQuery(fq)
		case len(fq) > 0:
			p.match = query.NewConjunctionQuery([]query.Query{b.Must, b.Filter})
			p.textQuery, p.filter = tq, b.Filter
		default:
			// Bleve searches a boolean query of one must clause as that
			// clause, with the same scores (see simplify).
			p.query, p.match = tq, tq
		}
	}
	return p, nil
}

// searchRequest checks q and builds the Bleve request that sorts all
// matching articles in q's order: what Search returns, the slow way.
// Export uses it, and the tests compare Search with it.
func searchRequest(q Query) (*bleve.SearchRequest, error) {
	p, err := newPlan(q)
	if err != nil {
		return nil, err
	}
	published := func(desc bool) *search.SortField {
		return &search.SortField{Field: fPublished, Desc: desc, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast}
	}
	var order search.SortOrder
	switch p.sort {
	case SortRelevance:
		// Bleve breaks ties of the sort in index order.
		order = search.SortOrder{&search.SortScore{Desc: true}}
	case SortDate:
		order = search.SortOrder{published(false), &search.SortDocID{}}
	case SortDateDesc:
		order = search.SortOrder{published(true), &search.SortDocID{}}
	}
	req := bleve.NewSearchRequestOptions(p.query, p.limit, p.offset, false)
	req.SortByCustom(order)
	if p.text != "" {
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
