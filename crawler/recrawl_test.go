package crawler_test

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/coopwatch/coopwatch/crawler"
	"github.com/coopwatch/coopwatch/fixtures"
)

// condRequest is one request a condServer received.
type condRequest struct {
	path        string // path?query
	conditional bool   // carried If-None-Match or If-Modified-Since
	status      int
}

// condServer serves h and records each request with its conditional
// headers and the status it was answered with.
type condServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []condRequest
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(s int) { w.status = s; w.ResponseWriter.WriteHeader(s) }
func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func newCondServer(t *testing.T, h http.Handler) *condServer {
	t.Helper()
	s := &condServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		s.mu.Lock()
		s.reqs = append(s.reqs, condRequest{
			path:        r.URL.RequestURI(),
			conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "",
			status:      sw.status,
		})
		s.mu.Unlock()
	}))
	t.Cleanup(s.Close)
	return s
}

// take returns the requests received since the last take.
func (s *condServer) take() []condRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.reqs
	s.reqs = nil
	return r
}

// carrier is a Frontier that remembers the last state of every entry, so
// that a test can start the next crawl from it the way the store does
// (index.OpenCrawl).
type carrier struct {
	crawler.Frontier
	mu    sync.Mutex
	last  map[string]crawler.Entry
	order []string
}

func newCarrier(f crawler.Frontier) *carrier {
	return &carrier{Frontier: f, last: make(map[string]crawler.Entry)}
}

func (c *carrier) Add(ctx context.Context, es []crawler.Entry) (int, error) {
	c.mu.Lock()
	for _, e := range es {
		if _, ok := c.last[e.URL]; !ok {
			if e.State == "" {
				e.State = crawler.StateQueued
			}
			c.last[e.URL] = e
			c.order = append(c.order, e.URL)
		}
	}
	c.mu.Unlock()
	return c.Frontier.Add(ctx, es)
}

func (c *carrier) Update(ctx context.Context, e crawler.Entry) error {
	c.mu.Lock()
	c.last[e.URL] = e
	c.mu.Unlock()
	return c.Frontier.Update(ctx, e)
}

// next returns the frontier of the next crawl, as index.OpenCrawl builds
// it: pages whose content the caller stored and URLs refused for good stay
// done, everything else is queued again with its outcome; fresh queues all.
func (c *carrier) next(t *testing.T, stored func(string) bool, fresh bool) *carrier {
	t.Helper()
	var es []crawler.Entry
	for _, u := range c.order {
		e := c.last[u]
		if e.Outcome == "redirect-target" {
			continue
		}
		settled := e.Outcome == "canonical-of"
		if !fresh {
			settled = settled || slices.Contains([]string{crawler.OutcomeNotHTML, crawler.OutcomeTooLarge, crawler.OutcomeDuplicate}, e.Outcome) ||
				(e.State == crawler.StateFailed && (e.Status == 404 || e.Status == 410)) ||
				(e.Kind == crawler.KindPage && e.State == crawler.StateDone && (e.Outcome == crawler.OutcomeOK || e.Outcome == crawler.OutcomeNotModified) && stored(u))
		}
		e.State, e.Attempts = crawler.StateQueued, 0
		if settled {
			e.State = crawler.StateDone
		}
		es = append(es, e)
	}
	n := newCarrier(crawler.NewMemFrontier())
	if _, err := n.Add(context.Background(), es); err != nil {
		t.Fatal(err)
	}
	return n
}

// memCache is a ResourceCache in memory.
type memCache struct {
	mu sync.Mutex
	m  map[string]crawler.Resource
}

func (c *memCache) Resource(_ context.Context, u string) (crawler.Resource, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[u]
	return r, ok, nil
}

func (c *memCache) PutResource(_ context.Context, r crawler.Resource) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]crawler.Resource)
	}
	c.m[r.URL] = r
	return nil
}

