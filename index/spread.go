package index

// A word of free text is searched in every free-text field at once (see
// freeFields): a disjunction of one query per field; several words are a
// disjunction of those. Bleve scores a disjunction document at a time: for
// each matching document it compares the current document of every
// field's searcher, sums the scores of those on it and steps them on, and
// each field's term searcher hands out a pooled match per document. For
// words in most of the articles that bookkeeping costs about as much as
// reading the postings (profile of a search for "Verwaltung" at 222,000
// articles: 30 % of the time in the disjunctions, 33 % in the term
// searchers, half of that their pooled matches).
//
// spreadSearcher gets the same matches with the same scores a window of
// document numbers at a time: it reads each child through the window,
// adding its scores into an array, then hands out the window's documents
// in order. A child that is a single term (termPostings) is read straight
// from the index's postings; a child that is itself a spreadSearcher (a
// word among several) scores the same window into its own arrays. The
// scores are Bleve's to the last bit: a term's score is computed as
// Bleve's tf-idf scorer computes it, the sums are taken in the order
// Bleve's disjunction takes them (its children ordered by their number of
// matches) and multiplied by the same coordination factor. The tests
// compare it with Bleve's own searchers, match by match and bit by bit.

import (
	"context"
	"math"
	"math/bits"
	"sort"
	"strings"
	"unsafe"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// spreadQuery is the disjunction of parts (any of them matching), searched
// by a spreadSearcher where that scores as Bleve does, else as plain.
type spreadQuery struct {
	parts []query.Query
	// plain is the same disjunction as Bleve's query. One from the query
	// string parser leaves out parts that can match nothing (and so does
	// not count them in the coordination factor); skipNone says so.
	plain    *query.DisjunctionQuery
	skipNone bool
}

// newSpread returns the disjunction of the queries of one word in several
// fields.
func newSpread(parts []query.Query) *spreadQuery {
	return &spreadQuery{parts: parts, plain: query.NewDisjunctionQuery(parts)}
}

// Searcher implements query.Query.
func (q *spreadQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	breakdown, _ := ctx.Value(search.IncludeScoreBreakdownKey).(bool)
	// Without scores Bleve's disjunction unions the fields' postings
	// directly, which is faster still; explanations, term locations and
	// score breakdowns (for highlighting and kNN) are its own business;
	// above DisjunctionHeapTakeover children it sums in another order.
	if opts.Score == "none" || opts.Explain || opts.IncludeTermVectors || breakdown ||
		len(q.parts) > searcher.DisjunctionHeapTakeover {
		return q.plain.Searcher(ctx, r, m, opts)
	}
	ss := make([]search.Searcher, 0, len(q.parts))
	for _, part := range q.parts {
		s, err := partSearcher(ctx, r, m, opts, part)
		if err != nil {
			for _, s := range ss {
				_ = s.Close()
			}
			return nil, err
		}
		if _, none := s.(*searcher.MatchNoneSearcher); none && q.skipNone {
			_ = s.Close()
			continue
		}
		ss = append(ss, s)
	}
	if len(ss) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	return newSpreadSearcher(ss), nil
}

// partSearcher returns the searcher of part. Bleve searches a match query
// of one word as a disjunction of the word's terms (at least one of them),
// which for a word of one term is that term alone with one more step per
// match; this searches the term itself, with the same scores (the
// disjunction's score is the sum of the one term's score times 1/1, and
// its weight the term's weight).
func partSearcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions, part query.Query) (search.Searcher, error) {
	switch q := part.(type) {
	case *query.WildcardQuery:
		if q.FieldVal != "" {
			return patternSearcher(ctx, r, m, opts, part, wildcardPattern(q.Wildcard), q.FieldVal, q.BoostVal.Value())
		}
	case *query.RegexpQuery:
		if q.FieldVal != "" {
			return patternSearcher(ctx, r, m, opts, part, q.Regexp, q.FieldVal, q.BoostVal.Value())
		}
	}
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
	return newTermPostings(ctx, r, tokens[0].Term, mq.FieldVal, mq.BoostVal.Value(), opts)
}

