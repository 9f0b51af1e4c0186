package crawler_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/rs/zerolog"

	"github.com/coopwatch/coopwatch/crawler"
)

// collect runs c and returns the pages handle received, keyed by path?query.
func collect(t *testing.T, ctx context.Context, c *crawler.Crawler) (map[string]crawler.Page, crawler.Stats, error) {
	t.Helper()
	got := make(map[string]crawler.Page)
	var dups []string
	st, err := c.Run(ctx, func(_ context.Context, p crawler.Page) error {
		if p.DuplicateOf != "" {
			if p.Body != nil {
				t.Errorf("duplicate %s of %s has a body", p.URL, p.DuplicateOf)
			}
			return nil
		}
		u, err := url.Parse(p.URL)
		if err != nil {
			t.Errorf("page URL %q: %v", p.URL, err)
			return nil
		}
		k := u.RequestURI()
		if _, ok := got[k]; ok {
			dups = append(dups, k)
		}
		got[k] = p
		return nil
	})
	if len(dups) > 0 {
		t.Errorf("pages yielded more than once: %q", dups)
	}
	return got, st, err
}

func mustNew(t *testing.T, cfg crawler.Config) *crawler.Crawler {
	t.Helper()
	c, err := crawler.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestRunSite(t *testing.T) {
	other := newOther(t)
	site := newSite(t, other.URL)
	c := mustNew(t, crawler.Config{
		Seeds:       []string{site.URL + "/"},
		Delay:       -1,
		MaxBodySize: testMaxBody,
		Now:         func() time.Time { return time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC) },
	})
	pages, st, err := collect(t, context.Background(), c)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	var paths []string
	for p := range pages {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	want := []string{
		"/", "/a.html", "/b.html", "/c.html?id=1", "/deep/1.html", "/deep/2.html", "/deep/3.html",
		"/exact.html", "/latin1-header.html", "/latin1.html", "/only-in-sitemap.html",
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("yielded pages (-want +got):\n%s", diff)
	}

	for _, r := range site.requests() {
		if strings.HasPrefix(r.path, "/private/") {
			t.Errorf("requested %s, which robots.txt disallows", r.path)
		}
	}
	for _, p := range []string{"/doc.pdf", "/deep/4.html"} {
		if n := site.count(p); n != 0 {
			t.Errorf("requested %s %d times, want never", p, n)
		}
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("other host got %d requests, want 0: %v", n, other.requests())
	}
	seen := map[string]int{}
	for _, r := range site.requests() {
		seen[r.path]++
	}
	for p, n := range seen {
		if n > 1 && p != "/robots.txt" { // colly reads robots.txt itself, so do we for Crawl-delay and sitemaps
			t.Errorf("requested %s %d times, want once", p, n)
		}
	}
	if n := seen["/b.html"] + seen["/b.html?utm_source=newsletter&utm_medium=mail"]; n != 1 {
		t.Errorf("/b.html requested %d times under its spellings, want 1", n)
	}
	if n := seen["/c.html?id=1"] + seen["/c.html?id=1&sid=0123abcd"] + seen["/c.html?sid=0123abcd&id=1"]; n != 1 {
		t.Errorf("/c.html?id=1 requested %d times under its spellings, want 1", n)
	}

	for _, p := range []string{"/latin1.html", "/latin1-header.html"} {
		pg := pages[p]
		if !utf8.Valid(pg.Body) || !strings.Contains(string(pg.Body), "Gießen") {
			t.Errorf("%s body = %q, want valid UTF-8 containing Gießen", p, pg.Body)
		}
	}
	if b := string(pages["/latin1-header.html"].Body); !strings.Contains(b, "Münster") {
		t.Errorf("/latin1-header.html body = %q, want Münster decoded once", b)
	}
	for p, pg := range pages {
		if ct := pg.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s Content-Type = %q, want text/html; charset=utf-8", p, ct)
		}
		if pg.StatusCode != http.StatusOK {
			t.Errorf("%s StatusCode = %d, want 200", p, pg.StatusCode)
		}
		if !pg.FetchedAt.Equal(time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)) {
			t.Errorf("%s FetchedAt = %v, want the injected clock", p, pg.FetchedAt)
		}
		if !strings.HasPrefix(pg.URL, site.URL+"/") {
			t.Errorf("page URL %q, want under %s", pg.URL, site.URL)
		}
	}
	if got := len(pages["/exact.html"].Body); got != testMaxBody {
		t.Errorf("/exact.html body has %d bytes, want %d (a body exactly at the limit is whole)", got, testMaxBody)
	}

	counts := map[string][2]int{ // got, want
		"Yielded":    {st.Yielded, len(want)},
		"Fetched":    {st.Fetched, len(want) + 1},  // + /dup.html; /redirect may add one more
		"TooLarge":   {st.TooLarge, 2},             // /big.html, /big-cl.html
		"NotHTML":    {st.NotHTML, 1},              // /image
		"Skipped":    {st.Skipped, 1},              // /doc.pdf
		"HTTPErrors": {st.HTTPErrors, 2},           // /missing.html, /gone.html
		"Robots":     {st.Robots, 2},               // /private/secret.html, /private/from-sitemap.html
		"Duplicate":  {st.Duplicate, 2},            // /dup.html, /redirect → /a.html
		"Sitemaps":   {st.Sitemaps, 2},             // index + urlset; /sitemap.xml is 404 and optional
		"Errors":     {st.Errors + st.Timeouts, 1}, // /away redirects to the other host
	}
	for name, c := range counts {
		if name == "Fetched" {
			if c[0] < c[1] || c[0] > c[1]+1 {
				t.Errorf("Stats.Fetched = %d, want %d or %d", c[0], c[1], c[1]+1)
			}
			continue
		}
		if c[0] != c[1] {
			t.Errorf("Stats.%s = %d, want %d", name, c[0], c[1])
		}
	}
	if diff := cmp.Diff(map[int]int{404: 1, 410: 1}, st.StatusCodes); diff != "" {
		t.Errorf("Stats.StatusCodes (-want +got):\n%s", diff)
	}
	var failed []string
	for _, f := range st.Failures {
		failed = append(failed, strings.TrimPrefix(f.URL, site.URL))
	}
	slices.Sort(failed)
	if diff := cmp.Diff([]string{"/away", "/gone.html", "/missing.html"}, failed); diff != "" {
		t.Errorf("Stats.Failures (-want +got):\n%s", diff)
	}
}

