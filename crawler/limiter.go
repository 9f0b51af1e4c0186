package crawler

import (
	"context"
	"math/rand/v2"
	"sync"
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
// limiter is safe for concurrent use.
type limiter struct {
	parallel int
	delay    time.Duration // default delay; <= 0 means none

	mu    sync.Mutex // guards sites
	sites map[string]*siteSlot
}

type siteSlot struct {
	sem   chan struct{}
	delay time.Duration // guarded by limiter.mu
	next  time.Time     // earliest start of the next request; guarded by limiter.mu
}

func newLimiter(parallel int, delay time.Duration) *limiter {
	return &limiter{parallel: parallel, delay: delay, sites: make(map[string]*siteSlot)}
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

// acquire blocks until a request to site may start or ctx is done. Every
// successful acquire must be followed by exactly one release.
func (l *limiter) acquire(ctx context.Context, site string) error {
	s := l.slot(site)
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	for {
		l.mu.Lock()
		now := time.Now()
		wait := s.next.Sub(now)
		if wait <= 0 {
			if s.delay > 0 {
				s.next = now.Add(s.delay + jitter(s.delay))
			}
			l.mu.Unlock()
			return nil
		}
		l.mu.Unlock()
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-s.sem
			return ctx.Err()
		}
	}
}

// release ends a request to site started by acquire.
func (l *limiter) release(site string) {
	s := l.slot(site)
	l.mu.Lock()
	if s.delay > 0 {
		if next := time.Now().Add(s.delay); next.After(s.next) {
			s.next = next
		}
	}
	l.mu.Unlock()
	<-s.sem
}

// jitter returns a random extra wait in [0, d/2), so requests do not fall
// into a fixed rhythm.
func jitter(d time.Duration) time.Duration {
	if d < 2 {
		return 0
	}
	return rand.N(d / 2)
}

// pause keeps every request to site from starting before until: the site
// answered 429 or 503 with Retry-After.
func (l *limiter) pause(site string, until time.Time) {
	s := l.slot(site)
	l.mu.Lock()
	defer l.mu.Unlock()
	if until.After(s.next) {
		s.next = until
	}
}
