package index

// How Search finds a page without sorting every match.
//
// Bleve's own search sorts with its collector, which reads the doc values
// of every matching document for each sort field and facet (about 3.5 µs
// per hit with the nine facets, so 0.8 s for a query matching every
// article of 220,000) and the stored ID of every hit for an ID tie-break.
// find gets the same page cheaper, on one index snapshot:
//
//  1. One pass over the matching documents (a Bleve searcher, iterated
//     here) collects their internal numbers, in index order, and, for
//     SortRelevance, keeps the best Offset+Limit by score (ties in index
//     order, as Bleve breaks them). Total is the number of matches: exact.
//  2. For the date sorts, one pass over the matches' dates (from the
//     columns, search_columns.go) finds the date of the Offset+Limit-th,
//     a second keeps the matches dated no later (earlier) than it. Dates
//     tied across the page are ordered by ID, as SortDocID does.
//  3. Facets are counted from the columns, among all matches up to
//     FacetExactMax and among a systematic sample above it (facet.go).
//  4. The page's documents get their scores and highlighted fragments
//     from the query's searcher advanced to just them.
//
// The tests compare find with Bleve's full sort (searchRequest) and with a
// sort of the stored articles.

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// checkEvery is how many documents a loop handles between looks at its
// context, as Bleve's collector does.
const checkEvery = 1024

// found is the outcome of find.
type found struct {
	total  uint64
	hits   []pageHit // the page, in order
	facets map[string][]FacetCount
	sample uint64 // matches the facets were counted in
}

type pageHit struct {
	id        string
	score     float64
	fragments search.FieldFragmentMap
}

// run is one search on one snapshot of the index.
type run struct {
	ctx  context.Context
	r    bindex.IndexReader
	m    mapping.IndexMapping
	cols *columns
	p    *plan
}

// find runs p on a snapshot of bl, whose columns cache holds.
func find(ctx context.Context, bl bleve.Index, cache *columnCache, p *plan) (f found, err error) {
	if err := ctx.Err(); err != nil {
		return f, err
	}
	adv, err := bl.Advanced()
	if err != nil {
		return f, err
	}
	r, err := adv.Reader()
	if err != nil {
		return f, err
	}
	defer func() {
		if cerr := r.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	x := &run{ctx: scoringContext(ctx, bl.Mapping()), r: r, m: bl.Mapping(), p: p}
	need := p.offset + p.limit
	docs, top, err := x.matches(need)
	if err != nil {
		return f, err
	}
	if p.sort != SortRelevance || p.facets != FacetsNone {
		if x.cols, err = cache.of(r); err != nil {
			return f, err
		}
	}
	f.total = uint64(len(docs))

	var nums []uint64
	var ids []string
	if p.sort == SortRelevance {
		for _, h := range top[min(p.offset, len(top)):] {
			nums = append(nums, h.num)
		}
		if ids, err = x.externalIDs(nums); err != nil {
			return f, err
		}
	} else if nums, ids, err = x.byDate(docs, p.sort == SortDate, p.offset, need); err != nil {
		return f, err
	}
	if f.facets, f.sample, err = x.facets(docs); err != nil {
		return f, err
	}
	f.hits, err = x.decorate(nums, ids)
	return f, err
}

// scoringContext tells Bleve's searchers the scoring model of the mapping,
// as its own search does.
func scoringContext(ctx context.Context, m mapping.IndexMapping) context.Context {
	model := bindex.DefaultScoringModel
	if im, ok := m.(*mapping.IndexMappingImpl); ok && im.ScoringModel != "" {
		model = im.ScoringModel
	}
	return context.WithValue(ctx, search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return model }))
}

// scored is a document and its score.
type scored struct {
	num   uint64
	score float64
}

// better orders by score, best first, then in index order.
func better(a, b scored) bool {
	return a.score > b.score || a.score == b.score && a.num < b.num
}

// Parallel matching: an index of at least ParallelMin documents is cut
// into two ranges of document numbers that two goroutines search at once.
// Scores do not depend on the range (they use index-wide statistics), so
// the outcome is that of one pass.
const parallelMin = 50000

