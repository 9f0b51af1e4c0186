package index

// A word of free text is searched in every free-text field at once (see
// freeFields): a disjunction of one query per field. Bleve scores such a
// disjunction document at a time: for each matching document it compares
// the current document of every field's searcher, sums the scores of those
// on it and steps them on. For a word in most of the articles that
// bookkeeping costs about as much as reading the fields' postings (profile
// of a search for "Verwaltung" at 222,000 articles: 30 % of the time in
// the disjunctions, 33 % in the field searchers).
//
// spreadSearcher gets the same matches with the same scores a window of
// document numbers at a time: it reads each field's searcher through the
// window, adding its scores into an array, then hands out the window's
// documents in order. The scores are Bleve's to the last bit: each field's
// score comes from Bleve's own searcher, the sum is taken in the order
// Bleve's disjunction takes it (its fields ordered by their number of
// matches) and multiplied by the same coordination factor. The tests
// compare it with Bleve's disjunction searcher, match by match.

import (
	"context"
	"math"
	"math/bits"
	"sort"
	"unsafe"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// spreadQuery is the disjunction of parts, the queries of one word in
// several fields, searched by a spreadSearcher where that is the same as
// Bleve's disjunction, else by Bleve's disjunction.
type spreadQuery struct {
	parts []query.Query
}

// Searcher implements query.Query.
func (q *spreadQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	breakdown, _ := ctx.Value(search.IncludeScoreBreakdownKey).(bool)
	// Without scores Bleve's disjunction unions the fields' postings
	// directly, which is faster still; explanations, term locations and
	// score breakdowns (for highlighting and kNN) are its own business;
	// above DisjunctionHeapTakeover fields it sums in another order.
	if opts.Score == "none" || opts.Explain || opts.IncludeTermVectors || breakdown ||
		len(q.parts) > searcher.DisjunctionHeapTakeover {
		return query.NewDisjunctionQuery(q.parts).Searcher(ctx, r, m, opts)
	}
	ss := make([]search.Searcher, 0, len(q.parts))
	for _, part := range q.parts {
		s, err := fieldSearcher(ctx, r, m, opts, part)
		if err != nil {
			for _, s := range ss {
				_ = s.Close()
			}
			return nil, err
		}
		if s != nil {
			ss = append(ss, s)
		}
	}
	if len(ss) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	return newSpreadSearcher(ss), nil
}

// fieldSearcher returns the searcher of part, the query of the word in one
// field. Bleve searches a match query of one word as a disjunction of the
// word's terms (at least one of them), which for a word of one term is
// that term alone with one more step per match; this searches the term
// itself. Its scores are the same: the disjunction's score is the sum of
// the one term's score times 1/1, and its weight the term's weight.
func fieldSearcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions, part query.Query) (search.Searcher, error) {
	mq, ok := part.(*query.MatchQuery)
	if !ok || mq.Fuzziness != 0 || mq.Operator != query.MatchQueryOperatorOr || mq.FieldVal == "" {
		return part.Searcher(ctx, r, m, opts)
	}
	name := mq.Analyzer
	if name == "" {
		name = m.AnalyzerNameForPath(mq.FieldVal)
	}
	a := m.AnalyzerNamed(name)
	if a == nil {
		return part.Searcher(ctx, r, m, opts) // which reports the missing analyzer
	}
	tokens := a.Analyze([]byte(mq.Match))
	if len(tokens) != 1 {
		return part.Searcher(ctx, r, m, opts)
	}
	return searcher.NewTermSearcher(ctx, r, string(tokens[0].Term), mq.FieldVal, mq.BoostVal.Value(), opts)
}

// disjunction is q as Bleve's own disjunction query, for the tests.
func (q *spreadQuery) disjunction() *query.DisjunctionQuery {
	return query.NewDisjunctionQuery(q.parts)
}

// spreadWindow is the number of document numbers a spreadSearcher scores at
// once: its arrays (about 9 KB) stay in the processor's cache.
const spreadWindow = 1024

// spreadSearcher is a disjunction searcher that scores a window of
// documents at a time.
type spreadSearcher struct {
	children []search.Searcher       // ordered as Bleve's disjunction orders them
	currs    []*search.DocumentMatch // each child's current match, nil when done
	nums     []uint64                // the document number of currs[i]; math.MaxUint64 when done
	started  bool

	base uint64                    // the document number of slot 0 of the window
	next int                       // the first slot not handed out yet; spreadWindow when the window is spent
	sum  [spreadWindow]float64     // per slot, the sum of the children's scores
	cnt  [spreadWindow]uint16      // per slot, the number of children matching
	set  [spreadWindow / 64]uint64 // slots with a match
}

func newSpreadSearcher(children []search.Searcher) *spreadSearcher {
	s := &spreadSearcher{
		children: children,
		currs:    make([]*search.DocumentMatch, len(children)),
		nums:     make([]uint64, len(children)),
		next:     spreadWindow,
	}
	// The order in which Bleve's disjunction adds up the scores (sort.Sort
	// of this many elements is an insertion sort, so stable).
	sort.Sort(searcher.OrderedSearcherList(s.children))
	// Normalise as Bleve's disjunction does; a parent searcher sets the
	// norm again for its whole query.
	var w float64
	for _, c := range s.children {
		w += c.Weight()
	}
	s.SetQueryNorm(1 / math.Sqrt(w))
	return s
}

