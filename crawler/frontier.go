package crawler

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// Kind is what a URL in the frontier is fetched for.
type Kind string

// Kinds of frontier entries.
const (
	KindPage    Kind = "page"    // an HTML page: yielded, its links followed
	KindSitemap Kind = "sitemap" // a sitemap or sitemap index (plain or gzipped)
	KindFeed    Kind = "feed"    // an RSS or Atom feed
	KindRobots  Kind = "robots"  // a robots.txt: a Resource only, never a frontier entry
)

// State is where a frontier entry stands.
type State string

// States of a frontier entry.
const (
	StateQueued State = "queued" // waiting to be fetched (again, after NextTry)
	StateLeased State = "leased" // handed out by Next and not yet updated
	StateDone   State = "done"   // fetched, or refused for good (robots.txt)
	StateFailed State = "failed" // given up after Config.MaxAttempts or a permanent error
)

// Entry is one URL of a crawl: the unit a Frontier stores.
type Entry struct {
	URL      string    // canonical (see CanonicalURL)
	Kind     Kind      // what it is fetched for
	Depth    int       // links away from a seed; seeds are 0
	From     string    // the URL it was discovered on; "" for seeds and robots.txt sitemaps
	Priority int       // lower is fetched first
	Optional bool      // a guessed URL (/sitemap.xml): its absence is no failure
	State    State     // see the State constants
	Attempts int       // fetch attempts so far
	NextTry  time.Time // a queued entry is not handed out before this time
	Outcome  string    // done and failed entries: what came of the last attempt (see Outcome*)
	Status   int       // HTTP status of the last attempt; 0 when no response arrived
	Error    string    // why the last attempt failed
}

// readBefore reports whether an earlier run of this crawl read e with
// status 200 (or had it confirmed by a 304): the links, sitemap entries or
// feed items it holds are in the frontier already.
func (e Entry) readBefore() bool {
	return e.Outcome == OutcomeOK || e.Outcome == OutcomeNotModified
}

// seed reports whether e is a start URL of the crawl.
func (e Entry) seed() bool { return e.Kind == KindPage && e.Depth == 0 && e.From == "" }

// Outcomes recorded in Entry.Outcome and counted by Stats.
const (
	OutcomeOK          = "ok"           // fetched and read
	OutcomeNotModified = "not-modified" // 304 to a conditional request
	OutcomeDuplicate   = "duplicate"    // same body as another URL
	OutcomeRobots      = "robots"       // refused by robots.txt
	OutcomeTooLarge    = "too-large"    // body over MaxBodySize
	OutcomeNotHTML     = "not-html"     // Content-Type says no HTML
	OutcomeHTTPError   = "http-error"   // status other than 2xx and 304
	OutcomeTimeout     = "timeout"      // no complete response within Timeout
	OutcomeTruncated   = "truncated"    // the connection closed before the body was complete
	OutcomeRedirects   = "redirects"    // a redirect loop or a chain over 10
	OutcomeError       = "error"        // anything else: connection refused, redirect off the allowed hosts, unreadable sitemap
)

// Frontier holds the URLs of one crawl and what became of them: the queue,
// the visited set (every URL it ever held) and the body fingerprints that
// find duplicates. The crawler reads and writes it from Run's goroutine
// only, but several processes may share one Frontier (see RedisFrontier),
// so implementations make Next atomic.
//
// NewMemFrontier keeps it in memory for one Run; cmd adapts the store's
// crawl tables (SQLite) so that a crawl survives a crash, and RedisFrontier
// shares one crawl between processes.
type Frontier interface {
	// Add adds the entries whose URL the frontier has never held, with
	// their State (StateQueued when empty), and returns how many were new.
	// Entries with a known URL are ignored, whatever their state.
	Add(ctx context.Context, es []Entry) (int, error)
	// Next leases up to n queued entries whose NextTry is not after now,
	// lowest Priority first and then in the order they were added, and
	// returns them with State StateLeased. Entries leased by an earlier
	// process that died must become available again (after a restart or a
	// lease timeout).
	Next(ctx context.Context, now time.Time, n int) ([]Entry, error)
	// Update stores e, a leased entry, in its new state: StateDone,
	// StateFailed, or StateQueued with NextTry and Attempts for a retry.
	Update(ctx context.Context, e Entry) error
	// Pending returns how many entries are queued and leased and the
	// earliest NextTry of the queued ones (zero when none is queued).
	// A crawl is complete when both counts are 0.
	Pending(ctx context.Context) (queued, leased int, next time.Time, err error)
	// Fingerprint records that a body with the hash sum was fetched from
	// url and returns the URL the same body was first recorded for: url
	// itself when the body is new.
	Fingerprint(ctx context.Context, sum, url string) (first string, err error)
}

