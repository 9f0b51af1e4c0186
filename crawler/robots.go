package crawler

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/temoto/robotstxt"
)

// robotsState is what a run knows of one origin's robots.txt. It is read
// once per origin and run, before any other request to the origin, and
// serves the Allow/Disallow rules, the Crawl-delay and the Sitemap lines.
type robotsState struct {
	ready       bool
	data        *robotstxt.RobotsData // nil: everything allowed
	unavailable string                // non-empty: robots.txt could not be read, everything disallowed
	parked      []Entry               // entries waiting for ready
}

// allows reports whether robots.txt lets agent fetch pathQuery.
func (rs *robotsState) allows(pathQuery, agent string) bool {
	if rs.unavailable != "" {
		return false
	}
	if rs.data == nil {
		return true
	}
	return rs.data.TestAgent(pathQuery, agent)
}

// readRobots takes the rules, the Crawl-delay and the Sitemap lines of an
// origin's robots.txt, then starts the entries that waited for it. A
// missing robots.txt (4xx) allows everything; one that cannot be fetched
// (5xx, timeout, refused) disallows everything for this run, as RFC 9309
// section 2.3.1.4 asks: those entries are recorded as refused by robots.
// A 304 to a conditional request confirms the stored copy, which is then
// read as if it had come with this answer.
func (r *run) readRobots(ctx context.Context, res result) {
	u := res.task.e.URL
	o := origin(u)
	rs := r.robots[o]
	rs.ready = true
	status, body, read := res.status, res.body, res.outcome == OutcomeOK
	if res.outcome == OutcomeNotModified && res.task.cached != nil {
		r.stats.NotModified++
		r.stats.StatusCodes[res.status]++
		status, body, read = http.StatusOK, res.task.cached.Body, true
	}
	switch {
	case res.outcome == outcomeCanceled:
	case read:
		rd, err := robotstxt.FromStatusAndBytes(status, body)
		if err != nil {
			r.log.Debug().Str("url", u).Err(err).Msg("robots.txt unreadable")
			break
		}
		rs.data = rd
		if res.outcome == OutcomeOK {
			r.remember(ctx, KindRobots, res, body)
		}
		if g := rd.FindGroup(r.cfg.UserAgent); g != nil && g.CrawlDelay > 0 {
			site := siteKey(hostOf(u))
			r.lim.setDelay(site, min(g.CrawlDelay, maxCrawlDelay))
			r.log.Info().Str("domain", site).Dur("took", r.lim.delayOf(site)).Msg("robots.txt crawl-delay")
		}
		var es []Entry
		for _, s := range rd.Sitemaps {
			if r.feedFiles >= maxSitemaps {
				break
			}
			if e, ok := r.candidate(s, KindSitemap, 0, u); ok {
				r.feedFiles++
				es = append(es, e)
			}
		}
		if len(es) == 0 {
			es = append(es, Entry{URL: o + "/sitemap.xml", Kind: KindSitemap, From: u, Priority: prioFeed, Optional: true})
		}
		r.add(ctx, es)
	case res.status >= 400 && res.status < 500 && res.status != http.StatusTooManyRequests:
		r.add(ctx, []Entry{{URL: o + "/sitemap.xml", Kind: KindSitemap, From: u, Priority: prioFeed, Optional: true}})
	default:
		why := res.outcome
		if res.status != 0 {
			why = fmt.Sprintf("status %d", res.status)
		} else if res.err != nil {
			why = res.err.Error()
		}
		rs.unavailable = "robots.txt unavailable: " + strings.TrimSpace(why)
		r.fail(u, res.status, fmt.Errorf("fetch %s: %s", u, rs.unavailable), &r.stats.Errors)
	}
	parked := rs.parked
	rs.parked = nil
	r.parked -= len(parked)
	if r.stopping {
		return
	}
	for _, e := range parked {
		r.begin(ctx, e)
	}
}

// dropParked forgets the entries waiting for a robots.txt when the run
// stops: they stay leased and are fetched by the next run.
func (r *run) dropParked() {
	for _, rs := range r.robots {
		rs.parked = nil
	}
	r.parked = 0
}
