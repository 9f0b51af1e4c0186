package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/coopwatch/coopwatch/corpus"
	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
	"github.com/coopwatch/coopwatch/web"
)

// searchSetup is the index the searches run against.
type searchSetup struct {
	articles, events int
	build            time.Duration
	dir              string
}

// latency is the distribution of one way of searching.
type latency struct {
	mode               string // "in process" or "HTTP"
	n                  int
	p50, p95, p99, max time.Duration
	byKind             map[string]time.Duration // p99 per kind of query
	errors             int
	slowest            []slowQuery // the slowest queries, slowest first
}

// slowQuery is one query of the mix and how long it took.
type slowQuery struct {
	kind, desc string
	took       time.Duration
}

// slowestShown is how many of the slowest queries the report lists: the
// 1 % that make p99.
const slowestShown = 10

// mixedQuery is one query of the mix, in both forms.
type mixedQuery struct {
	kind string
	q    index.Query
	v    url.Values
}

func runSearchAndReindex(ctx context.Context, c config, rep *report, logf func(string, ...any), search, reindex bool) error {
	x, err := extract.New()
	if err != nil {
		return err
	}
	g := corpus.New(x.Gazetteer(), c.seed)
	dir := filepath.Join(c.work, "search")
	setup, err := buildIndex(ctx, g, dir, c.events, logf)
	if err != nil {
		return err
	}
	rep.search = &setup
	if search {
		ix, err := index.Open(ctx, dir, index.Options{})
		if err != nil {
			return err
		}
		qs := queries(g, setup.articles, c.queries, c.seed)
		logf("search: %d queries in process", len(qs))
		rep.latency = append(rep.latency, measureSearch("in process", qs, func(q mixedQuery) error {
			_, err := ix.Search(ctx, q.q)
			return err
		}))
		srv := httptest.NewServer(web.NewServer(web.Config{Searcher: ix}))
		client := srv.Client()
		logf("search: %d queries through HTTP", len(qs))
		rep.latency = append(rep.latency, measureSearch("HTTP", qs, func(q mixedQuery) error {
			resp, err := client.Get(srv.URL + "/api/search?" + q.v.Encode())
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			if _, err := io.Copy(io.Discard, resp.Body); err != nil {
				return err
			}
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("GET /api/search?%s: status %d", q.v.Encode(), resp.StatusCode)
			}
			return nil
		}))
		srv.Close()
		if err := ix.Close(); err != nil {
			return err
		}
	}
	if reindex {
		logf("reindex: %d articles in a subprocess", setup.articles)
		r := runMeasured(ctx, c.coopwatch, "reindex", "--data", dir, "--log-level", "warn")
		rep.reindex = &r
	}
	return nil
}

// setupFile records, beside a kept search index, what it was built from,
// so that a later run with -work DIR reuses it instead of spending minutes
// rebuilding the same index.
const setupFile = "bench-setup.json"

// builtSetup is the content of setupFile.
type builtSetup struct {
	Seed     uint64        `json:"seed"`
	Events   int           `json:"events_wanted"`
	Articles int           `json:"articles"`
	Held     int           `json:"events"`
	Build    time.Duration `json:"build_ns"`
}

// buildIndex stores corpus articles until they hold events events, or
// reuses the index a kept working directory already holds for the same
// seed and number of events. Delete the directory to rebuild it (after a
// change of the index mapping, say).
func buildIndex(ctx context.Context, g *corpus.Generator, dir string, events int, logf func(string, ...any)) (searchSetup, error) {
	s := searchSetup{dir: dir}
	if b, err := os.ReadFile(filepath.Join(dir, setupFile)); err == nil {
		var bs builtSetup
		if err := json.Unmarshal(b, &bs); err == nil && bs.Seed == g.Seed() && bs.Events == events {
			logf("search: reusing the index in %s (%d articles, %d events); delete it to rebuild", dir, bs.Articles, bs.Held)
			s.articles, s.events, s.build = bs.Articles, bs.Held, bs.Build
			return s, nil
		}
	}
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		return s, err
	}
	start := time.Now()
	batch := make([]extract.Article, 0, batchSize)
	last := time.Now()
	for s.events < events {
		a := g.Article(s.articles)
		s.articles++
		s.events += len(a.Events)
		batch = append(batch, a)
		if len(batch) == batchSize || s.events >= events {
			if err := ix.PutArticles(ctx, batch); err != nil {
				ix.Close()
				return s, err
			}
			batch = batch[:0]
			if time.Since(last) > 10*time.Second {
				logf("search: indexed %d articles, %d events", s.articles, s.events)
				last = time.Now()
			}
		}
	}
	if err := ix.Close(); err != nil {
		return s, err
	}
	s.build = time.Since(start)
	b, err := json.Marshal(builtSetup{Seed: g.Seed(), Events: events, Articles: s.articles, Held: s.events, Build: s.build})
	if err != nil {
		return s, err
	}
	return s, os.WriteFile(filepath.Join(dir, setupFile), b, 0o644)
}