// memFrontier is the in-memory Frontier of a Run without Config.Frontier.
// It is safe for concurrent use.
type memFrontier struct {
	mu      sync.Mutex
	entries map[string]*memEntry
	ready   memHeap     // queued entries, by priority and sequence
	later   []*memEntry // queued entries waiting for NextTry
	leased  int
	seq     int64
	prints  map[string]string
}

type memEntry struct {
	Entry
	seq int64
}

// NewMemFrontier returns an empty Frontier kept in memory, safe for
// concurrent use. Its state is lost with the process.
func NewMemFrontier() Frontier {
	return &memFrontier{entries: make(map[string]*memEntry), prints: make(map[string]string)}
}

func (f *memFrontier) Add(_ context.Context, es []Entry) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, e := range es {
		if _, ok := f.entries[e.URL]; ok {
			continue
		}
		if e.State == "" {
			e.State = StateQueued
		}
		f.seq++
		me := &memEntry{Entry: e, seq: f.seq}
		f.entries[e.URL] = me
		n++
		f.queue(me)
	}
	return n, nil
}

func (f *memFrontier) queue(me *memEntry) {
	switch {
	case me.State != StateQueued:
	case me.NextTry.IsZero():
		heap.Push(&f.ready, me)
	default:
		f.later = append(f.later, me)
	}
}

func (f *memFrontier) Next(_ context.Context, now time.Time, n int) ([]Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	keep := f.later[:0]
	for _, me := range f.later {
		if me.NextTry.After(now) {
			keep = append(keep, me)
		} else {
			heap.Push(&f.ready, me)
		}
	}
	clear(f.later[len(keep):])
	f.later = keep
	var out []Entry
	for len(out) < n && f.ready.Len() > 0 {
		me := heap.Pop(&f.ready).(*memEntry)
		me.State = StateLeased
		f.leased++
		out = append(out, me.Entry)
	}
	return out, nil
}

func (f *memFrontier) Update(_ context.Context, e Entry) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	me, ok := f.entries[e.URL]
	if !ok {
		return nil
	}
	if me.State == StateLeased {
		f.leased--
	}
	me.Entry = e
	f.seq++
	me.seq = f.seq
	f.queue(me)
	return nil
}

func (f *memFrontier) Pending(context.Context) (int, int, time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var next time.Time
	if f.ready.Len() > 0 {
		next = time.Unix(0, 0)
	}
	for _, me := range f.later {
		if next.IsZero() || me.NextTry.Before(next) {
			next = me.NextTry
		}
	}
	return f.ready.Len() + len(f.later), f.leased, next, nil
}

func (f *memFrontier) Fingerprint(_ context.Context, sum, url string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if first, ok := f.prints[sum]; ok {
		return first, nil
	}
	f.prints[sum] = url
	return url, nil
}

// memHeap orders queued entries by priority, then sequence.
type memHeap []*memEntry

func (h memHeap) Len() int { return len(h) }
func (h memHeap) Less(i, j int) bool {
	if h[i].Priority != h[j].Priority {
		return h[i].Priority < h[j].Priority
	}
	return h[i].seq < h[j].seq
}
func (h memHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *memHeap) Push(x any)   { *h = append(*h, x.(*memEntry)) }
func (h *memHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return x
}
