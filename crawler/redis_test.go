package crawler_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/coopwatch/coopwatch/crawler"
	"github.com/coopwatch/coopwatch/internal/testredis"
)

// span is when the server worked on one request: from its arrival to the
// start of the answer.
type span struct {
	path       string
	start, end time.Time
}

// slowSite serves a home page linking to n leaf pages, each answered after
// a pause, so that requests from several crawlers would overlap, and
// records when it worked on each request.
type slowSite struct {
	*httptest.Server
	mu    sync.Mutex
	spans []span
}

func newSlowSite(t *testing.T, n int, pause time.Duration) *slowSite {
	t.Helper()
	s := &slowSite{}
	links := make([]string, n)
	for i := range links {
		links[i] = fmt.Sprintf("/p/%d.html", i)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		body := page("Start", links...)
		switch r.URL.Path {
		case "/robots.txt", "/sitemap.xml":
			body = ""
		case "/":
		default:
			time.Sleep(pause)
			body = page(r.URL.Path)
		}
		// The end is taken before the answer is written: the client may
		// have it before the handler returns.
		end := time.Now()
		s.mu.Lock()
		s.spans = append(s.spans, span{r.URL.Path, start, end})
		s.mu.Unlock()
		if body == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

// sorted returns the spans by start.
func (s *slowSite) sorted() []span {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.spans)
	slices.SortFunc(out, func(a, b span) int { return a.start.Compare(b.start) })
	return out
}

// crawlShared runs two crawlers on one crawl through Redis, each with its
// own connection and the shared budget, and returns how many pages each
// fetched.
func crawlShared(t *testing.T, redisURL, name, seed string, cfg crawler.Config) [2]int {
	t.Helper()
	ctx := context.Background()
	var fetched [2]int
	var errs [2]error
	var wg sync.WaitGroup
	for i := range 2 {
		rf, err := crawler.OpenRedisFrontier(ctx, redisURL, name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { rf.Close() })
		c := cfg
		c.Seeds, c.Frontier, c.Budget = []string{seed}, rf, rf.Budget()
		cr := mustNew(t, c)
		wg.Go(func() {
			st, err := cr.Run(ctx, func(context.Context, crawler.Page) error { return nil })
			fetched[i], errs[i] = st.Fetched, err
		})
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return fetched
}

// TestRedisBudgetParallel runs two crawlers on one crawl with Parallel 2:
// sharing the budget, the server never works on more than two requests at
// once (alone, each crawler would send two).
func TestRedisBudgetParallel(t *testing.T) {
	redisURL := testredis.Start(t)
	site := newSlowSite(t, 40, 25*time.Millisecond)
	fetched := crawlShared(t, redisURL, "parallel", site.URL+"/", crawler.Config{Delay: -1, Parallel: 2})
	if fetched[0] == 0 || fetched[1] == 0 || fetched[0]+fetched[1] != 41 {
		t.Fatalf("the crawlers fetched %v pages, want 41 between them, some each", fetched)
	}
	spans := site.sorted()
	most := 0
	for i, s := range spans {
		open := 1
		for _, o := range spans[:i] {
			if o.end.After(s.start) {
				open++
			}
		}
		most = max(most, open)
	}
	if most > 2 {
		t.Errorf("the server worked on %d requests at once, want at most Parallel 2 for both crawlers together", most)
	}
}

// TestRedisBudgetDelay runs two crawlers on one crawl with Parallel 1 and a
// delay: sharing the budget, each request reaches the server at least the
// delay after the previous one ended, whichever crawler sent them.
func TestRedisBudgetDelay(t *testing.T) {
	redisURL := testredis.Start(t)
	const delay = 15 * time.Millisecond
	site := newSlowSite(t, 20, time.Millisecond)
	fetched := crawlShared(t, redisURL, "delay", site.URL+"/", crawler.Config{Delay: delay, Parallel: 1})
	if fetched[0] == 0 || fetched[1] == 0 {
		t.Fatalf("the crawlers fetched %v pages, want some each", fetched)
	}
	spans := site.sorted()
	for i := 1; i < len(spans); i++ {
		if gap := spans[i].start.Sub(spans[i-1].end); gap < delay {
			t.Errorf("%s started %v after %s ended, want at least the delay %v", spans[i].path, gap, spans[i-1].path, delay)
		}
	}
}
