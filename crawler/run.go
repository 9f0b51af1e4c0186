package crawler

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/rs/zerolog"
	"github.com/temoto/robotstxt"
)

// errOffHost is returned by the redirect check for a redirect that leaves
// the allowed hosts.
var errOffHost = errors.New("host not allowed")

// errTooManyRedirects stops a redirect chain, like net/http does.
var errTooManyRedirects = errors.New("stopped after 10 redirects")

type taskKind int

const (
	kindPage taskKind = iota
	kindRobots
	kindSitemap
)

// task is one URL in the frontier.
type task struct {
	url      string // canonical
	depth    int
	kind     taskKind
	seed     bool
	optional bool // a guessed URL (/sitemap.xml): its absence is no failure
}

type outcome int

const (
	outOK outcome = iota
	outNotHTML
	outTooLarge
	outNotModified
	outHTTPError
	outTimeout
	outDuplicate
	outCanceled
	outError
)

var outcomeNames = [...]string{"ok", "not html", "too large", "not modified", "http error", "timeout", "duplicate", "canceled", "error"}

func (o outcome) String() string { return outcomeNames[o] }

// result is what one request produced. Every request started sends exactly
// one result.
type result struct {
	task      task
	final     string // canonical URL after redirects ("" if no response)
	status    int
	header    http.Header
	body      []byte   // pages: decoded to UTF-8; robots.txt, sitemaps: raw
	links     []string // pages: absolute link targets
	outcome   outcome
	err       error
	took      time.Duration
	fetchedAt time.Time
}

// Keys of the per-request colly.Context.
const (
	ctxTask        = "coopwatch.task"
	ctxStart       = "coopwatch.start"
	ctxAcquired    = "coopwatch.acquired"
	ctxContentType = "coopwatch.content_type"
	ctxAbort       = "coopwatch.abort"
)

// run is the state of one Run; only Run's goroutine touches it, except
// handleErrs (the handler goroutine) and what the colly callbacks read,
// which is immutable.
type run struct {
	c       *Crawler
	cfg     Config
	log     zerolog.Logger
	col     *colly.Collector
	lim     *limiter
	results chan result

	queue         []task
	visited       map[string]bool     // canonical URLs queued, refused or fetched
	bodies        map[[32]byte]string // body hash → first URL
	inflight      int
	inflightPages int
	maxInflight   int
	stopping      bool
	sitemapTasks  int
	sitemapQueue  []task // sitemaps from robots.txt and /sitemap.xml, queued after the seeds
	seedOK        bool
	seedErrs      []error
	stats         Stats
	handleErrs    atomic.Int64
	start         time.Time
}

// Run crawls from the seeds until the frontier is empty, MaxPages pages have
// been yielded or ctx is done, and calls handle for every HTML page fetched.
//
// handle is called from a single goroutine, one page at a time, so it needs
// no locks; while it runs, fetching goes on. An error from handle is logged
// at Warn and counted in Stats.HandleErrors; it stops nothing, unless it is
// ctx's own error after ctx was cancelled.
//
// Run returns when every request it started has finished and handle has
// returned for the last page. It returns the Stats and, if ctx was
// cancelled, ctx.Err(). It also returns an error when no seed could be
// fetched at all (refused by robots.txt, unreachable, HTTP error); other
// failed pages are counted, never fatal.
func (c *Crawler) Run(ctx context.Context, handle func(context.Context, Page) error) (Stats, error) {
	if handle == nil {
		return Stats{}, errors.New("crawler: run: nil handle func")
	}
	r := &run{
		c:           c,
		cfg:         c.cfg,
		log:         c.cfg.Log,
		lim:         newLimiter(c.cfg.Parallel, c.cfg.Delay),
		visited:     make(map[string]bool),
		bodies:      make(map[[32]byte]string),
		maxInflight: c.cfg.Parallel * max(c.sites, 1),
		start:       c.cfg.Now(),
		stats:       Stats{StatusCodes: make(map[int]int)},
	}
	r.results = make(chan result, r.maxInflight)
	r.col = r.newCollector(ctx)

	pages := make(chan Page, c.cfg.Parallel)
	handled := make(chan struct{})
	go func() {
		defer close(handled)
		for p := range pages {
			if ctx.Err() != nil {
				continue // drain: the crawl is being cancelled
			}
			if err := handle(ctx, p); err != nil {
				if cerr := ctx.Err(); cerr != nil && errors.Is(err, cerr) {
					continue
				}
				r.handleErrs.Add(1)
				r.log.Warn().Err(err).Str("url", p.URL).Msg("page not handled")
			}
		}
	}()

	// Phase 1: robots.txt of each seed host, so its Crawl-delay governs
	// the crawl from the first page and its sitemaps are known.
	for _, s := range c.seeds {
		u := s[:len(s)-len(pathAndQuery(s))] + "/robots.txt"
		r.enqueue(u, 0, kindRobots, false, false)
	}
	r.loop(ctx, pages)
	// Phase 2: seeds first, then the sitemaps, then whatever they link.
	if !r.stopping {
		for _, s := range c.seeds {
			r.enqueue(s, 0, kindPage, true, false)
		}
		for _, t := range r.sitemapQueue {
			r.enqueue(t.url, 0, kindSitemap, false, t.optional)
		}
		r.loop(ctx, pages)
	}
	close(pages)
	<-handled
	r.col.Wait()

	st := r.snapshot()
	r.log.Info().Int("count", st.Yielded).Int("fetched", st.Fetched).Int("queued", st.Queued).
		Int("duplicate", st.Duplicate).Int("robots", st.Robots).Int("not_html", st.NotHTML).
		Int("too_large", st.TooLarge).Int("http_errors", st.HTTPErrors).Int("timeouts", st.Timeouts).
		Int("errors", st.Errors).Int("handle_errors", st.HandleErrors).Dur("took", st.Took).
		Msg("crawl finished")

	if err := ctx.Err(); err != nil {
		return st, err
	}
	if !r.seedOK {
		return st, fmt.Errorf("crawl: no seed could be fetched: %w", errors.Join(r.seedErrs...))
	}
	return st, nil
}

