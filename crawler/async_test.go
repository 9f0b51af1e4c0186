package crawler_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/crawler"
)

// updates is a Frontier that counts the crawler's Update calls per URL
// and remembers every entry's last state.
type updates struct {
	crawler.Frontier
	mu     sync.Mutex
	n      map[string]int
	states map[string]crawler.Entry
}

func newUpdates() *updates {
	return &updates{Frontier: crawler.NewMemFrontier(), n: map[string]int{}, states: map[string]crawler.Entry{}}
}

func (f *updates) Update(ctx context.Context, e crawler.Entry) error {
	f.mu.Lock()
	f.n[e.URL]++
	f.mu.Unlock()
	return f.record(ctx, e)
}

// record stores e without counting: a handler's own write.
func (f *updates) record(ctx context.Context, e crawler.Entry) error {
	f.mu.Lock()
	f.states[e.URL] = e
	f.mu.Unlock()
	return f.Frontier.Update(ctx, e)
}

func (f *updates) last(u string) crawler.Entry {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.states[u]
}

// receipts is a RunAsync handler that keeps the receipts it is handed
// and reports them later, in groups, from its own goroutine.
type receipts struct {
	mu      sync.Mutex
	pending []*crawler.Receipt
	pages   map[string]bool
}

func (h *receipts) handle(_ context.Context, p crawler.Page, rc *crawler.Receipt) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.pages[p.URL] = true
	h.pending = append(h.pending, rc)
}

// take returns the receipts handed over since the last take.
func (h *receipts) take() []*crawler.Receipt {
	h.mu.Lock()
	defer h.mu.Unlock()
	rcs := h.pending
	h.pending = nil
	return rcs
}

// asyncSite serves a home page linking n pages.
func asyncSite(t *testing.T, n int) *server {
	mux := http.NewServeMux()
	var links []string
	for i := range n {
		links = append(links, fmt.Sprintf("/p%d.html", i))
	}
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(page("Start", links...)))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(page(r.URL.Path)))
	})
	return newServer(t, mux)
}

// TestRunAsyncReceipts hands pages to a handler that reports them in
// groups, later, from another goroutine: one page's store fails (Done with
// an error), pages reported Done are marked done by the crawler, and every
// other page is reported Recorded: whose entry the handler stored itself, are not
// updated by the crawler at all. RunAsync returns only once every receipt
// has reported.
func TestRunAsyncReceipts(t *testing.T) {
	const n = 20
	site := asyncSite(t, n)
	front := newUpdates()
	c := mustNew(t, crawler.Config{Seeds: []string{site.URL}, Delay: -1, Parallel: 4, Frontier: front})
	h := &receipts{pages: map[string]bool{}}

	stop := make(chan struct{})
	reported := make(chan map[string]string, 1)
	go func() { // the handler's committer
		how := map[string]string{}
		k := 0
		for {
			select {
			case <-stop:
				reported <- how
				return
			case <-time.After(5 * time.Millisecond):
			}
			rcs := h.take()
			if len(rcs) == 0 {
				continue
			}
			for _, rc := range rcs {
				k++
				e := rc.Entry()
				switch {
				case strings.HasSuffix(e.URL, "/p7.html"):
					rc.Done(errors.New("store: disk full"))
					how[e.URL] = "failed"
				case k%2 == 0:
					// Stored with the page, in the handler's own transaction.
					if err := front.record(context.Background(), e); err != nil {
						t.Error(err)
					}
					rc.Recorded()
					rc.Done(nil) // a second report is ignored
					how[e.URL] = "recorded"
				default:
					rc.Done(nil)
					how[e.URL] = "done"
				}
			}
		}
	}()
	st, err := c.RunAsync(context.Background(), h.handle)
	close(stop)
	how := <-reported
	if err != nil {
		t.Fatalf("RunAsync: %v", err)
	}
	if left := h.take(); len(left) != 0 {
		t.Fatalf("RunAsync returned with %d receipts not reported", len(left))
	}
	if st.Yielded != n+1 || len(h.pages) != n+1 || st.HandleErrors != 1 || st.Pending != 0 {
		t.Errorf("Stats: yielded %d, handled %d, handle errors %d, pending %d; want %d, %d, 1, 0", st.Yielded, len(h.pages), st.HandleErrors, st.Pending, n+1, n+1)
	}
	wantUpdates, gotUpdates := map[string]int{}, map[string]int{}
	recorded := 0
	for u, k := range how {
		if k == "recorded" {
			recorded++
			wantUpdates[u] = 0 // the handler stored it, past the count
		} else {
			wantUpdates[u] = 1
		}
		gotUpdates[u] = front.n[u]
	}
	if recorded == 0 {
		t.Fatal("no group was reported Recorded: the test shows nothing")
	}
	if diff := cmp.Diff(wantUpdates, gotUpdates); diff != "" {
		t.Errorf("the crawler's frontier updates per page (-want +got):\n%s", diff)
	}
	for u, k := range how {
		want := crawler.StateDone
		if k == "failed" {
			want = crawler.StateFailed
		}
		if e := front.last(u); e.State != want {
			t.Errorf("%s reported %s: entry %s, want %s", u, k, e.State, want)
		}
	}
}

// TestRunAsyncCancel: a handler that holds its pages until the crawl is
// interrupted and then drops them (Done with ctx's error) leaves them to
// be fetched again: no handle error, their entries not updated.
func TestRunAsyncCancel(t *testing.T) {
	site := asyncSite(t, 10)
	front := newUpdates()
	c := mustNew(t, crawler.Config{Seeds: []string{site.URL}, Delay: -1, Frontier: front})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := &receipts{pages: map[string]bool{}}
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		<-ctx.Done()
		for {
			for _, rc := range h.take() {
				rc.Done(ctx.Err())
			}
			select {
			case <-finished:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	st, err := c.RunAsync(ctx, func(ctx context.Context, p crawler.Page, rc *crawler.Receipt) {
		h.handle(ctx, p, rc)
		if len(h.pages) >= 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("RunAsync error = %v, want context.Canceled", err)
	}
	if st.HandleErrors != 0 || st.Yielded < 3 {
		t.Errorf("Stats: handle errors %d, yielded %d; want 0 and at least 3", st.HandleErrors, st.Yielded)
	}
	for u := range h.pages {
		if front.n[u] != 0 {
			t.Errorf("%s dropped by the handler, yet updated %d times; want it left leased", u, front.n[u])
		}
	}
	if _, leased, _, _ := front.Pending(context.Background()); leased < len(h.pages) {
		t.Errorf("%d entries leased after the run, want at least the %d pages dropped", leased, len(h.pages))
	}
}