// pageStore plays the caller's store: the validators of every page handled
// and which pages' content it kept (the articles). handle and the
// Validators hook run on different goroutines.
type pageStore struct {
	mu         sync.Mutex
	articles   map[string]bool // canonical URLs whose content counts as stored
	validators map[string][2]string
	yielded    []string
}

func (s *pageStore) handle(_ context.Context, p crawler.Page) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.yielded = append(s.yielded, p.URL)
	if p.DuplicateOf != "" {
		s.articles[p.URL] = true // recorded as one more URL of its page
	}
	s.validators[p.URL] = [2]string{p.Header.Get("ETag"), p.Header.Get("Last-Modified")}
	return nil
}

func (s *pageStore) lookup(u string) (string, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.validators[u]
	return v[0], v[1], ok && s.articles[u]
}

func (s *pageStore) stored(u string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.articles[u]
}

// fixtureArticles returns the canonical URLs the fixture site's sitemap lists.
func fixtureArticles(t *testing.T, site string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, u := range sitemapURLs(t, site+"/sitemap.xml") {
		cu, err := crawler.CanonicalURL(u)
		if err != nil {
			t.Fatal(err)
		}
		out[cu] = true
	}
	return out
}

// TestRecrawlOnly304 crawls the fixture site, then crawls it again from
// the frontier the first crawl left (carried over as the store does): every
// request of the second crawl is conditional and answered 304 (robots.txt,
// home, list pages and the sitemap; the articles are stored and not asked
// for), nothing is yielded, and robots.txt's stored rules still keep the
// crawler out of /intern/. A fresh re-crawl asks for everything again, the
// articles too, and gets nothing but 304s, and 404s where the first crawl
// got them.
func TestRecrawlOnly304(t *testing.T) {
	site := newCondServer(t, fixtures.NewSite())
	st := &pageStore{articles: fixtureArticles(t, site.URL), validators: map[string][2]string{}}
	site.take()
	cache := &memCache{}
	front := newCarrier(crawler.NewMemFrontier())
	cfg := crawler.Config{Seeds: []string{site.URL + "/"}, Delay: -1, Validators: st.lookup, Resources: cache, Frontier: front}
	if _, err := mustNew(t, cfg).Run(context.Background(), st.handle); err != nil {
		t.Fatalf("first Run: %v", err)
	}
	first := site.take()
	hubs := map[string]bool{} // what the first crawl read besides articles
	for _, r := range first {
		if r.conditional {
			t.Errorf("first crawl: %s asked conditionally with nothing stored", r.path)
		}
		if r.status == http.StatusOK && !st.articles[site.URL+r.path] {
			hubs[r.path] = true
		}
	}
	gone := map[string]bool{} // links the site answers 404 to
	for _, r := range first {
		if r.status == http.StatusNotFound {
			gone[r.path] = true
		}
	}
	for _, p := range []string{"/robots.txt", "/sitemap.xml", "/", "/meldungen/", "/meldungen/?seite=2"} {
		if !hubs[p] {
			t.Fatalf("first crawl did not read %s; read %v", p, hubs)
		}
	}

	for _, fresh := range []bool{false, true} {
		front = front.next(t, st.stored, fresh)
		cfg.Frontier = front
		st.yielded = nil
		stats, err := mustNew(t, cfg).Run(context.Background(), st.handle)
		if err != nil {
			t.Fatalf("re-crawl (fresh %v): %v", fresh, err)
		}
		reqs := site.take()
		t.Logf("first crawl: %d requests; re-crawl (fresh %v): %d requests", len(first), fresh, len(reqs))
		asked := map[string]bool{}
		n404 := 0
		for _, r := range reqs {
			asked[r.path] = true
			if fresh && gone[r.path] && r.status == http.StatusNotFound {
				n404++ // a fresh crawl asks for what was gone again
				continue
			}
			if !r.conditional || r.status != http.StatusNotModified {
				t.Errorf("re-crawl (fresh %v): %s conditional %v, status %d; want a conditional request answered 304", fresh, r.path, r.conditional, r.status)
			}
			if strings.HasPrefix(r.path, "/intern/") {
				t.Errorf("re-crawl (fresh %v): requested %s, which the stored robots.txt disallows", fresh, r.path)
			}
		}
		for p := range hubs {
			if !asked[p] {
				t.Errorf("re-crawl (fresh %v): %s not asked for again; a changed list page would go unnoticed", fresh, p)
			}
		}
		articles := 0
		for u := range st.articles {
			if asked[strings.TrimPrefix(u, site.URL)] {
				articles++
			}
		}
		if want := map[bool]int{false: 0, true: len(st.articles)}[fresh]; articles != want {
			t.Errorf("re-crawl (fresh %v) asked for %d stored articles, want %d", fresh, articles, want)
		}
		if len(st.yielded) != 0 || stats.Fetched != 0 {
			t.Errorf("re-crawl (fresh %v) yielded %q, fetched %d; want nothing", fresh, st.yielded, stats.Fetched)
		}
		if stats.NotModified != len(reqs)-n404 || stats.Robots == 0 {
			t.Errorf("re-crawl (fresh %v): NotModified %d of %d requests (%d gone), Robots %d; want all but the gone ones, and /intern/ refused", fresh, stats.NotModified, len(reqs), n404, stats.Robots)
		}
	}
}