// newCollector returns a colly collector set up for this run. It is built
// with Init, not NewCollector: NewCollector applies COLLY_* environment
// variables after its options (and prints unknown ones to stderr), and
// configuration belongs to cmd.
func (r *run) newCollector(ctx context.Context) *colly.Collector {
	col := &colly.Collector{}
	col.Init()
	col.UserAgent = r.cfg.UserAgent
	col.AllowedDomains = r.c.domains
	col.IgnoreRobotsTxt = false // colly's default is true
	col.Async = true
	col.Context = ctx
	// One byte more than allowed: colly truncates silently at MaxBodySize,
	// so a body longer than the limit tells a truncated page.
	col.MaxBodySize = int(r.cfg.MaxBodySize) + 1
	col.MaxDepth = 0 // depth is the frontier's business
	col.MaxRequests = 0
	col.AllowURLRevisit = false
	col.ParseHTTPErrorResponse = false
	col.DetectCharset = false
	col.CacheDir = ""
	col.CheckHead = false
	col.TraceHTTP = false
	col.SetRequestTimeout(r.cfg.Timeout)
	jar, _ := cookiejar.New(nil) // never fails with nil options
	col.SetCookieJar(jar)
	col.SetRedirectHandler(r.checkRedirect)
	col.SetDebugger(zerologDebugger{log: r.log})

	col.OnRequest(func(req *colly.Request) {
		t := req.Ctx.GetAny(ctxTask).(task)
		if err := r.lim.acquire(ctx, siteKey(hostOf(t.url))); err != nil {
			req.Abort()
			r.results <- result{task: t, outcome: outCanceled, err: err}
			return
		}
		req.Ctx.Put(ctxAcquired, true)
		req.Ctx.Put(ctxStart, time.Now())
	})
	col.OnResponseHeaders(func(resp *colly.Response) {
		t := resp.Ctx.GetAny(ctxTask).(task)
		ct := resp.Headers.Get("Content-Type")
		resp.Ctx.Put(ctxContentType, ct)
		if ct != "" {
			// Keep only the media type, so colly's own charset conversion
			// (header charset only) never runs: decodeHTML also reads BOM
			// and <meta>, and decoding twice would garble the text.
			mt, _, err := mime.ParseMediaType(ct)
			if err != nil {
				mt = "application/octet-stream"
			}
			resp.Headers.Set("Content-Type", mt)
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return
		}
		if t.kind == kindPage && ct != "" && !isHTML(ct, nil) {
			resp.Ctx.Put(ctxAbort, outNotHTML)
			resp.Request.Abort() // don't download PDFs and images
			return
		}
		if n, err := strconv.ParseInt(resp.Headers.Get("Content-Length"), 10, 64); err == nil && n > r.cfg.MaxBodySize {
			resp.Ctx.Put(ctxAbort, outTooLarge)
			resp.Request.Abort()
		}
	})
	col.OnError(func(resp *colly.Response, err error) {
		r.results <- r.failed(ctx, resp, err)
	})
	col.OnResponse(func(resp *colly.Response) {
		r.results <- r.received(resp)
	})
	return col
}

