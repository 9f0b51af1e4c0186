package main

import (
	"strings"
)

// quality is how well one extractor did on one page set.
type quality struct {
	set, extractor string
	pages          int
	errors         int

	// Content, scored as the sample's README and upstream trafilatura
	// (tests/evaluate.py) do: each "with" snippet found is a true positive,
	// each missing a false negative; each "without" snippet found a false
	// positive, each absent a true negative; summed over all pages.
	tp, fn, fp, tn int

	titles, dates int // exact matches (titles after collapsing whitespace)
	misses        []miss
}

type miss struct {
	page, field, want, got string
}

func (q quality) precision() float64 { return ratio(q.tp, q.tp+q.fp) }
func (q quality) recall() float64    { return ratio(q.tp, q.tp+q.fn) }
func (q quality) f1() float64        { return ratio(2*q.tp, 2*q.tp+q.fp+q.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// score runs e on every page of set once and scores the answers.
func score(e extractor, set pageSet) quality {
	q := quality{set: set.name, extractor: e.name, pages: len(set.pages)}
	for _, p := range set.pages {
		o, err := e.run(p)
		if err != nil {
			q.errors++
			q.misses = append(q.misses, miss{p.name, "error", "", err.Error()})
		}
		scoreContent(&q, p, o.text)
		if got := collapse(o.title); got == p.title {
			q.titles++
		} else {
			q.misses = append(q.misses, miss{p.name, "title", p.title, got})
		}
		if o.date == p.published {
			q.dates++
		} else {
			q.misses = append(q.misses, miss{p.name, "date", p.published, o.date})
		}
	}
	return q
}

func scoreContent(q *quality, p page, text string) {
	for _, s := range p.with {
		if text != "" && strings.Contains(text, s) {
			q.tp++
		} else {
			q.fn++
			q.misses = append(q.misses, miss{p.name, "with", s, ""})
		}
	}
	for _, s := range p.without {
		if text != "" && strings.Contains(text, s) {
			q.fp++
			q.misses = append(q.misses, miss{p.name, "without", "", s})
		} else {
			q.tn++
		}
	}
}