// TestNewCrawlReadsHubs starts a crawl with an empty frontier over a store
// that holds validators for every page (another crawl of the same site):
// pages whose content is stored are asked for conditionally, but home and
// list pages and the sitemap are read in full, because this crawl knows
// none of their links yet and a 304 would hide them.
func TestNewCrawlReadsHubs(t *testing.T) {
	site := newCondServer(t, fixtures.NewSite())
	listed := fixtureArticles(t, site.URL)
	st := &pageStore{articles: maps.Clone(listed), validators: map[string][2]string{}}
	cache := &memCache{}
	cfg := crawler.Config{Seeds: []string{site.URL + "/"}, Delay: -1, Validators: st.lookup, Resources: cache}
	if _, err := mustNew(t, cfg).Run(context.Background(), st.handle); err != nil {
		t.Fatalf("first Run: %v", err)
	}
	site.take()
	// The store holds validators for every page, hubs included, but this
	// crawl's frontier is new.
	cfg.Validators = st.lookup
	var yielded []string
	stats, err := mustNew(t, cfg).Run(context.Background(), func(_ context.Context, p crawler.Page) error {
		yielded = append(yielded, p.URL)
		return nil
	})
	if err != nil {
		t.Fatalf("second Run: %v", err)
	}
	got := map[string]condRequest{}
	for _, r := range site.take() {
		got[r.path] = r
	}
	for _, p := range []string{"/", "/meldungen/", "/meldungen/?seite=2", "/sitemap.xml"} {
		if r := got[p]; r.conditional || r.status != http.StatusOK {
			t.Errorf("%s: conditional %v, status %d; want read in full", p, r.conditional, r.status)
		}
	}
	if r := got["/robots.txt"]; !r.conditional || r.status != http.StatusNotModified {
		t.Errorf("robots.txt: conditional %v, status %d; want its stored copy confirmed by a 304", r.conditional, r.status)
	}
	for u := range listed {
		pu, _ := url.Parse(u)
		if r, ok := got[pu.RequestURI()]; !ok || !r.conditional || r.status != http.StatusNotModified {
			t.Errorf("article %s: asked %v, conditional %v, status %d; want a 304", pu.RequestURI(), ok, r.conditional, r.status)
		}
	}
	for _, u := range yielded {
		if st.articles[u] {
			t.Errorf("stored article %s yielded again", u)
		}
	}
	if stats.NotModified != len(listed)+1 {
		t.Errorf("NotModified = %d, want %d (the sitemap's articles and robots.txt)", stats.NotModified, len(listed)+1)
	}
}