// checkRedirect keeps redirects within the allowed hosts; colly's own check
// compares host names only and would let another port through.
func (r *run) checkRedirect(req *http.Request, via []*http.Request) error {
	cu, err := canonical(req.URL)
	if err != nil || !r.c.allowed[hostOf(cu)] {
		return fmt.Errorf("redirect to %s: %w", req.URL, errOffHost)
	}
	if len(via) >= 10 {
		return errTooManyRedirects
	}
	return nil
}

// finish releases the request's limiter slot and returns its task and
// duration.
func (r *run) finish(resp *colly.Response) (task, time.Duration) {
	t := resp.Ctx.GetAny(ctxTask).(task)
	var took time.Duration
	if acquired, _ := resp.Ctx.GetAny(ctxAcquired).(bool); acquired {
		r.lim.release(siteKey(hostOf(t.url)))
		if start, ok := resp.Ctx.GetAny(ctxStart).(time.Time); ok {
			took = time.Since(start)
		}
	}
	return t, took
}

// failed turns colly's OnError into a result; nothing is dropped.
func (r *run) failed(ctx context.Context, resp *colly.Response, err error) result {
	t, took := r.finish(resp)
	res := result{task: t, status: resp.StatusCode, err: err, took: took, fetchedAt: r.cfg.Now()}
	var visited *colly.AlreadyVisitedError
	switch {
	case errors.Is(err, colly.ErrAbortedAfterHeaders):
		res.outcome, _ = resp.Ctx.GetAny(ctxAbort).(outcome)
		if res.outcome == outOK {
			res.outcome = outError
		}
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		res.outcome = outCanceled
	case errors.As(err, &visited):
		res.outcome = outDuplicate
	case isTimeout(err):
		res.outcome = outTimeout
	case resp.StatusCode == http.StatusNotModified:
		res.outcome = outNotModified
	case resp.StatusCode != 0:
		res.outcome = outHTTPError
		res.err = fmt.Errorf("fetch %s: status %d", t.url, resp.StatusCode)
	default:
		res.outcome = outError
	}
	return res
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// received turns a 2xx response into a result. It runs on the fetching
// goroutine, so decoding and link extraction happen in parallel.
func (r *run) received(resp *colly.Response) result {
	t, took := r.finish(resp)
	res := result{task: t, status: resp.StatusCode, took: took, fetchedAt: r.cfg.Now()}
	if cu, err := canonical(resp.Request.URL); err == nil {
		res.final = cu
	} else {
		res.final = t.url
	}
	if int64(len(resp.Body)) > r.cfg.MaxBodySize {
		res.outcome = outTooLarge
		return res
	}
	ct, _ := resp.Ctx.GetAny(ctxContentType).(string)
	if t.kind != kindPage {
		res.body = resp.Body
		return res
	}
	if !isHTML(ct, resp.Body) {
		res.outcome = outNotHTML
		return res
	}
	res.body = decodeHTML(resp.Body, ct)
	res.links = pageLinks(resp.Request.URL, res.body)
	res.header = resp.Headers.Clone()
	res.header.Set("Content-Type", contentTypeUTF8)
	res.header.Del("Content-Length") // the decoded body has another length
	return res
}

// pathAndQuery returns the part of a canonical URL after its host.
func pathAndQuery(u string) string {
	rest := u[strings.Index(u, "://")+3:]
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		return rest[i:]
	}
	return ""
}

// enqueue adds rawURL to the frontier unless it was seen before, leaves the
// allowed hosts, is obviously not HTML or is known to Config.Seen.
func (r *run) enqueue(rawURL string, depth int, kind taskKind, seed, optional bool) {
	cu, err := CanonicalURL(rawURL)
	if err != nil || !r.c.allowed[hostOf(cu)] || r.visited[cu] {
		return
	}
	r.visited[cu] = true
	switch kind {
	case kindPage:
		if nonHTMLByExtension(cu) {
			r.stats.Skipped++
			return
		}
		if !seed && r.cfg.Seen != nil && r.cfg.Seen(cu) {
			r.stats.Seen++
			return
		}
		r.stats.Queued++
	case kindSitemap:
		if r.sitemapTasks >= maxSitemaps {
			return
		}
		r.sitemapTasks++
	}
	r.queue = append(r.queue, task{url: cu, depth: depth, kind: kind, seed: seed, optional: optional})
}