func TestRunMaxPages(t *testing.T) {
	site := newSite(t, "http://127.0.0.1:1")
	for _, max := range []int{1, 3, 5} {
		c := mustNew(t, crawler.Config{Seeds: []string{site.URL}, Delay: -1, MaxPages: max, MaxBodySize: testMaxBody})
		pages, st, err := collect(t, context.Background(), c)
		if err != nil {
			t.Fatalf("MaxPages %d: Run: %v", max, err)
		}
		if len(pages) != max || st.Yielded != max {
			t.Errorf("MaxPages %d: handle got %d pages, Stats.Yielded = %d, want %d", max, len(pages), st.Yielded, max)
		}
	}
}

func TestRunMaxDepth(t *testing.T) {
	site := newSite(t, "http://127.0.0.1:1")
	c := mustNew(t, crawler.Config{Seeds: []string{site.URL}, Delay: -1, MaxDepth: 2, MaxBodySize: testMaxBody})
	pages, _, err := collect(t, context.Background(), c)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	// / is depth 0, /a.html 1, /deep/1.html 2, /deep/2.html 3.
	if _, ok := pages["/deep/1.html"]; !ok {
		t.Errorf("/deep/1.html (depth 2) not yielded")
	}
	if n := site.count("/deep/2.html"); n != 0 {
		t.Errorf("/deep/2.html (depth 3) requested %d times with MaxDepth 2", n)
	}
	if _, ok := pages["/only-in-sitemap.html"]; !ok {
		t.Errorf("/only-in-sitemap.html (sitemap, depth 1) not yielded")
	}
}

func TestRunSeen(t *testing.T) {
	site := newSite(t, "http://127.0.0.1:1")
	stored := map[string]bool{site.URL + "/c.html?id=1": true, site.URL + "/": true}
	c := mustNew(t, crawler.Config{
		Seeds: []string{site.URL}, Delay: -1, MaxBodySize: testMaxBody,
		Seen: func(u string) bool { return stored[u] },
	})
	pages, st, err := collect(t, context.Background(), c)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if _, ok := pages["/"]; ok {
		t.Errorf("seed / yielded although Seen knows it")
	}
	_, b := pages["/b.html"]
	_, dup := pages["/dup.html"] // same body: whichever arrives first
	if !b && !dup {
		t.Errorf("/b.html not yielded: the seed Seen knows must still be read for links")
	}
	for _, p := range []string{"/c.html?id=1", "/c.html?sid=0123abcd&id=1"} {
		if n := site.count(p); n != 0 {
			t.Errorf("%s requested %d times although Seen knows it", p, n)
		}
	}
	if st.Seen == 0 {
		t.Errorf("Stats.Seen = 0, want > 0")
	}
}

