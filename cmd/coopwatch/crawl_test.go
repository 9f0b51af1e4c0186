package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/fixtures"
	"github.com/coopwatch/coopwatch/index"
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
	path   string
	status int
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) { w.status = s; w.ResponseWriter.WriteHeader(s) }
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func newLogSite(t *testing.T) *logSite {
	s := &logSite{}
	h := fixtures.NewSite()
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		s.mu.Lock()
		s.reqs = append(s.reqs, siteRequest{r.URL.RequestURI(), sw.status})
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

// articlePaths are the path?query of the fixture articles.
func articlePaths(t *testing.T) map[string]bool {
	t.Helper()
	var gold []struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(fixtures.Gold(), &gold); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, g := range gold {
		u, err := url.Parse(g.URL)
		if err != nil {
			t.Fatal(err)
		}
		out[u.RequestURI()] = true
	}
	return out
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

// TestCrawlTwiceConditional crawls the fixture site twice: the second crawl
// asks with the validators of the first, every article answers 304 and
// nothing is extracted or stored again.
func TestCrawlTwiceConditional(t *testing.T) {
	site := newLogSite(t)
	dir := t.TempDir()
	articles := articlePaths(t)
	var out bytes.Buffer
	if err := run(context.Background(), crawlArgs(site.URL, dir), nil, &out, io.Discard); err != nil {
		t.Fatalf("first crawl: %v\n%s", err, out.String())
	}
	first := readStore(t, dir)
	served := 0 // fixture articles the site serves (gold entries may share a URL)
	for _, r := range site.take() {
		if articles[r.path] && r.status == http.StatusOK {
			served++
		}
	}
	out.Reset()
	if err := run(context.Background(), crawlArgs(site.URL, dir), nil, &out, io.Discard); err != nil {
		t.Fatalf("second crawl: %v\n%s", err, out.String())
	}
	var notModified int
	for _, r := range site.take() {
		if !articles[r.path] {
			continue // lists, home, robots.txt and sitemap send no validators
		}
		if r.status != http.StatusNotModified {
			t.Errorf("second crawl: %s answered %d, want 304", r.path, r.status)
		}
		notModified++
	}
	if notModified != served || served < 20 {
		t.Errorf("second crawl: %d conditional article requests, want one per article of the first crawl (%d)", notModified, served)
	}
	if !strings.Contains(out.String(), "articles           0") {
		t.Errorf("second crawl extracted articles again:\n%s", out.String())
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
		`coopwatch_crawl_urls_total{outcome="unchanged"} ` + fmt.Sprint(len(first.Articles)), // validators are kept for articles only
		`coopwatch_crawl_urls_total{outcome="fetched"}`,
		`coopwatch_articles ` + fmt.Sprint(len(first.Articles)),
		`coopwatch_crawls{state="finished"} 2`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("/metrics lacks %q:\n%s", want, rec.Body.String())
		}
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

// freePort returns a free loopback port.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startRedis starts a redis-server on a free loopback port for the test.
// Without redis-server the test is skipped, unless COOPWATCH_REDIS_TESTS=1
// (CI installs Debian's redis-server) makes it fail.
func startRedis(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("COOPWATCH_REDIS_TESTS") == "1" {
			t.Fatal("redis-server not found and COOPWATCH_REDIS_TESTS=1: install Debian's redis-server")
		}
		t.Skip("redis-server not installed (apt-get install redis-server); set COOPWATCH_REDIS_TESTS=1 to make this a failure")
	}
	port := freePort(t)
	cmd := exec.Command(path, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for i := 0; ; i++ {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if i > 100 {
			t.Fatalf("redis-server on %s did not come up: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "redis://" + addr + "/0"
}

// TestCrawlSharedRedis runs two crawl processes on one crawl through a real
// redis-server: the owner stores, the worker only fetches. Each page is
// fetched exactly once between them, and every article is stored.
func TestCrawlSharedRedis(t *testing.T) {
	redisURL := startRedis(t)
	bin := coopwatchBinary(t)
	site := newLogSite(t)
	ref := t.TempDir()
	if err := run(context.Background(), crawlArgs(site.URL, ref), nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("reference crawl: %v", err)
	}
	want := readStore(t, ref)
	site.take()

	dir := t.TempDir()
	args := append(crawlArgs(site.URL, dir), "--redis", redisURL, "--crawl", "shared-test")
	owner := exec.Command(bin, args...)
	worker := exec.Command(bin, append(slices.Clone(args), "--worker")...)
	var oerr, werr, oout, wout bytes.Buffer
	owner.Stderr, worker.Stderr, owner.Stdout, worker.Stdout = &oerr, &werr, &oout, &wout
	if err := owner.Start(); err != nil {
		t.Fatal(err)
	}
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	if err := worker.Wait(); err != nil {
		t.Errorf("worker: %v\n%s", err, werr.String())
	}
	if err := owner.Wait(); err != nil {
		t.Fatalf("owner: %v\n%s", err, oerr.String())
	}
	t.Logf("owner:\n%s\nworker:\n%s", oout.String(), wout.String())

	counts := map[string]int{}
	for _, r := range site.take() {
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
	if !strings.Contains(wout.String(), "fetched") {
		t.Errorf("worker printed no report")
	}
}
