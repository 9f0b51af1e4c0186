package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/fixtures"
	"github.com/coopwatch/coopwatch/index"
	"github.com/coopwatch/coopwatch/internal/testredis"
)

// binDir holds the coopwatch binary the process tests build once.
var (
	binDir   string
	binOnce  sync.Once
	binPath  string
	binError error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "coopwatch-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// coopwatchBinary builds the coopwatch command once per test run.
func coopwatchBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binPath = filepath.Join(binDir, "coopwatch")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binError = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binError != nil {
		t.Fatal(binError)
	}
	return binPath
}

// logSite is the fixture site recording each request with its status.
type logSite struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []siteRequest
}

type siteRequest struct {
	path        string
	status      int
	conditional bool      // carried If-None-Match or If-Modified-Since
	at, end     time.Time // when the site started answering and began its last write
}

// statusWriter records the status of an answer and when its last part
// was handed to the connection: a large body may reach the client while
// the handler still runs, so the handler's return is no bound on when the
// client had the answer, but the start of its last write is.
type statusWriter struct {
	http.ResponseWriter
	status    int
	lastWrite time.Time
}

func (w *statusWriter) WriteHeader(s int) {
	w.lastWrite = time.Now()
	w.status = s
	w.ResponseWriter.WriteHeader(s)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.lastWrite = time.Now()
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func newLogSite(t *testing.T) *logSite { return newLogSiteWith(t, fixtures.NewSite()) }

// newLogSiteWith serves h and logs each request: when it arrived, whether
// it was conditional, and the status it got.
func newLogSiteWith(t *testing.T, h http.Handler) *logSite {
	s := &logSite{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		cond := r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""
		s.mu.Lock()
		end := sw.lastWrite
		if end.IsZero() {
			end = time.Now()
		}
		s.reqs = append(s.reqs, siteRequest{r.URL.RequestURI(), sw.status, cond, at, end})
		s.mu.Unlock()
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *logSite) take() []siteRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.reqs
	s.reqs = nil
	return r
}

// storeState reads what a data directory holds, straight from SQLite.
type storeState struct {
	Articles   []string // ids
	URLs       int      // article_urls rows
	Unfetched  int      // articles without a fetch recording them
	Unfinished int      // crawls not finished
	Open       int      // frontier entries queued or leased
}

func readStore(t *testing.T, dir string) storeState {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, "coopwatch.db")+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var s storeState
	rows, err := db.Query(`SELECT id FROM articles ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		s.Articles = append(s.Articles, id)
	}
	rows.Close()
	for q, dst := range map[string]*int{
		`SELECT count(*) FROM article_urls`: &s.URLs,
		`SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM fetches f WHERE f.canonical = a.url AND f.outcome = 'article')`: &s.Unfetched,
		`SELECT count(*) FROM crawls WHERE finished_at IS NULL`:                                                                          &s.Unfinished,
		`SELECT count(*) FROM crawl_frontier WHERE state IN ('queued', 'leased')`:                                                        &s.Open,
	} {
		if err := db.QueryRow(q).Scan(dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return s
}

func searchDocs(t *testing.T, dir string) (uint64, int) {
	t.Helper()
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st, err := ix.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.SearchDocs, st.Articles
}

func crawlArgs(site, dir string) []string {
	return []string{"crawl", "--data", dir, "--seed", site + "/", "--delay", "2ms", "--max-pages", "0", "--max-depth", "10", "--log-level", "warn"}
}

// TestCrawlTwiceConditional crawls the fixture site twice: the second
// crawl makes only conditional requests (robots.txt, home and list pages,
// the sitemap: the stored articles are not asked for at all, their links
// are in the frontier the first crawl left), every one is answered 304,
// nothing is extracted and the store is unchanged.
func TestCrawlTwiceConditional(t *testing.T) {
	site := newLogSite(t)
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), crawlArgs(site.URL, dir), nil, &out, io.Discard); err != nil {
		t.Fatalf("first crawl: %v\n%s", err, out.String())
	}
	first := readStore(t, dir)
	read := map[string]bool{} // what the first crawl read with status 200
	for _, r := range site.take() {
		if r.status == http.StatusOK {
			read[r.path] = true
		}
	}
	out.Reset()
	if err := run(context.Background(), crawlArgs(site.URL, dir), nil, &out, io.Discard); err != nil {
		t.Fatalf("second crawl: %v\n%s", err, out.String())
	}
	second := site.take()
	asked := map[string]bool{}
	for _, r := range second {
		asked[r.path] = true
		if !r.conditional || r.status != http.StatusNotModified {
			t.Errorf("second crawl: %s conditional %v, answered %d; want a conditional request answered 304", r.path, r.conditional, r.status)
		}
	}
	for _, p := range []string{"/robots.txt", "/sitemap.xml", "/", "/meldungen/", "/meldungen/?seite=2"} {
		if !read[p] || !asked[p] {
			t.Errorf("%s: read by the first crawl %v, asked for by the second %v; want both", p, read[p], asked[p])
		}
	}
	if !strings.Contains(out.String(), "articles           0") || !strings.Contains(out.String(), fmt.Sprintf("unchanged     %6d", len(second))) {
		t.Errorf("second crawl's report: want 0 articles and %d unchanged:\n%s", len(second), out.String())
	}
	if diff := cmp.Diff(first, readStore(t, dir)); diff != "" {
		t.Errorf("store changed by an unchanged re-crawl (-first +second):\n%s", diff)
	}

	out.Reset()
	if err := run(context.Background(), []string{"crawl", "--data", dir, "--stats"}, nil, &out, io.Discard); err != nil {
		t.Fatalf("crawl --stats: %v", err)
	}
	if !strings.Contains(out.String(), "unchanged ") || strings.Count(out.String(), "crawl ") != 2 {
		t.Errorf("crawl --stats does not list two crawls with their unchanged count:\n%s", out.String())
	}

	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	rec := httptest.NewRecorder()
	withMetrics(http.NotFoundHandler(), ix).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{
		`coopwatch_crawl_urls_total{outcome="unchanged"} ` + fmt.Sprint(len(second)),
		`coopwatch_crawl_urls_total{outcome="fetched"}`,
		`coopwatch_articles ` + fmt.Sprint(len(first.Articles)),
		`coopwatch_crawls{state="finished"} 2`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("/metrics lacks %q:\n%s", want, rec.Body.String())
		}
	}
}

// growingSite is the fixture site that, once grown, has one more article
// (a held-out fixture page the site does not serve otherwise), linked from
// the first list page only: the home page and the sitemap stay the same.
type growingSite struct {
	inner   http.Handler
	grown   atomic.Bool
	path    string // the new article's path
	body    []byte
	modTime time.Time
}

func newGrowingSite(t *testing.T) *growingSite {
	t.Helper()
	body, err := os.ReadFile("../../fixtures/holdout/pages/h-k21-halle-werther-steinhagen-vergabestelle.html")
	if err != nil {
		t.Fatal(err)
	}
	return &growingSite{
		inner:   fixtures.NewSite(),
		path:    "/meldung_39874_Drei+Kommunen%2C+eine+Vergabestelle.html",
		body:    body,
		modTime: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC),
	}
}

func (g *growingSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !g.grown.Load() {
		g.inner.ServeHTTP(w, r)
		return
	}
	var body []byte
	switch r.URL.RequestURI() {
	case g.path:
		body = g.body
	case "/meldungen/":
		// The list page as the site renders it, with the new article on top.
		rec := httptest.NewRecorder()
		g.inner.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, r.URL.RequestURI(), nil))
		teaser := `<div class="teaser"><h3><a href="` + g.path + `">Drei Kommunen, eine Vergabestelle</a></h3></div>` + "\n"
		body = []byte(strings.Replace(rec.Body.String(), "<h1>Meldungen</h1>\n", "<h1>Meldungen</h1>\n"+teaser, 1))
	default:
		g.inner.ServeHTTP(w, r)
		return
	}
	sum := sha256.Sum256(body)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	http.ServeContent(w, r, "page.html", g.modTime, bytes.NewReader(body))
}

// TestCrawlFindsNewArticle crawls the fixture site, adds an article linked
// from the first list page only, and crawls again: the home page and the
// sitemap answer 304, but the list page, known from the first crawl, is
// asked for again, answers 200 with the new link, and the new article is
// fetched and stored (and its links followed); nothing else the first
// crawl knew is fetched in full.
func TestCrawlFindsNewArticle(t *testing.T) {
	g := newGrowingSite(t)
	site := newLogSiteWith(t, g)
	dir := t.TempDir()
	if err := run(context.Background(), crawlArgs(site.URL, dir), nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("first crawl: %v", err)
	}
	first := readStore(t, dir)
	known := map[string]bool{}
	for _, r := range site.take() {
		known[r.path] = true
	}

	g.grown.Store(true)
	var out bytes.Buffer
	if err := run(context.Background(), crawlArgs(site.URL, dir), nil, &out, io.Discard); err != nil {
		t.Fatalf("second crawl: %v\n%s", err, out.String())
	}
	full := map[string]int{} // URLs the first crawl knew, not answered 304
	newLinks := 0
	for _, r := range site.take() {
		if !known[r.path] && r.path != g.path {
			newLinks++ // a link of the new article's page
			continue
		}
		if r.status != http.StatusNotModified || r.path == g.path {
			full[r.path] = r.status
		}
		switch r.path {
		case "/", "/sitemap.xml":
			if r.status != http.StatusNotModified {
				t.Errorf("%s answered %d, want 304 (unchanged)", r.path, r.status)
			}
		}
	}
	if diff := cmp.Diff(map[string]int{"/meldungen/": 200, g.path: 200}, full); diff != "" {
		t.Errorf("second crawl: the new article and the URLs the first crawl knew that were not answered 304 (-want +got):\n%s", diff)
	}
	if newLinks == 0 {
		t.Errorf("second crawl followed none of the new article's links")
	}
	second := readStore(t, dir)
	if len(second.Articles) != len(first.Articles)+1 || second.Unfetched != 0 || second.Unfinished != 0 {
		t.Errorf("second crawl stored %d articles (first %d), %d without fetch, %d crawls unfinished; want one more, all fetched and finished",
			len(second.Articles), len(first.Articles), second.Unfetched, second.Unfinished)
	}
	if !strings.Contains(out.String(), "articles           1") {
		t.Errorf("second crawl's report: want 1 article:\n%s", out.String())
	}
}

// TestCrawlMaxPagesPerRun crawls the fixture site with a --max-pages much
// smaller than the site, again and again: each run handles at most that
// many pages and leaves the crawl unfinished, the next one continues where
// it stopped, and the last one finishes with the store an uninterrupted
// crawl gives.
func TestCrawlMaxPagesPerRun(t *testing.T) {
	site := newLogSite(t)
	args := func(dir string) []string { return append(crawlArgs(site.URL, dir), "--max-depth", "1") }
	ref := t.TempDir()
	if err := run(context.Background(), args(ref), nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("reference crawl: %v", err)
	}
	want := readStore(t, ref)
	if len(want.Articles) < 30 {
		t.Fatalf("reference crawl stored %d articles, want the fixture site's", len(want.Articles))
	}
	site.take()

	const batch = 15
	dir := t.TempDir()
	runs := 0
	for ; runs < 10; runs++ {
		var out bytes.Buffer
		if err := run(context.Background(), append(args(dir), "--max-pages", fmt.Sprint(batch)), nil, &out, io.Discard); err != nil {
			t.Fatalf("run %d: %v\n%s", runs, err, out.String())
		}
		pages := 0
		for _, r := range site.take() {
			if r.status == http.StatusOK && r.path != "/robots.txt" && r.path != "/sitemap.xml" {
				pages++
			}
		}
		if pages > batch {
			t.Errorf("run %d fetched %d pages, want at most --max-pages %d", runs, pages, batch)
		}
		if !strings.Contains(out.String(), "left to do") {
			break
		}
		if readStore(t, dir).Unfinished != 1 {
			t.Fatalf("run %d left work but no unfinished crawl", runs)
		}
	}
	if runs < 2 || runs >= 10 {
		t.Fatalf("the crawl took %d runs of %d pages, want several and an end", runs+1, batch)
	}
	if diff := cmp.Diff(want, readStore(t, dir)); diff != "" {
		t.Errorf("store after %d runs of --max-pages %d differs from one crawl (-want +got):\n%s", runs+1, batch, diff)
	}
}

// TestCrawlKillResume kills a real crawl process at random moments and
// runs the same command again until it finishes: the store must then hold
// exactly what an uninterrupted crawl stores, every article once, each
// with its fetch, and the search index as many documents as the store.
func TestCrawlKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills processes")
	}
	bin := coopwatchBinary(t)
	site := newLogSite(t)

	ref := t.TempDir()
	if err := run(context.Background(), crawlArgs(site.URL, ref), nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("reference crawl: %v", err)
	}
	want := readStore(t, ref)
	if len(want.Articles) < 20 {
		t.Fatalf("reference crawl stored %d articles, want the fixture site's", len(want.Articles))
	}

	dir := t.TempDir()
	kills, finished := 0, false
	for attempt := 0; attempt < 40 && !finished; attempt++ {
		cmd := exec.Command(bin, crawlArgs(site.URL, dir)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		// Early kills hit start-up and the first pages; later ones the
		// middle of the crawl. After 8 kills the run may finish.
		wait := time.Duration(50+rand.IntN(700)) * time.Millisecond
		if kills >= 8 {
			wait = 5 * time.Minute
		}
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("run %d failed: %v\n%s", attempt, err, stderr.String())
			}
			finished = true
		case <-time.After(wait):
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited
			kills++
		}
	}
	if !finished {
		t.Fatal("crawl never finished")
	}
	t.Logf("crawl finished after %d kills", kills)
	got := readStore(t, dir)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("store after %d kills differs from an uninterrupted crawl (-want +got):\n%s", kills, diff)
	}
	if got.Unfetched != 0 || got.Unfinished != 0 || got.Open != 0 {
		t.Errorf("store state %+v: want every article with its fetch and the crawl finished", got)
	}
	docs, arts := searchDocs(t, dir)
	if int(docs) != arts || arts != len(want.Articles) {
		t.Errorf("search index holds %d documents, store %d articles, want %d each", docs, arts, len(want.Articles))
	}
}

// TestCrawlInterruptResume interrupts a crawl (its context is cancelled,
// as Ctrl-C does) while pages are on their way through the ingester: the
// interrupted run stores what it fetched, marks done exactly the pages it
// stored, and the same command run again finishes with the store an
// uninterrupted crawl gives.
func TestCrawlInterruptResume(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var served atomic.Int64
	site := newLogSiteWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/meldung_") && served.Add(1) == 10 {
			cancel() // the 10th article page: interrupt while it is answered
		}
		fixtures.NewSite().ServeHTTP(w, r)
	}))
	served.Store(-1 << 40) // the reference crawl is not interrupted
	ref := t.TempDir()
	if err := run(context.Background(), crawlArgs(site.URL, ref), nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("reference crawl: %v", err)
	}
	want := readStore(t, ref)

	dir := t.TempDir()
	served.Store(0)
	var out bytes.Buffer
	err := run(ctx, crawlArgs(site.URL, dir), nil, &out, io.Discard)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted crawl returned %v, want context.Canceled", err)
	}
	mid := readStore(t, dir)
	if len(mid.Articles) == 0 || len(mid.Articles) >= len(want.Articles) || mid.Unfetched != 0 || mid.Unfinished != 1 {
		t.Errorf("interrupted crawl left %d articles (of %d), %d without fetch, %d crawls unfinished; want some, each with its fetch, and the crawl unfinished",
			len(mid.Articles), len(want.Articles), mid.Unfetched, mid.Unfinished)
	}
	if n := doneWithoutFetch(t, dir); n != 0 {
		t.Errorf("%d pages marked done without their fetch record: a page is done only once it is stored", n)
	}

	served.Store(-1 << 40)
	if err := run(context.Background(), crawlArgs(site.URL, dir), nil, &out, io.Discard); err != nil {
		t.Fatalf("resumed crawl: %v\n%s", err, out.String())
	}
	if diff := cmp.Diff(want, readStore(t, dir)); diff != "" {
		t.Errorf("store after an interrupted and a resumed crawl differs from one crawl (-want +got):\n%s", diff)
	}
	docs, arts := searchDocs(t, dir)
	if int(docs) != arts {
		t.Errorf("search index holds %d documents, store %d articles", docs, arts)
	}
}

// doneWithoutFetch counts the page entries marked done after a fetch with
// status 200 that have no fetch record.
func doneWithoutFetch(t *testing.T, dir string) int {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, "coopwatch.db")+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT count(*) FROM crawl_frontier cf WHERE cf.kind = 'page' AND cf.state = 'done' AND cf.outcome IN ('ok', 'duplicate')
AND cf.status = 200 AND NOT EXISTS (SELECT 1 FROM fetches f WHERE f.url = cf.url)`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// runShared runs an owner and a worker process on one crawl through Redis
// with args and returns their reports (stdout).
func runShared(t *testing.T, bin string, args []string) (owner, worker string) {
	t.Helper()
	oc := exec.Command(bin, args...)
	wc := exec.Command(bin, append(slices.Clone(args), "--worker")...)
	var oerr, werr, oout, wout bytes.Buffer
	oc.Stderr, wc.Stderr, oc.Stdout, wc.Stdout = &oerr, &werr, &oout, &wout
	if err := oc.Start(); err != nil {
		t.Fatal(err)
	}
	if err := wc.Start(); err != nil {
		t.Fatal(err)
	}
	if err := wc.Wait(); err != nil {
		t.Errorf("worker: %v\n%s", err, werr.String())
	}
	if err := oc.Wait(); err != nil {
		t.Fatalf("owner: %v\n%s", err, oerr.String())
	}
	t.Logf("owner:\n%s\nworker:\n%s", oout.String(), wout.String())
	return oout.String(), wout.String()
}

// reportedFetched reads the fetched count of a crawl report.
func reportedFetched(t *testing.T, report string) int {
	t.Helper()
	var n int
	for line := range strings.Lines(report) {
		if _, err := fmt.Sscanf(strings.TrimSpace(line), "fetched %d", &n); err == nil {
			return n
		}
	}
	t.Fatalf("no fetched count in the report:\n%s", report)
	return 0
}

// mostAtOnce returns the most requests the site worked on at once.
func mostAtOnce(reqs []siteRequest) int {
	most := 0
	for i, r := range reqs {
		open := 0
		for _, o := range reqs[:i+1] {
			if !o.at.After(r.at) && o.end.After(r.at) {
				open++
			}
		}
		most = max(most, open)
	}
	return most
}

// TestCrawlSharedRedis runs two crawl processes on one crawl through a real
// redis-server: the owner stores, the worker only fetches. Each page is
// fetched exactly once between them, every article is stored, and the
// site never works on more than --parallel (2) requests at once: the
// per-host budget is shared, not per process.
func TestCrawlSharedRedis(t *testing.T) {
	redisURL := testredis.Start(t)
	bin := coopwatchBinary(t)
	site := newLogSite(t)
	ref := t.TempDir()
	if err := run(context.Background(), crawlArgs(site.URL, ref), nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("reference crawl: %v", err)
	}
	want := readStore(t, ref)
	site.take()

	dir := t.TempDir()
	_, wout := runShared(t, bin, append(crawlArgs(site.URL, dir), "--redis", redisURL, "--crawl", "shared-test"))
	reqs := site.take()
	counts := map[string]int{}
	for _, r := range reqs {
		counts[r.path]++
	}
	for p, n := range counts {
		if n > 1 && p != "/robots.txt" { // each process reads robots.txt once
			t.Errorf("%s fetched %d times by the two processes, want once", p, n)
		}
	}
	if n := counts["/robots.txt"]; n > 2 {
		t.Errorf("robots.txt fetched %d times, want at most once per process", n)
	}
	got := readStore(t, dir)
	if diff := cmp.Diff(want.Articles, got.Articles); diff != "" {
		t.Errorf("articles stored by the shared crawl (-want +got):\n%s", diff)
	}
	if reportedFetched(t, wout) == 0 {
		t.Errorf("the worker fetched nothing: the test shows no sharing")
	}
	if n := mostAtOnce(reqs); n > 2 {
		t.Errorf("the site worked on %d requests at once, want at most --parallel 2 for both processes together", n)
	}
}

// TestCrawlSharedRedisDelay runs two crawl processes on one crawl with
// --parallel 1 and --delay 20ms: whichever process sends it, each request
// reaches the site at least the delay after the previous one ended, as if
// one process crawled.
func TestCrawlSharedRedisDelay(t *testing.T) {
	redisURL := testredis.Start(t)
	bin := coopwatchBinary(t)
	site := newLogSite(t)
	const delay = 20 * time.Millisecond
	args := append(crawlArgs(site.URL, t.TempDir()), "--redis", redisURL, "--crawl", "delay-test",
		"--max-depth", "1", "--parallel", "1", "--delay", delay.String())
	oout, wout := runShared(t, bin, args)
	if reportedFetched(t, oout) == 0 || reportedFetched(t, wout) == 0 {
		t.Fatalf("one process fetched nothing: the test shows no sharing")
	}
	reqs := site.take()
	slices.SortFunc(reqs, func(a, b siteRequest) int { return a.at.Compare(b.at) })
	if len(reqs) < 20 {
		t.Fatalf("the site saw %d requests, want the fixture site's home, lists, sitemap and articles", len(reqs))
	}
	for i := 1; i < len(reqs); i++ { // one host: the site's
		if gap := reqs[i].at.Sub(reqs[i-1].end); gap < delay {
			t.Errorf("%s reached the site %v after %s was answered, want at least --delay %v", reqs[i].path, gap, reqs[i-1].path, delay)
		}
	}
}
