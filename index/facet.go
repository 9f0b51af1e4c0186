package index

import (
	"math"
)

// facetNames are the facet names in a fixed order.
var facetNames = [...]string{FacetPartner, FacetKind, FacetState, FacetPerson, FacetKeyword, FacetType, FacetYear, FacetSite, FacetStatus}

// facetSample returns the documents of docs (the matches, in index order)
// whose facets are counted: all of them with FacetsExact or up to
// FacetExactMax, else every k-th, k = len(docs)/FacetSampleSize rounded
// up, starting in the middle of the first k. Index order is about the
// order articles were stored, so the sample spreads over sites and
// crawls the way the matches do, and the same search gives the same
// estimate while the index does not change.
func facetSample(docs []uint64, p *plan) []uint64 {
	if p.facets == FacetsExact || len(docs) <= p.exactMax {
		return docs
	}
	k := (len(docs) + p.sampleSize - 1) / p.sampleSize
	out := make([]uint64, 0, len(docs)/k+1)
	for i := k / 2; i < len(docs); i += k {
		out = append(out, docs[i])
	}
	return out
}

// facets counts the facet terms of docs (the matches) from the columns,
// exactly or in facetSample, and returns the FacetSize most frequent of
// each facet with the number of documents counted.
func (x *run) facets(docs []uint64) (map[string][]FacetCount, uint64, error) {
	if x.p.facets == FacetsNone {
		return nil, 0, nil
	}
	sample := facetSample(docs, x.p)
	var counts [len(facetNames)][]int32
	for f := range counts {
		counts[f] = make([]int32, len(x.cols.terms[f]))
	}
	k := cursor{c: x.cols}
	for i, n := range sample {
		if i%(64*checkEvery) == 0 {
			if err := x.ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
		sc, d := k.at(n)
		for f := range sc.cols {
			col := &sc.cols[f]
			for _, id := range col.ids[col.start[d]:col.start[d+1]] {
				counts[f][id]++
			}
		}
	}
	scale := 1.0
	if len(sample) < len(docs) {
		scale = float64(len(docs)) / float64(len(sample))
	}
	out := make(map[string][]FacetCount, len(facetNames))
	for f, name := range facetNames {
		list := topTerms(counts[f], x.cols.terms[f], FacetSize)
		for i := range list {
			// Distinct sample counts stay distinct: scale is at least 1.
			list[i].Count = int(math.Round(float64(list[i].Count) * scale))
		}
		out[name] = list
	}
	return out, uint64(len(sample)), nil
}

// topTerms returns the n terms with the highest counts, highest first,
// equal counts by term, leaving out those counted 0.
func topTerms(counts []int32, terms []string, n int) []FacetCount {
	better := func(c int32, t string, than FacetCount) bool {
		return int(c) > than.Count || int(c) == than.Count && t < than.Term
	}
	top := make([]FacetCount, 0, n)
	for id, c := range counts {
		if c == 0 || len(top) == n && !better(c, terms[id], top[n-1]) {
			continue
		}
		i := len(top)
		for i > 0 && better(c, terms[id], top[i-1]) {
			i--
		}
		if len(top) < n {
			top = append(top, FacetCount{})
		}
		copy(top[i+1:], top[i:len(top)-1])
		top[i] = FacetCount{Term: terms[id], Count: int(c)}
	}
	return top
}