// matches returns the internal numbers of all matching documents in index
// order and, when sorting by relevance, the best n of them, best first.
func (x *run) matches(n int) ([]uint64, []scored, error) {
	var size uint64
	if snap, ok := x.r.(*scorch.IndexSnapshot); ok {
		for _, ss := range snap.Segments() {
			size += ss.Segment().Count()
		}
	}
	if size < uint64(x.p.parallelMin) {
		var docs []uint64
		if size > 0 {
			docs = make([]uint64, 0, size)
		}
		return x.matchRange(0, math.MaxUint64, n, docs)
	}
	// The matches of both ranges go into one array: a range cannot match
	// more documents than it numbers, so each has its part of buf.
	buf := make([]uint64, size)
	cut := []uint64{0, size / 2, math.MaxUint64}
	docs := make([][]uint64, len(cut)-1)
	tops := make([][]scored, len(cut)-1)
	errs := make([]error, len(cut)-1)
	var wg sync.WaitGroup
	for i := range docs {
		part := buf[cut[i]:cut[i]:min(cut[i+1], size)]
		wg.Go(func() { docs[i], tops[i], errs[i] = x.matchRange(cut[i], cut[i+1], n, part) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	best := bestOf[scored]{n: n, better: better}
	for _, t := range tops {
		for _, h := range t {
			best.push(h)
		}
	}
	all := docs[0]
	for _, d := range docs[1:] {
		if len(d) > 0 && &d[0] != &buf[len(all)] {
			copy(buf[len(all):], d) // moves d down behind the matches before it
		}
		all = buf[:len(all)+len(d)]
	}
	return all, best.sorted(), nil
}

// matchRange is matches for the documents numbered from lo to hi-1,
// appended to docs (which, when not nil, has room for them all).
func (x *run) matchRange(lo, hi uint64, n int, docs []uint64) (_ []uint64, top []scored, err error) {
	scoring := x.p.sort == SortRelevance
	q, opts := x.p.match, search.SearcherOptions{Score: "none"}
	if scoring {
		q, opts = x.p.query, search.SearcherOptions{}
		if x.p.textQuery != nil {
			return x.matchFiltered(lo, hi, n, docs)
		}
	}
	s, err := q.Searcher(withNormCache(x.ctx), x.r, x.m, opts)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if cerr := s.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: x.r}
	if docs == nil {
		docs = make([]uint64, 0, min(s.Count(), 1<<20))
	}
	best := bestOf[scored]{n: n, better: better}
	var d *search.DocumentMatch
	if lo > 0 {
		d, err = s.Advance(sctx, bindex.NewIndexInternalID(nil, lo))
	} else {
		d, err = s.Next(sctx)
	}
	for i := 0; err == nil && d != nil; i++ {
		if i%checkEvery == 0 {
			if err := x.ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		num := d.IndexInternalID.Value()
		if num >= hi {
			break
		}
		docs = append(docs, num)
		if scoring {
			best.push(scored{num, d.Score})
		}
		sctx.DocumentMatchPool.Put(d)
		d, err = s.Next(sctx)
	}
	if err != nil {
		return nil, nil, err
	}
	return docs, best.sorted(), nil
}

// matchFiltered is matchRange for text with filters, by relevance. Bleve
// scores every match of the text and tests the filters on each; this
// steps the text and the filters in turn, each skipping to where the other
// is, so that a selective filter saves scoring most of the text's matches.
// The text is scored by the searcher Bleve's boolean query builds for it,
// so the scores are the same.
func (x *run) matchFiltered(lo, hi uint64, n int, docs []uint64) (_ []uint64, top []scored, err error) {
	ts, err := x.p.textQuery.Searcher(withNormCache(x.ctx), x.r, x.m, search.SearcherOptions{})
	if err != nil {
		return nil, nil, err
	}
	text, err := searcher.NewBooleanSearcher(x.ctx, x.r, ts, nil, nil, search.SearcherOptions{})
	if err != nil {
		ts.Close()
		return nil, nil, err
	}
	defer func() {
		if cerr := text.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	filter, err := x.p.filter.Searcher(x.ctx, x.r, x.m, search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if cerr := filter.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(text.DocumentMatchPoolSize()+filter.DocumentMatchPoolSize()+2, 0), IndexReader: x.r}
	best := bestOf[scored]{n: n, better: better}
	var a, b *search.DocumentMatch
	if lo > 0 {
		start := bindex.NewIndexInternalID(nil, lo)
		if a, err = text.Advance(sctx, start); err == nil {
			b, err = filter.Advance(sctx, start)
		}
	} else if a, err = text.Next(sctx); err == nil {
		b, err = filter.Next(sctx)
	}
	for i := 0; err == nil && a != nil && b != nil; i++ {
		if i%checkEvery == 0 {
			if err := x.ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		switch c := a.IndexInternalID.Compare(b.IndexInternalID); {
		case c < 0:
			sctx.DocumentMatchPool.Put(a)
			a, err = text.Advance(sctx, b.IndexInternalID)
		case c > 0:
			sctx.DocumentMatchPool.Put(b)
			b, err = filter.Advance(sctx, a.IndexInternalID)
		default:
			num := a.IndexInternalID.Value()
			if num >= hi {
				return docs, best.sorted(), nil
			}
			docs = append(docs, num)
			best.push(scored{num, a.Score})
			sctx.DocumentMatchPool.Put(a)
			a, err = text.Next(sctx)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	return docs, best.sorted(), nil
}

// bestOf keeps the n best of the values pushed, by better. They form a
// heap with the worst of them at h[0], so that a value no better than
// that costs one comparison.
type bestOf[T any] struct {
	n      int
	better func(a, b T) bool
	h      []T
}

func (b *bestOf[T]) push(v T) {
	switch {
	case len(b.h) < b.n:
		b.h = append(b.h, v)
		b.up(len(b.h) - 1)
	case b.n > 0 && b.better(v, b.h[0]):
		b.h[0] = v
		b.down(0)
	}
}

// full reports whether n values are kept; h[0] is then the n-th best.
func (b *bestOf[T]) full() bool { return len(b.h) == b.n }

// sorted returns the values kept, best first.
func (b *bestOf[T]) sorted() []T {
	slices.SortFunc(b.h, func(x, y T) int {
		switch {
		case b.better(x, y):
			return -1
		case b.better(y, x):
			return 1
		}
		return 0
	})
	return b.h
}

// worse orders the heap: the worst value at the root.
func (b *bestOf[T]) worse(i, j int) bool { return b.better(b.h[j], b.h[i]) }

func (b *bestOf[T]) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !b.worse(i, p) {
			return
		}
		b.h[i], b.h[p] = b.h[p], b.h[i]
		i = p
	}
}

func (b *bestOf[T]) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(b.h) {
			return
		}
		c := l
		if r := l + 1; r < len(b.h) && b.worse(r, l) {
			c = r
		}
		if !b.worse(c, i) {
			return
		}
		b.h[i], b.h[c] = b.h[c], b.h[i]
		i = c
	}
}

// externalIDs returns the article IDs of the documents nums.
func (x *run) externalIDs(nums []uint64) ([]string, error) {
	ids := make([]string, len(nums))
	buf := make([]byte, 8)
	for i, n := range nums {
		id, err := x.r.ExternalID(bindex.NewIndexInternalID(buf, n))
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return ids, nil
}

// dated is a matching document and its publication date (UnixNano, as
// the published field indexes it).
type dated struct {
	num uint64
	t   int64
	id  string // loaded only where the order of equal dates matters
}

// byDate returns the documents and IDs at positions offset to need-1 of
// docs (the matches, in index order) sorted by date, oldest first when
// asc, undated last, equal dates by ID.
func (x *run) byDate(docs []uint64, asc bool, offset, need int) ([]uint64, []string, error) {
	if offset >= len(docs) {
		return nil, nil, nil
	}
	before := func(a, b int64) bool {
		if asc {
			return a < b
		}
		return a > b
	}
	// The best need dates among the matches, the worst of them at the
	// root of the heap.
	top := bestOf[int64]{n: need, better: before, h: make([]int64, 0, need)}
	k := cursor{c: x.cols}
	for i, n := range docs {
		if i%(64*checkEvery) == 0 {
			if err := x.ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		sc, d := k.at(n)
		if t := sc.dates[d]; t != undated {
			top.push(t)
		}
	}
	// The matches dated no later (earlier) than the need-th: the page and
	// all that share its last date; every dated match when fewer.
	full := top.full()
	var cands []dated
	k = cursor{c: x.cols}
	for _, n := range docs {
		sc, d := k.at(n)
		if t := sc.dates[d]; t != undated && (!full || !before(top.h[0], t)) {
			cands = append(cands, dated{num: n, t: t})
		}
	}
	slices.SortFunc(cands, func(a, b dated) int {
		if c := cmp.Compare(a.t, b.t); c != 0 {
			if asc {
				return c
			}
			return -c
		}
		return cmp.Compare(a.num, b.num)
	})
	end := min(need, len(cands))
	// Equal dates are ordered by ID where the page holds one of them.
	var err error
	for i := 0; i < end; {
		j := i + 1
		for j < len(cands) && cands[j].t == cands[i].t {
			j++
		}
		if j > offset {
			g := cands[i:j]
			for k := range g {
				if g[k].id, err = x.externalID(g[k].num); err != nil {
					return nil, nil, err
				}
			}
			slices.SortFunc(g, func(a, b dated) int { return cmp.Compare(a.id, b.id) })
		}
		i = j
	}
	var nums []uint64
	var ids []string
	for _, c := range cands[min(offset, end):end] {
		nums, ids = append(nums, c.num), append(ids, c.id)
	}
	if len(cands) >= need {
		return nums, ids, nil
	}
	// The page reaches the undated matches, which come last by ID.
	var nodate []dated
	k = cursor{c: x.cols}
	for _, n := range docs {
		if sc, d := k.at(n); sc.dates[d] == undated {
			id, err := x.externalID(n)
			if err != nil {
				return nil, nil, err
			}
			nodate = append(nodate, dated{num: n, id: id})
		}
	}
	slices.SortFunc(nodate, func(a, b dated) int { return cmp.Compare(a.id, b.id) })
	from := max(offset-len(cands), 0)
	for _, u := range nodate[min(from, len(nodate)):min(need-len(cands), len(nodate))] {
		nums, ids = append(nums, u.num), append(ids, u.id)
	}
	return nums, ids, nil
}

func (x *run) externalID(num uint64) (string, error) {
	return x.r.ExternalID(bindex.NewIndexInternalID(nil, num))
}

// decorate returns the page's hits with their scores and, with text,
// their highlighted fragments, from the query's searcher advanced to each
// of them: the same scores a full search gives.
func (x *run) decorate(nums []uint64, ids []string) ([]pageHit, error) {
	hits := make([]pageHit, len(nums))
	if len(nums) == 0 {
		return hits, nil
	}
	for i := range hits {
		hits[i].id = ids[i]
	}
	text := x.p.text != ""
	s, err := x.p.query.Searcher(x.ctx, x.r, x.m, search.SearcherOptions{IncludeTermVectors: text})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var (
		hl  highlightFunc
		req *bleve.SearchRequest
	)
	if text {
		h, err := bleve.Config.Cache.HighlighterNamed(html.Name)
		if err != nil {
			return nil, err
		}
		req = bleve.NewSearchRequest(x.p.query)
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		req.Highlight.AddField(fTitle)
		req.Highlight.AddField(fText)
		hl = func(d *search.DocumentMatch) error {
			err, _ := bleve.LoadAndHighlightFields(d, req, "", x.r, h)
			return err
		}
	}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+len(nums), 0), IndexReader: x.r}
	order := make([]int, len(nums))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(nums[a], nums[b]) })
	for _, i := range order {
		id := bindex.NewIndexInternalID(nil, nums[i])
		d, err := s.Advance(sctx, id)
		if err != nil {
			return nil, err
		}
		if d == nil || !d.IndexInternalID.Equals(id) {
			return nil, errors.New("index snapshot changed during the search") // cannot happen: one reader throughout
		}
		hits[i].score = d.Score
		if hl != nil {
			d.ID = ids[i]
			d.Complete(nil)
			if err := hl(d); err != nil {
				return nil, err
			}
			hits[i].fragments = d.Fragments
		}
	}
	return hits, nil
}

type highlightFunc func(*search.DocumentMatch) error