// queries returns n mixed queries over the first articles articles of g:
// free text, phrases, partner facets, filters, date ranges and date sorts,
// some combined.
func queries(g *corpus.Generator, articles, n int, seed uint64) []mixedQuery {
	r := rand.New(rand.NewPCG(seed, 99))
	words := []string{"Digitalisierung", "Kooperation", "Serviceportal", "Onlinezugangsgesetz", "Rechenzentrum", "Zusammenarbeit",
		"Geoportal", "Wärmeplanung", "Bauantrag", "Informationssicherheit", "Schul-IT", "Vereinbarung", "Landkreis", "Bürgerinnen",
		"Cloud", "Verwaltung", "Akte", "digital*", "verwalt*", "Kreis"}
	kinds := []string{"stadt", "landkreis", "gemeinde", "land", "it-dienstleister"}
	types := []string{"founded", "joined", "extended", "ended", "planned"}
	out := make([]mixedQuery, 0, n)
	for len(out) < n {
		m := g.Meta(r.IntN(articles))
		var q mixedQuery
		v := url.Values{}
		switch k := r.IntN(8); k {
		case 0:
			q.kind, q.q.Text = "free text", words[r.IntN(len(words))]
		case 1:
			q.kind, q.q.Text = "free text", words[r.IntN(len(words))]+" "+words[r.IntN(len(words))]
		case 2:
			q.kind = "phrase"
			if len(m.Truth.Partners) > 0 {
				q.q.Text = strconv.Quote(m.Truth.Partners[0].Name)
			} else {
				q.q.Text = strconv.Quote(m.Truth.Title)
			}
		case 3:
			q.kind = "partner facet"
			if len(m.Truth.Partners) == 0 {
				continue
			}
			q.q.Partners = []string{m.Truth.Partners[r.IntN(len(m.Truth.Partners))].Name}
		case 4:
			q.kind = "filters"
			q.q.Kinds = []string{kinds[r.IntN(len(kinds))]}
			q.q.Types = []string{types[r.IntN(len(types))]}
			if len(m.Truth.Partners) > 0 {
				q.q.States = []string{m.Truth.Partners[0].State}
			}
		case 5:
			q.kind = "date range"
			y := 2005 + r.IntN(20)
			q.q.From, q.q.To = extract.Date(strconv.Itoa(y)), extract.Date(strconv.Itoa(y+r.IntN(3)))
			q.q.Text = words[r.IntN(len(words))]
		case 6:
			q.kind = "sorted by date"
			q.q.Text, q.q.Sort = words[r.IntN(len(words))], index.SortDateDesc
		case 7:
			q.kind = "year facet"
			q.q.Years = []int{2005 + r.IntN(20)}
		}
		if q.q.Text != "" {
			v.Set("q", q.q.Text)
		}
		for name, vals := range map[string][]string{"partner": q.q.Partners, "kind": q.q.Kinds, "state": q.q.States, "type": q.q.Types} {
			for _, val := range vals {
				v.Add(name, val)
			}
		}
		if q.q.From != "" {
			v.Set("from", string(q.q.From))
			v.Set("to", string(q.q.To))
		}
		if q.q.Sort == index.SortDateDesc {
			v.Set("sort", "-date")
		}
		for _, y := range q.q.Years {
			v.Add("year", strconv.Itoa(y))
		}
		q.v = v
		out = append(out, q)
	}
	return out
}

func measureSearch(mode string, qs []mixedQuery, do func(mixedQuery) error) latency {
	// Warm up: the first searches page the index in.
	for _, q := range qs[:min(len(qs), 50)] {
		_ = do(q)
	}
	l := latency{mode: mode, n: len(qs), byKind: map[string]time.Duration{}}
	all := make([]time.Duration, 0, len(qs))
	per := map[string][]time.Duration{}
	for _, q := range qs {
		start := time.Now()
		if err := do(q); err != nil {
			l.errors++
		}
		d := time.Since(start)
		all = append(all, d)
		per[q.kind] = append(per[q.kind], d)
	}
	l.p50, l.p95, l.p99, l.max = pct(all, 50), pct(all, 95), pct(all, 99), pct(all, 100)
	order := make([]int, len(qs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(all[b], all[a]) })
	for _, i := range order[:min(slowestShown, len(order))] {
		l.slowest = append(l.slowest, slowQuery{qs[i].kind, qs[i].v.Encode(), all[i]})
	}
	for k, ds := range per {
		l.byKind[k] = pct(ds, 99)
	}
	return l
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}