// loop dispatches the frontier and processes results until the frontier is
// empty and nothing is in flight, or the run is stopping and the requests in
// flight have come back.
func (r *run) loop(ctx context.Context, pages chan<- Page) {
	var tick <-chan time.Time
	if r.cfg.Progress != nil {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		tick = t.C
	}
	done := ctx.Done()
	for {
		for !r.stopping && len(r.queue) > 0 && r.inflight < r.maxInflight {
			t := r.queue[0]
			if t.kind == kindPage && r.cfg.MaxPages > 0 && r.stats.Yielded+r.inflightPages >= r.cfg.MaxPages {
				break // wait: a page in flight may fail and free its place
			}
			r.queue[0] = task{}
			r.queue = r.queue[1:]
			r.dispatch(t)
		}
		if r.inflight == 0 && (r.stopping || len(r.queue) == 0) {
			return
		}
		select {
		case res := <-r.results:
			r.process(ctx, res, pages)
		case <-tick:
			r.cfg.Progress(r.snapshot())
		case <-done:
			r.stopping = true
			done = nil
		}
	}
}

// dispatch starts the request for t. colly checks robots.txt (fetching it
// on first contact with a host) before the request goroutine starts.
func (r *run) dispatch(t task) {
	cctx := colly.NewContext()
	cctx.Put(ctxTask, t)
	var hdr http.Header
	if t.kind == kindPage && r.cfg.Validators != nil {
		if etag, lastMod := r.cfg.Validators(t.url); etag != "" || lastMod != "" {
			hdr = http.Header{}
			if etag != "" {
				hdr.Set("If-None-Match", etag)
			}
			if lastMod != "" {
				hdr.Set("If-Modified-Since", lastMod)
			}
		}
	}
	err := r.col.Request(http.MethodGet, t.url, nil, cctx, hdr)
	if err == nil {
		r.inflight++
		if t.kind == kindPage {
			r.inflightPages++
		}
		return
	}
	var visited *colly.AlreadyVisitedError
	switch {
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		r.stats.Robots++
		err = fmt.Errorf("fetch %s: disallowed by robots.txt", t.url)
	case errors.As(err, &visited):
		r.stats.Duplicate++
	default:
		err = fmt.Errorf("fetch %s: %w", t.url, err)
		r.fail(t.url, 0, err, &r.stats.Errors)
	}
	r.log.Debug().Str("url", t.url).Err(err).Msg("not fetched")
	if t.seed {
		r.seedErrs = append(r.seedErrs, err)
	}
}

// fail counts a failed request in *counter and remembers it.
func (r *run) fail(u string, status int, err error, counter *int) {
	*counter++
	if status != 0 {
		r.stats.StatusCodes[status]++
	}
	if len(r.stats.Failures) < maxFailures {
		r.stats.Failures = append(r.stats.Failures, Failure{URL: u, Status: status, Err: err})
	}
}

// process accounts for one result and acts on it: yield the page, queue its
// links, read robots.txt or a sitemap.
func (r *run) process(ctx context.Context, res result, pages chan<- Page) {
	t := res.task
	r.inflight--
	if t.kind == kindPage {
		r.inflightPages--
	}
	r.log.Debug().Str("url", t.url).Int("status", res.status).Stringer("outcome", res.outcome).
		Dur("took", res.took).Err(res.err).Msg("fetched")
	if res.final != "" && res.final != t.url {
		r.visited[res.final] = true // a redirect target is not fetched again
	}
	if t.seed && (res.outcome == outOK || res.outcome == outNotModified) {
		r.seedOK = true
	} else if t.seed {
		err := res.err
		if err == nil {
			err = fmt.Errorf("fetch %s: %s", t.url, res.outcome)
		}
		r.seedErrs = append(r.seedErrs, err)
	}

	switch res.outcome {
	case outCanceled:
		return
	case outNotHTML:
		r.stats.NotHTML++
		return
	case outTooLarge:
		r.stats.TooLarge++
		r.log.Debug().Str("url", t.url).Int64("count", r.cfg.MaxBodySize).Msg("body over size limit")
		return
	case outNotModified:
		r.stats.NotModified++
		r.stats.StatusCodes[res.status]++
		return
	case outDuplicate:
		r.stats.Duplicate++
		return
	case outHTTPError:
		if t.kind == kindRobots {
			r.queueDefaultSitemap(t.url)
		}
		if t.optional || (t.kind == kindRobots && res.status >= 400 && res.status < 500) {
			return // no robots.txt (all allowed) or no sitemap.xml: normal
		}
		r.fail(t.url, res.status, res.err, &r.stats.HTTPErrors)
		return
	case outTimeout:
		r.fail(t.url, res.status, res.err, &r.stats.Timeouts)
		return
	case outError:
		r.fail(t.url, res.status, res.err, &r.stats.Errors)
		if t.kind == kindRobots {
			r.queueDefaultSitemap(t.url)
		}
		return
	}

	switch t.kind {
	case kindRobots:
		r.readRobots(t.url, res)
	case kindSitemap:
		r.readSitemap(t, res)
	case kindPage:
		r.readPage(ctx, t, res, pages)
	}
}