// wildcardPattern is the regular expression Bleve's WildcardQuery
// searches for the wildcard w.
func wildcardPattern(w string) string {
	return strings.NewReplacer(
		"+", `\+`, "(", `\(`, ")", `\)`, "^", `\^`, "$", `\$`, ".", `\.`,
		"{", `\{`, "}", `\}`, "[", `\[`, "]", `\]`, `|`, `\|`, `\`, `\\`,
		"*", ".*", "?", ".",
	).Replace(w)
}

// patternSearcher returns the searcher of part, a wildcard or regular
// expression (pattern) in field. Bleve searches it as the disjunction of
// the field's terms that match (any of them); with at most
// DisjunctionHeapTakeover terms that is a spreadSearcher of the terms'
// postings, with the same scores. Else, or where the index cannot list
// the terms, it is Bleve's own searcher.
func patternSearcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions, part query.Query, pattern, field string, boost float64) (search.Searcher, error) {
	ir, ok := r.(bindex.IndexReaderRegexp)
	if !ok || ctx.Value(search.FieldTermSynonymMapKey) != nil {
		return part.Searcher(ctx, r, m, opts)
	}
	dict, _, err := ir.FieldDictRegexpAutomaton(field, pattern)
	if err != nil {
		return part.Searcher(ctx, r, m, opts) // which reports it as Bleve does
	}
	var terms []string
	seen := map[string]bool{}
	for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
		if err != nil {
			_ = dict.Close()
			return nil, err
		}
		if !seen[e.Term] {
			seen[e.Term] = true
			terms = append(terms, e.Term)
		}
		if len(terms) > searcher.DisjunctionHeapTakeover {
			break
		}
	}
	if err := dict.Close(); err != nil {
		return nil, err
	}
	if len(terms) == 0 || len(terms) > searcher.DisjunctionHeapTakeover {
		return part.Searcher(ctx, r, m, opts)
	}
	children := make([]search.Searcher, 0, len(terms))
	for _, t := range terms {
		c, err := newTermPostings(ctx, r, []byte(t), field, boost, opts)
		if err != nil {
			for _, c := range children {
				_ = c.Close()
			}
			return nil, err
		}
		children = append(children, c)
	}
	return newSpreadSearcher(children), nil
}

// spreadWindow is the number of document numbers a spreadSearcher scores at
// once: its arrays (about 11 KB) stay in the processor's cache.
const spreadWindow = 1024

// spreadSearcher is a disjunction searcher that scores a window of
// documents at a time.
type spreadSearcher struct {
	children []search.Searcher       // ordered as Bleve's disjunction orders them
	currs    []*search.DocumentMatch // the current match of each other child; nil when done
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
	// of at most DisjunctionHeapTakeover elements is an insertion sort, so
	// stable).
	sort.Sort(searcher.OrderedSearcherList(s.children))
	// Normalise as Bleve's disjunction does; a parent searcher sets the
	// norm again for its whole query.
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s
}

// pos is the document child i is on; math.MaxUint64 when it is done.
func (s *spreadSearcher) pos(i int) uint64 {
	switch c := s.children[i].(type) {
	case *termPostings:
		return c.num
	case *spreadSearcher:
		return c.first()
	}
	return s.nums[i]
}

// first is the first document any child is on.
func (s *spreadSearcher) first() uint64 {
	n := uint64(math.MaxUint64)
	for i := range s.children {
		n = min(n, s.pos(i))
	}
	return n
}

// start puts every child on its first match (with target, its first at or
// after target).
func (s *spreadSearcher) start(ctx *search.SearchContext, target bindex.IndexInternalID) error {
	s.started = true
	for i := range s.children {
		if err := s.move(ctx, i, target); err != nil {
			return err
		}
	}
	return nil
}

// skip moves every child that is before target to its first match at or
// after it.
func (s *spreadSearcher) skip(ctx *search.SearchContext, target bindex.IndexInternalID) error {
	t := target.Value()
	for i := range s.children {
		if s.pos(i) < t {
			if err := s.move(ctx, i, target); err != nil {
				return err
			}
		}
	}
	return nil
}

// move moves child i to its next match (with target, to its first at or
// after target; a child that is a spreadSearcher only ever moves so).
func (s *spreadSearcher) move(ctx *search.SearchContext, i int, target bindex.IndexInternalID) error {
	switch c := s.children[i].(type) {
	case *termPostings:
		return c.step(target)
	case *spreadSearcher:
		if !c.started {
			return c.start(ctx, target)
		}
		return c.skip(ctx, target)
	}
	return s.step(ctx, i, target)
}

// step moves child i, a searcher of Bleve's, to its next match (or, with
// target, to its first match at or after target).
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

// score fills the window from base: the sums of the children's scores of
// the documents base to base+spreadWindow-1, moving each child past them.
func (s *spreadSearcher) score(ctx *search.SearchContext, base uint64) error {
	s.base = base
	clear(s.sum[:])
	clear(s.cnt[:])
	clear(s.set[:])
	end := base + spreadWindow
	if end < base {
		end = math.MaxUint64 // document numbers near the top of uint64
	}
	for i, c := range s.children {
		switch c := c.(type) {
		case *termPostings:
			for c.num < end {
				s.add(c.num-base, c.score)
				if err := c.step(nil); err != nil {
					return err
				}
			}
		case *spreadSearcher:
			if c.first() >= end {
				continue
			}
			if err := c.score(ctx, base); err != nil {
				return err
			}
			for w, word := range c.set {
				for word != 0 {
					slot := uint64(w*64 + bits.TrailingZeros64(word))
					word &= word - 1
					s.add(slot, c.final(int(slot)))
				}
			}
		default:
			for s.nums[i] < end {
				s.add(s.nums[i]-base, s.currs[i].Score)
				if err := s.step(ctx, i, nil); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// add counts a child's score for the document in slot.
func (s *spreadSearcher) add(slot uint64, score float64) {
	s.sum[slot] += score
	s.cnt[slot]++
	s.set[slot/64] |= 1 << (slot % 64)
}

// final is the score of the document in slot, as Bleve's
// DisjunctionQueryScorer computes it: the sum times the share of the
// children matching.
func (s *spreadSearcher) final(slot int) float64 {
	return s.sum[slot] * (float64(s.cnt[slot]) / float64(len(s.children)))
}

// Next implements search.Searcher.
func (s *spreadSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx, nil); err != nil {
			return nil, err
		}
	}
	for {
		if slot, ok := s.nextSet(); ok {
			s.next = slot + 1
			d := ctx.DocumentMatchPool.Get()
			d.IndexInternalID = bindex.NewIndexInternalID(d.IndexInternalID, s.base+uint64(slot))
			d.Score = s.final(slot)
			return d, nil
		}
		base := s.first()
		if base == math.MaxUint64 {
			return nil, nil
		}
		if err := s.score(ctx, base); err != nil {
			return nil, err
		}
		s.next = 0
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
		if err := s.start(ctx, id); err != nil {
			return nil, err
		}
	case s.next < spreadWindow && target-s.base < spreadWindow:
		// Within the window being handed out.
		s.next = max(s.next, int(target-s.base))
	case target > s.base:
		s.next = spreadWindow
		if err := s.skip(ctx, id); err != nil {
			return nil, err
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

// termPostings searches one term in one field, as Bleve's TermSearcher
// does with its tf-idf scorer, but a spreadSearcher reads its documents and
// scores directly instead of through a pooled match per document. On a
// scorch snapshot it reads each segment's postings itself (as the
// snapshot's term-field reader does, which it otherwise uses) and computes
// each field length's norm once per search (norms, when the search has a
// cache: a square root per posting was an eighth of a broad query).
type termPostings struct {
	segs   []segPostings          // per segment of a scorch snapshot; nil with r
	seg    int                    // the segment being read
	r      bindex.TermFieldReader // the postings of other index readers
	tfd    bindex.TermFieldDoc
	norms  *normCache
	boost  float64
	idf    float64
	weight float64 // the query weight: boost × idf × query norm, 1 until the norm is set
	count  uint64

	num   uint64 // the current document; math.MaxUint64 when done
	score float64
}

// segPostings are a term's postings in one segment.
type segPostings struct {
	it     segment.PostingsIterator
	offset uint64 // the number of the segment's first document in the snapshot
	end    uint64 // offset plus the segment's documents, deleted ones included
}

// normCache holds the norm of each field length (as zap encodes it) met in
// one search. One goroutine uses it.
type normCache struct {
	norm [1 << 12]float64 // 0: not known yet
}

type normCacheKey struct{}

// withNormCache returns ctx carrying a fresh normCache for the searchers
// built with it, which one goroutine must drive.
func withNormCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, normCacheKey{}, new(normCache))
}

// lengthPosting is a zap posting that tells its norm's field length.
type lengthPosting interface {
	NormUint64() uint64
}

// newTermPostings returns a termPostings for term in field, or Bleve's
// own searcher where termPostings would not score as it does (another
// scoring model, synonyms).
func newTermPostings(ctx context.Context, r bindex.IndexReader, term []byte, field string, boost float64, opts search.SearcherOptions) (search.Searcher, error) {
	model := bindex.DefaultScoringModel
	if f, ok := ctx.Value(search.GetScoringModelCallbackKey).(search.GetScoringModelCallbackFn); ok {
		model = f()
	}
	if model != bindex.TFIDFScoring || ctx.Value(search.FieldTermSynonymMapKey) != nil {
		return searcher.NewTermSearcherBytes(ctx, r, term, field, boost, opts)
	}
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	t := &termPostings{boost: boost, weight: 1, num: math.MaxUint64}
	t.norms, _ = ctx.Value(normCacheKey{}).(*normCache)
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		var offset uint64
		for _, ss := range snap.Segments() {
			n := ss.Segment().Count()
			dict, err := ss.Segment().Dictionary(field)
			if err != nil {
				return nil, err
			}
			pl, err := dict.PostingsList(term, ss.Deleted(), nil)
			if err != nil {
				return nil, err
			}
			t.count += pl.Count()
			t.segs = append(t.segs, segPostings{it: pl.Iterator(true, true, false, nil), offset: offset, end: offset + n})
			offset += n
		}
	} else {
		if t.r, err = r.TermFieldReader(ctx, term, field, true, true, false); err != nil {
			return nil, err
		}
		t.count = t.r.Count()
	}
	// As TermQueryScorer.computeIDF for tf-idf.
	t.idf = 1.0 + math.Log(float64(docs)/float64(t.count+1.0))
	return t, nil
}

// step moves to the next document (with target, the first at or after
// target) and scores it as TermQueryScorer.Score does.
func (t *termPostings) step(target bindex.IndexInternalID) error {
	if t.segs == nil {
		return t.stepReader(target)
	}
	t.num = math.MaxUint64
	var p segment.Posting
	var err error
	if target != nil {
		n := target.Value()
		for t.seg < len(t.segs) && n >= t.segs[t.seg].end {
			t.seg++
		}
		if t.seg < len(t.segs) {
			s := t.segs[t.seg]
			p, err = s.it.Advance(n - min(n, s.offset))
		}
	} else if t.seg < len(t.segs) {
		p, err = t.segs[t.seg].it.Next()
	}
	for err == nil && p == nil {
		if t.seg++; t.seg >= len(t.segs) {
			return nil
		}
		p, err = t.segs[t.seg].it.Next()
	}
	if err != nil {
		return err
	}
	t.num = p.Number() + t.segs[t.seg].offset
	t.setScore(p.Frequency(), t.norm(p))
	return nil
}

// norm is p's norm, as zap computes it, from the cache when the search
// has one.
func (t *termPostings) norm(p segment.Posting) float64 {
	lp, ok := p.(lengthPosting)
	if !ok || t.norms == nil {
		return p.Norm()
	}
	n := lp.NormUint64()
	if n >= uint64(len(t.norms.norm)) {
		return p.Norm()
	}
	v := t.norms.norm[n]
	if v == 0 {
		v = p.Norm()
		t.norms.norm[n] = v
	}
	return v
}

// stepReader is step for an index reader other than a scorch snapshot.
func (t *termPostings) stepReader(target bindex.IndexInternalID) error {
	var d *bindex.TermFieldDoc
	var err error
	// The reader sets all that is read of tfd (ID, frequency and norm:
	// no term vectors), so unlike TermSearcher this does not reset it.
	if target != nil {
		d, err = t.r.Advance(target, &t.tfd)
	} else {
		d, err = t.r.Next(&t.tfd)
	}
	t.num = math.MaxUint64
	if err != nil || d == nil {
		return err
	}
	t.num = d.ID.Value()
	t.setScore(d.Freq, d.Norm)
	return nil
}

// setScore scores the current document as TermQueryScorer.Score does.
func (t *termPostings) setScore(freq uint64, norm float64) {
	score := math.Sqrt(float64(freq)) * norm * t.idf
	if t.weight != 1.0 {
		score = score * t.weight
	}
	t.score = score
}

// Next implements search.Searcher (a spreadSearcher reads t directly).
func (t *termPostings) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return t.match(ctx, t.step(nil))
}

// Advance implements search.Searcher.
func (t *termPostings) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return t.match(ctx, t.step(id))
}

func (t *termPostings) match(ctx *search.SearchContext, err error) (*search.DocumentMatch, error) {
	if err != nil || t.num == math.MaxUint64 {
		return nil, err
	}
	d := ctx.DocumentMatchPool.Get()
	d.IndexInternalID = bindex.NewIndexInternalID(d.IndexInternalID, t.num)
	d.Score = t.score
	return d, nil
}

// Weight implements search.Searcher, as TermQueryScorer.Weight.
func (t *termPostings) Weight() float64 {
	w := t.boost * t.idf
	return w * w
}

// SetQueryNorm implements search.Searcher, as TermQueryScorer.SetQueryNorm.
func (t *termPostings) SetQueryNorm(norm float64) {
	t.weight = t.boost * t.idf * norm
}

// Count implements search.Searcher.
func (t *termPostings) Count() uint64 { return t.count }

// Min implements search.Searcher.
func (t *termPostings) Min() int { return 0 }

// Size implements search.Searcher.
func (t *termPostings) Size() int {
	n := int(unsafe.Sizeof(*t))
	for _, s := range t.segs {
		n += int(unsafe.Sizeof(s)) + s.it.Size()
	}
	if t.r != nil {
		n += t.r.Size()
	}
	return n
}

// DocumentMatchPoolSize implements search.Searcher.
func (t *termPostings) DocumentMatchPoolSize() int { return 1 }

// Close implements search.Searcher.
func (t *termPostings) Close() error {
	if t.r != nil {
		return t.r.Close()
	}
	return nil
}
