package crawler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// limiter spaces and bounds the requests to each site. colly's LimitRule is
// not used: a rule with DomainGlob "*" limits all hosts together
// (gocolly/colly#266), its delay sleeps without watching the context, and it
// cannot be retuned once robots.txt has told us a Crawl-delay.
//
// A request to a site starts only when fewer than parallel requests to it are
// open, no earlier than delay (+ jitter) after the previous request to the
// site started and no earlier than delay after the previous one finished, so
// the server never sees two requests closer together than delay.
//
// With a shared SiteBudget (Config.Budget) the same rules hold across every
// process that shares it: the local semaphore still bounds this process,
// and the budget spaces and bounds the requests of all of them together.
//
// limiter is safe for concurrent use.
type limiter struct {
	parallel int
	delay    time.Duration // default delay; <= 0 means none
	shared   SiteBudget    // nil: this process alone
	hold     time.Duration // how long a shared slot outlives a process that died holding it
	bg       context.Context
	prefix   string       // makes tokens unique across processes
	seq      atomic.Int64 // makes tokens unique within the process

	mu    sync.Mutex // guards sites
	sites map[string]*siteSlot
}

type siteSlot struct {
	sem   chan struct{}
	delay time.Duration // guarded by limiter.mu
	next  time.Time     // earliest start of the next request; guarded by limiter.mu
}

// newLimiter returns a limiter for this process; with shared, the budget is
// shared with other processes, and a slot a dead process held is given
// back after hold. bg is the context of the budget's bookkeeping, which
// must run even after the crawl was cancelled.
func newLimiter(bg context.Context, parallel int, delay time.Duration, shared SiteBudget, hold time.Duration) *limiter {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // never fails
	return &limiter{parallel: parallel, delay: delay, shared: shared, hold: hold, bg: bg,
		prefix: hex.EncodeToString(b), sites: make(map[string]*siteSlot)}
}

func (l *limiter) slot(site string) *siteSlot {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.sites[site]
	if !ok {
		s = &siteSlot{sem: make(chan struct{}, l.parallel), delay: l.delay}
		l.sites[site] = s
	}
	return s
}

// setDelay raises the delay of site to d (a robots.txt Crawl-delay); it
// never lowers it below the configured delay.
func (l *limiter) setDelay(site string, d time.Duration) {
	s := l.slot(site)
	l.mu.Lock()
	defer l.mu.Unlock()
	if d > s.delay {
		s.delay = d
	}
}

// delayOf returns the delay currently applied to site.
func (l *limiter) delayOf(site string) time.Duration {
	s := l.slot(site)
	l.mu.Lock()
	defer l.mu.Unlock()
	return s.delay
}

// acquire blocks until a request to site may start or ctx is done, and
// returns the request's token. Every successful acquire must be followed
// by exactly one release with that token.
func (l *limiter) acquire(ctx context.Context, site string) (string, error) {
	s := l.slot(site)
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	for {
		l.mu.Lock()
		now := time.Now()
		wait := s.next.Sub(now)
		delay := s.delay
		if wait <= 0 && l.shared == nil {
			if s.delay > 0 {
				s.next = now.Add(s.delay + jitter(s.delay))
			}
			l.mu.Unlock()
			return "", nil
		}
		l.mu.Unlock()
		if wait <= 0 {
			token := l.prefix + "-" + strconv.FormatInt(l.seq.Add(1), 10)
			spacing := time.Duration(0)
			if delay > 0 {
				spacing = delay + jitter(delay)
			}
			var err error
			wait, err = l.shared.Take(ctx, site, token, l.parallel, spacing, l.hold)
			if err != nil {
				<-s.sem
				if ctx.Err() != nil {
					return "", ctx.Err()
				}
				return "", fmt.Errorf("take a request to %s from the shared budget: %w", site, err)
			}
			if wait <= 0 {
				return token, nil
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-s.sem
			return "", ctx.Err()
		}
	}
}

// release ends a request to site started by acquire, which returned token.
// A shared slot that cannot be given back (Redis unreachable) is freed by
// the budget after hold.
func (l *limiter) release(site, token string) {
	s := l.slot(site)
	l.mu.Lock()
	delay := s.delay
	if s.delay > 0 {
		if next := time.Now().Add(s.delay); next.After(s.next) {
			s.next = next
		}
	}
	l.mu.Unlock()
	if l.shared != nil && token != "" {
		ctx, cancel := context.WithTimeout(l.bg, 5*time.Second)
		_ = l.shared.Return(ctx, site, token, max(delay, 0))
		cancel()
	}
	<-s.sem
}

// jitter returns a random extra wait in [0, d/2), so requests do not fall
// into a fixed rhythm.
func jitter(d time.Duration) time.Duration {
	if d < 2 {
		return 0
	}
	return mrand.N(d / 2)
}

// pause keeps every request to site from starting before until (and for
// d from now in every process sharing the budget): the site answered 429
// or 503 with Retry-After.
func (l *limiter) pause(site string, d time.Duration) error {
	s := l.slot(site)
	l.mu.Lock()
	if until := time.Now().Add(d); until.After(s.next) {
		s.next = until
	}
	l.mu.Unlock()
	if l.shared == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(l.bg, 5*time.Second)
	defer cancel()
	if err := l.shared.Pause(ctx, site, d); err != nil {
		return fmt.Errorf("pause %s in the shared budget: %w", site, err)
	}
	return nil
}