// step moves child i to its next match (or, with target, to its first
// match at or after target).
func (s *spreadSearcher) step(ctx *search.SearchContext, i int, target bindex.IndexInternalID) error {
	if s.currs[i] != nil {
		ctx.DocumentMatchPool.Put(s.currs[i])
	}
	var d *search.DocumentMatch
	var err error
	if target != nil {
		d, err = s.children[i].Advance(ctx, target)
	} else {
		d, err = s.children[i].Next(ctx)
	}
	s.currs[i], s.nums[i] = d, math.MaxUint64
	if err != nil {
		s.currs[i] = nil
		return err
	}
	if d != nil {
		s.nums[i] = d.IndexInternalID.Value()
	}
	return nil
}

// fill scores the next window: the one starting at the smallest current
// document of the children. It reports false when all are done.
func (s *spreadSearcher) fill(ctx *search.SearchContext) (bool, error) {
	base := uint64(math.MaxUint64)
	for _, n := range s.nums {
		base = min(base, n)
	}
	if base == math.MaxUint64 {
		return false, nil
	}
	s.base, s.next = base, 0
	clear(s.sum[:])
	clear(s.cnt[:])
	clear(s.set[:])
	end := base + spreadWindow
	if end < base {
		end = math.MaxUint64 // document numbers near the top of uint64
	}
	for i := range s.children {
		for s.nums[i] < end {
			slot := s.nums[i] - base
			s.sum[slot] += s.currs[i].Score
			s.cnt[slot]++
			s.set[slot/64] |= 1 << (slot % 64)
			if err := s.step(ctx, i, nil); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// Next implements search.Searcher.
func (s *spreadSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		s.started = true
		for i := range s.children {
			if err := s.step(ctx, i, nil); err != nil {
				return nil, err
			}
		}
	}
	for {
		if slot, ok := s.nextSet(); ok {
			s.next = slot + 1
			d := ctx.DocumentMatchPool.Get()
			d.IndexInternalID = bindex.NewIndexInternalID(d.IndexInternalID, s.base+uint64(slot))
			// As Bleve's DisjunctionQueryScorer: the sum times the share of
			// the children matching.
			d.Score = s.sum[slot] * (float64(s.cnt[slot]) / float64(len(s.children)))
			return d, nil
		}
		ok, err := s.fill(ctx)
		if err != nil || !ok {
			return nil, err
		}
	}
}

// nextSet returns the first slot from s.next on with a match.
func (s *spreadSearcher) nextSet() (int, bool) {
	for w := s.next / 64; w < len(s.set); w++ {
		word := s.set[w]
		if w == s.next/64 {
			word &^= 1<<(s.next%64) - 1
		}
		if word != 0 {
			return w*64 + bits.TrailingZeros64(word), true
		}
	}
	return 0, false
}

// Advance implements search.Searcher.
func (s *spreadSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	target := id.Value()
	switch {
	case !s.started:
		s.started = true
		for i := range s.children {
			if err := s.step(ctx, i, id); err != nil {
				return nil, err
			}
		}
	case s.next < spreadWindow && target-s.base < spreadWindow:
		// Within the window being handed out.
		s.next = max(s.next, int(target-s.base))
	case target > s.base:
		s.next = spreadWindow
		for i := range s.children {
			if s.nums[i] < target {
				if err := s.step(ctx, i, id); err != nil {
					return nil, err
				}
			}
		}
	}
	return s.Next(ctx)
}

// Weight implements search.Searcher.
func (s *spreadSearcher) Weight() float64 {
	var w float64
	for _, c := range s.children {
		w += c.Weight()
	}
	return w
}

// SetQueryNorm implements search.Searcher.
func (s *spreadSearcher) SetQueryNorm(norm float64) {
	for _, c := range s.children {
		c.SetQueryNorm(norm)
	}
}

// Count implements search.Searcher: at most the children's matches.
func (s *spreadSearcher) Count() uint64 {
	var n uint64
	for _, c := range s.children {
		n += c.Count()
	}
	return n
}

// Min implements search.Searcher: one matching child is enough.
func (s *spreadSearcher) Min() int { return 0 }

// Size implements search.Searcher.
func (s *spreadSearcher) Size() int {
	n := int(unsafe.Sizeof(*s)) + len(s.currs)*8 + len(s.nums)*8
	for _, c := range s.children {
		n += c.Size()
	}
	return n
}

// DocumentMatchPoolSize implements search.Searcher.
func (s *spreadSearcher) DocumentMatchPoolSize() int {
	n := len(s.children) + 1
	for _, c := range s.children {
		n += c.DocumentMatchPoolSize()
	}
	return n
}

// Close implements search.Searcher.
func (s *spreadSearcher) Close() error {
	var first error
	for _, c := range s.children {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