func TestRunHandleError(t *testing.T) {
	site := newSite(t, "http://127.0.0.1:1")
	c := mustNew(t, crawler.Config{Seeds: []string{site.URL}, Delay: -1, MaxBodySize: testMaxBody})
	var mu sync.Mutex
	n := 0
	st, err := c.Run(context.Background(), func(_ context.Context, p crawler.Page) error {
		if p.DuplicateOf != "" {
			return nil
		}
		mu.Lock()
		n++
		mu.Unlock()
		if strings.HasSuffix(p.URL, "/b.html") {
			return errors.New("store: disk full")
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Run: %v, want nil: a handle error is not fatal", err)
	}
	if st.HandleErrors != 1 {
		t.Errorf("Stats.HandleErrors = %d, want 1", st.HandleErrors)
	}
	if n != st.Yielded || n < 5 {
		t.Errorf("handle called %d times, Stats.Yielded = %d: the crawl must go on after a handle error", n, st.Yielded)
	}
}

func TestRunCancel(t *testing.T) {
	mux := http.NewServeMux()
	links := []string{"/slow"}
	for i := range 50 {
		links = append(links, fmt.Sprintf("/p%d", i))
	}
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(page("Start", links...)))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // answers only when the client gives up
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(page(r.URL.Path, "/")))
	})
	site := newServer(t, mux)
	const parallel = 4
	c := mustNew(t, crawler.Config{Seeds: []string{site.URL}, Delay: 100 * time.Millisecond, Parallel: parallel})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	type ret struct {
		st  crawler.Stats
		err error
	}
	done := make(chan ret, 1)
	go func() {
		st, err := c.Run(ctx, func(ctx context.Context, p crawler.Page) error {
			cancel()
			return ctx.Err()
		})
		done <- ret{st, err}
	}()
	select {
	case r := <-done:
		if !errors.Is(r.err, context.Canceled) {
			t.Errorf("Run error = %v, want context.Canceled", r.err)
		}
		if r.st.HandleErrors != 0 {
			t.Errorf("Stats.HandleErrors = %d: ctx's own error from handle is no handle failure", r.st.HandleErrors)
		}
		if r.st.Yielded != 1 {
			t.Errorf("Stats.Yielded = %d, want 1", r.st.Yielded)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
	n := 0
	for _, r := range site.requests() {
		if r.path != "/" && r.path != "/robots.txt" {
			n++
		}
	}
	if n > parallel {
		t.Errorf("server saw %d page requests after the first page cancelled the crawl, want at most %d", n, parallel)
	}
}

func TestRunCancelSlowRequest(t *testing.T) {
	started := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
	})
	site := newServer(t, mux)
	c := mustNew(t, crawler.Config{Seeds: []string{site.URL}, Delay: -1, Timeout: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Run(ctx, func(context.Context, crawler.Page) error { return nil })
		done <- err
	}()
	<-started
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run error = %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not abort a request in flight when its context was cancelled")
	}
}

// TestRunDelay checks the politeness behaviour, not speed: with Parallel 1
// the server never sees two requests closer together than Delay.
func TestRunDelay(t *testing.T) {
	site := newSite(t, "http://127.0.0.1:1")
	const delay = 50 * time.Millisecond
	c := mustNew(t, crawler.Config{Seeds: []string{site.URL}, Delay: delay, Parallel: 1, MaxPages: 4, MaxBodySize: testMaxBody})
	if _, _, err := collect(t, context.Background(), c); err != nil {
		t.Fatalf("Run: %v", err)
	}
	var times []time.Time
	for _, r := range site.requests() {
		if r.path != "/robots.txt" { // colly's own robots.txt check is not rate-limited
			times = append(times, r.at)
		}
	}
	if len(times) < 4 {
		t.Fatalf("server saw %d requests, want at least 4", len(times))
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < delay {
			t.Errorf("requests %d and %d were %v apart, want at least %v", i-1, i, gap, delay)
		}
	}
}