// readRobots takes the Crawl-delay and the Sitemap lines of a robots.txt.
// colly fetches and obeys the Allow/Disallow rules itself.
func (r *run) readRobots(u string, res result) {
	defer r.queueDefaultSitemap(u)
	rd, err := robotstxt.FromStatusAndBytes(res.status, res.body)
	if err != nil {
		r.log.Debug().Str("url", u).Err(err).Msg("robots.txt unreadable")
		return
	}
	if g := rd.FindGroup(r.cfg.UserAgent); g != nil && g.CrawlDelay > 0 {
		d := min(g.CrawlDelay, maxCrawlDelay)
		site := siteKey(hostOf(u))
		r.lim.setDelay(site, d)
		r.log.Info().Str("domain", site).Dur("took", r.lim.delayOf(site)).Msg("robots.txt crawl-delay")
	}
	for _, s := range rd.Sitemaps {
		r.sitemapQueue = append(r.sitemapQueue, task{url: s})
	}
}

// queueDefaultSitemap remembers /sitemap.xml of the host of u, where
// sitemaps live when robots.txt names none.
func (r *run) queueDefaultSitemap(u string) {
	r.sitemapQueue = append(r.sitemapQueue, task{url: u[:len(u)-len(pathAndQuery(u))] + "/sitemap.xml", optional: true})
}

func (r *run) readSitemap(t task, res result) {
	sm, err := parseSitemap(res.body)
	if err != nil {
		if !t.optional {
			r.fail(t.url, res.status, fmt.Errorf("read %s: %w", t.url, err), &r.stats.Errors)
		}
		return
	}
	r.stats.Sitemaps++
	for _, s := range sm.Sitemaps {
		r.enqueue(s, 0, kindSitemap, false, false)
	}
	for _, p := range sm.Pages {
		if r.cfg.MaxDepth == 0 || r.cfg.MaxDepth >= 1 {
			r.enqueue(p, 1, kindPage, false, false)
		}
	}
}

func (r *run) readPage(ctx context.Context, t task, res result, pages chan<- Page) {
	r.stats.Fetched++
	if r.cfg.MaxDepth == 0 || t.depth < r.cfg.MaxDepth {
		for _, l := range res.links {
			r.enqueue(l, t.depth+1, kindPage, false, false)
		}
	}
	sum := sha256.Sum256(res.body)
	if first, dup := r.bodies[sum]; dup {
		r.stats.Duplicate++
		r.log.Debug().Str("url", res.final).Str("duplicate_of", first).Msg("duplicate body")
		return
	}
	r.bodies[sum] = res.final
	if res.final != t.url && r.cfg.Seen != nil && r.cfg.Seen(res.final) {
		r.stats.Seen++
		return
	}
	if t.seed && r.cfg.Seen != nil && r.cfg.Seen(t.url) {
		return // fetched for its links only
	}
	if r.stopping || (r.cfg.MaxPages > 0 && r.stats.Yielded >= r.cfg.MaxPages) {
		return
	}
	p := Page{URL: res.final, FetchedAt: res.fetchedAt, StatusCode: res.status, Header: res.header, Body: res.body}
	select {
	case pages <- p:
		r.stats.Yielded++
	case <-ctx.Done():
		r.stopping = true
		return
	}
	if r.cfg.MaxPages > 0 && r.stats.Yielded >= r.cfg.MaxPages {
		r.stopping = true
	}
}

// snapshot returns a copy of the counters that the caller may keep.
func (r *run) snapshot() Stats {
	st := r.stats
	st.HandleErrors = int(r.handleErrs.Load())
	st.StatusCodes = maps.Clone(r.stats.StatusCodes)
	st.Failures = slices.Clone(r.stats.Failures)
	st.Took = r.cfg.Now().Sub(r.start)
	return st
}