func TestRunCrawlDelay(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nCrawl-delay: 0.1\n"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(page(r.URL.Path, "/1", "/2")))
	})
	site := newServer(t, mux)
	c := mustNew(t, crawler.Config{Seeds: []string{site.URL}, Delay: -1, Parallel: 1})
	if _, _, err := collect(t, context.Background(), c); err != nil {
		t.Fatalf("Run: %v", err)
	}
	var times []time.Time
	for _, r := range site.requests() {
		if r.path != "/robots.txt" {
			times = append(times, r.at)
		}
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 100*time.Millisecond {
			t.Errorf("requests %d and %d were %v apart, want at least the Crawl-delay 100ms", i-1, i, gap)
		}
	}
}

func TestRunSeedFails(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /\n"))
	})
	site := newServer(t, mux)
	down := newServer(t, http.NotFoundHandler())
	for _, seed := range []string{site.URL + "/", down.URL + "/start"} {
		c := mustNew(t, crawler.Config{Seeds: []string{seed}, Delay: -1})
		_, err := c.Run(context.Background(), func(context.Context, crawler.Page) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "no seed could be fetched") {
			t.Errorf("Run(%s) error = %v, want no seed could be fetched", seed, err)
		}
	}
}

func TestNewInvalid(t *testing.T) {
	tests := []struct {
		name string
		cfg  crawler.Config
		want string // in the error
	}{
		{"no seeds", crawler.Config{}, "no seeds"},
		{"relative seed", crawler.Config{Seeds: []string{"/meldungen"}}, `"/meldungen"`},
		{"ftp seed", crawler.Config{Seeds: []string{"ftp://kommune21.de/"}}, `"ftp://kommune21.de/"`},
		{"bad seed", crawler.Config{Seeds: []string{"http://[::1"}}, `"http://[::1"`},
		{"host with scheme", crawler.Config{Seeds: []string{"https://kommune21.de"}, AllowedHosts: []string{"https://kommune21.de"}}, `allowed host "https://kommune21.de"`},
		{"seed outside allowed hosts", crawler.Config{Seeds: []string{"https://move-online.de/"}, AllowedHosts: []string{"www.kommune21.de"}}, `host move-online.de is not among AllowedHosts`},
		{"negative pages", crawler.Config{Seeds: []string{"https://kommune21.de"}, MaxPages: -1}, "MaxPages -1"},
		{"negative depth", crawler.Config{Seeds: []string{"https://kommune21.de"}, MaxDepth: -2}, "MaxDepth -2"},
		{"negative parallel", crawler.Config{Seeds: []string{"https://kommune21.de"}, Parallel: -1}, "Parallel -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := crawler.New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New() error = %v, want one containing %s", err, tt.want)
			}
		})
	}
}

func TestRunLogs(t *testing.T) {
	site := newSite(t, "http://127.0.0.1:1")
	var buf bytes.Buffer
	c := mustNew(t, crawler.Config{
		Seeds: []string{site.URL}, Delay: -1, MaxPages: 2, MaxBodySize: testMaxBody,
		Log: zerolog.New(zerolog.SyncWriter(&buf)).Level(zerolog.DebugLevel), // logged from several goroutines
	})
	if _, _, err := collect(t, context.Background(), c); err != nil {
		t.Fatalf("Run: %v", err)
	}
	var fetched, summary int
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var e map[string]any
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("log is not JSON lines: %v", err)
		}
		switch e["message"] {
		case "fetched":
			fetched++
			if e["level"] != "debug" || e["url"] == nil || e["status"] == nil || e["took"] == nil {
				t.Errorf("fetched entry %v: want level debug with url, status, took", e)
			}
		case "crawl finished":
			summary++
			if e["level"] != "info" || e["count"] != 2.0 || e["took"] == nil {
				t.Errorf("summary %v: want level info, count 2, took", e)
			}
		}
	}
	if fetched == 0 || summary != 1 {
		t.Errorf("log has %d fetched entries and %d summaries, want some and 1", fetched, summary)
	}
}

func TestRunTimeout(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(page("Start", "/slow", "/fast")))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answers in time
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(page(r.URL.Path)))
	})
	site := newServer(t, mux)
	c := mustNew(t, crawler.Config{Seeds: []string{site.URL}, Delay: -1, Timeout: 200 * time.Millisecond, RetryWait: time.Millisecond})
	pages, st, err := collect(t, context.Background(), c)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if st.Timeouts != 1 || len(st.Failures) != 1 || st.Failures[0].URL != site.URL+"/slow" {
		t.Errorf("Stats.Timeouts = %d, Failures = %v, want /slow timed out", st.Timeouts, st.Failures)
	}
	if _, ok := pages["/fast"]; !ok {
		t.Errorf("/fast not yielded: a timeout must not stop the crawl")
	}
}
