package crawler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/rs/zerolog"
)

// errOffHost is returned by the redirect check for a redirect that leaves
// the allowed hosts.
var errOffHost = errors.New("host not allowed")

// errRedirectKnown stops a redirect to a URL this run has requested
// already: the target is (or was) fetched under its own URL.
var errRedirectKnown = errors.New("redirect to a URL already requested")

// errTooManyRedirects stops a redirect chain or loop, like net/http does.
var errTooManyRedirects = errors.New("stopped after 10 redirects")

// outcomeCanceled is the internal outcome of a request cut off by ctx:
// nothing is recorded, the entry stays leased for the next run.
const outcomeCanceled = "canceled"

// Priorities of frontier entries: seeds, then sitemaps and feeds (they
// list articles), then article pages (site profile), list pages, others.
const (
	prioSeed    = 0
	prioFeed    = 1
	prioArticle = 2
	prioList    = 3
	prioPage    = 4
)

// task is one request: a frontier entry, or the robots.txt of a host.
type task struct {
	e      Entry
	robots bool
	cached *Resource // robots.txt asked for conditionally: the stored copy
}

// result is what one request produced. Every request started sends exactly
// one result.
type result struct {
	task      task
	final     string // canonical URL after redirects ("" if no response)
	status    int
	header    http.Header
	body      []byte   // pages: decoded to UTF-8; robots.txt, sitemaps, feeds: raw
	info      pageInfo // pages: links, feeds, canonical, dates
	outcome   string
	err       error
	took      time.Duration
	fetchedAt time.Time
}

// Keys of the per-request colly.Context.
const (
	ctxTask        = "coopwatch.task"
	ctxStart       = "coopwatch.start"
	ctxAcquired    = "coopwatch.acquired"
	ctxToken       = "coopwatch.token"
	ctxContentType = "coopwatch.content_type"
	ctxAbort       = "coopwatch.abort"
)

// pageMsg carries a page to the handle goroutine with its receipt.
type pageMsg struct {
	p  Page
	rc *Receipt
}

// ack is an entry the handler is done with; update is false when the
// handler was cut off by ctx (the page must be fetched again next run) or
// recorded the entry itself.
type ack struct {
	e      Entry
	update bool
	failed bool // the handler failed: counted in Stats.HandleErrors
}

// Receipt is a page handed to a RunAsync handler: the handler reports
// through it, exactly once, when it is through with the page, and may do
// so later and from any goroutine. Until then the page's frontier entry
// stays leased, so a crash before the report fetches the page again.
type Receipt struct {
	r     *run
	ctx   context.Context
	entry Entry
	once  sync.Once
}

// Entry returns the page's frontier entry as it is to be stored once the
// page is handled: State StateDone, with the fetch's Outcome, Status and
// Attempts. A handler that stores it itself (Recorded) stores this.
func (rc *Receipt) Entry() Entry { return rc.entry }

// Done reports that the handler is through with the page, and the crawler
// updates its frontier entry: with err nil to Entry(), with an error to
// StateFailed ("handle-error", logged at Warn and counted in
// Stats.HandleErrors). An error that is the Run's ctx's own error after
// ctx was cancelled leaves the entry as it is: the page is fetched again
// next run. Calls after the first are ignored.
func (rc *Receipt) Done(err error) {
	rc.once.Do(func() {
		r, e := rc.r, rc.entry
		if err != nil && rc.ctx.Err() != nil && errors.Is(err, rc.ctx.Err()) {
			r.pushAck(ack{e: e})
			return
		}
		if err != nil {
			r.log.Warn().Err(err).Str("url", e.URL).Msg("page not handled")
			e.State, e.Outcome, e.Error = StateFailed, "handle-error", err.Error()
		}
		r.pushAck(ack{e: e, update: true, failed: err != nil})
	})
}

// Recorded reports that the handler handled the page and has stored
// Entry() in the Frontier itself, in the transaction that stored the
// page, so that the crawler need not: a page is then marked done exactly
// when what the handler keeps of it is stored, and a batch of pages costs
// the frontier one write. Only a handler that writes to the Frontier's
// own store can do that (cmd with the store's frontier). Calls after the
// first report are ignored.
func (rc *Receipt) Recorded() {
	rc.once.Do(func() { rc.r.pushAck(ack{e: rc.entry}) })
}

// run is the state of one Run; only Run's goroutine touches it, except the
// ack queue (guarded by ackMu) and handleErrs, which the handle goroutine
// writes, and what the colly callbacks read, which is immutable.
type run struct {
	c       *Crawler
	cfg     Config
	log     zerolog.Logger
	col     *colly.Collector
	lim     *limiter
	front   Frontier
	results chan result

	robots        map[string]*robotsState // by origin (scheme://host)
	refused       map[string]bool         // URLs refused this run, counted once
	patterns      map[string]int          // URLs queued this run per digit pattern
	feedFiles     int                     // sitemaps and feeds queued this run
	inflight      int
	inflightPages int
	parked        int // entries waiting for their host's robots.txt
	unacked       int // pages sent to handle and not yet acknowledged
	stopping      bool
	fatal         error
	seedOK        bool
	seedErrs      []error
	stats         Stats
	start         time.Time

	requested  urlSet // canonical URLs requested this run; read by checkRedirect
	handleErrs int
	ackMu      sync.Mutex // guards acks
	acks       []ack
	ackSig     chan struct{}
}

// Run crawls from the seeds until the frontier is empty, MaxPages pages have
// been yielded or ctx is done, and calls handle for every HTML page fetched.
// It is RunAsync with a handler that reports each page Done as soon as
// handle returns.
//
// handle is called from a single goroutine, one page at a time, so it needs
// no locks; while it runs, fetching goes on. A page's frontier entry is
// marked done only after handle has returned for it, so a crash never loses
// a page: with a persistent Config.Frontier the next Run fetches it again.
// An error from handle is logged at Warn, counted in Stats.HandleErrors and
// recorded as the entry's outcome; it stops nothing, unless it is ctx's own
// error after ctx was cancelled (then the entry stays to be fetched again).
//
// Run returns when every request it started has finished and handle has
// returned for the last page. It returns the Stats and, if ctx was
// cancelled, ctx.Err(). It also returns an error when every seed failed in
// this run (refused by robots.txt, unreachable, HTTP error) and when the
// Frontier fails; other failed pages are counted, never fatal.
func (c *Crawler) Run(ctx context.Context, handle func(context.Context, Page) error) (Stats, error) {
	if handle == nil {
		return Stats{}, errors.New("crawler: run: nil handle func")
	}
	return c.RunAsync(ctx, func(ctx context.Context, p Page, rc *Receipt) {
		rc.Done(handle(ctx, p))
	})
}

// RunAsync crawls like Run, but handle need not be through with a page
// when it returns: it reports each page through its Receipt, later and
// from any goroutine, so that a handler can store pages in groups (one
// transaction and one search-index batch for many pages) while fetching
// goes on. handle is called from a single goroutine, one page at a time;
// while it blocks, no further page is handed over (back-pressure), and
// fetching goes on only until the results of the requests in flight wait.
// A page's frontier entry is marked done only once its receipt reports
// it, by the crawler (Receipt.Done) or by the handler in the same
// transaction as the page (Receipt.Recorded), so a crash never loses a
// page that was not reported.
//
// RunAsync returns once every request it started has finished and every
// receipt has reported: the handler must report each page, also after
// ctx was cancelled (storing what it holds, or reporting ctx's error so
// that the pages are fetched again next run).
func (c *Crawler) RunAsync(ctx context.Context, handle func(context.Context, Page, *Receipt)) (Stats, error) {
	if handle == nil {
		return Stats{}, errors.New("crawler: run: nil handle func")
	}
	front := c.cfg.Frontier
	if front == nil {
		front = NewMemFrontier()
	}
	maxInflight := c.maxInflight
	r := &run{
		c:        c,
		cfg:      c.cfg,
		log:      c.cfg.Log,
		lim:      newLimiter(context.WithoutCancel(ctx), c.cfg.Parallel, c.cfg.Delay, c.cfg.Budget, c.cfg.Timeout+budgetSlack),
		front:    front,
		robots:   make(map[string]*robotsState),
		refused:  make(map[string]bool),
		patterns: make(map[string]int),
		start:    c.cfg.Now(),
		stats:    Stats{StatusCodes: make(map[int]int)},
		results:  make(chan result, maxInflight+len(c.seeds)+8),
		ackSig:   make(chan struct{}, 1),
	}
	r.col = r.newCollector(ctx)

	pages := make(chan pageMsg, c.cfg.Parallel)
	handled := make(chan struct{})
	go func() {
		defer close(handled)
		for m := range pages {
			handle(ctx, m.p, m.rc)
		}
	}()

	seeds := make([]Entry, 0, len(c.seeds))
	for _, s := range c.seeds {
		seeds = append(seeds, Entry{URL: s, Kind: KindPage, Priority: prioSeed})
	}
	if n, err := front.Add(ctx, seeds); err != nil {
		r.fatal = fmt.Errorf("crawl: add seeds: %w", err)
		r.stopping = true
	} else {
		r.stats.Queued += n
	}
	r.loop(ctx, pages)
	close(pages)
	<-handled
	r.col.Wait()
	r.applyAcks(context.WithoutCancel(ctx))
	for r.unacked > 0 {
		<-r.ackSig
		r.applyAcks(context.WithoutCancel(ctx))
	}

	st := r.snapshot(context.WithoutCancel(ctx))
	r.log.Info().Int("count", st.Yielded).Int("fetched", st.Fetched).Int("queued", st.Queued).
		Int("not_modified", st.NotModified).Int("duplicate", st.Duplicate).Int("robots", st.Robots).
		Int("not_html", st.NotHTML).Int("too_large", st.TooLarge).Int("http_errors", st.HTTPErrors).
		Int("timeouts", st.Timeouts).Int("errors", st.Errors).Int("retries", st.Retries).
		Int("handle_errors", st.HandleErrors).Int("pending", st.Pending).Dur("took", st.Took).
		Msg("crawl finished")

	if r.fatal != nil {
		return st, r.fatal
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	if !r.seedOK && len(r.seedErrs) >= len(c.seeds) {
		return st, fmt.Errorf("crawl: no seed could be fetched: %w", errors.Join(r.seedErrs...))
	}
	return st, nil
}

func (r *run) pushAck(a ack) {
	r.ackMu.Lock()
	r.acks = append(r.acks, a)
	r.ackMu.Unlock()
	select {
	case r.ackSig <- struct{}{}:
	default:
	}
}

// applyAcks records the entries handle is done with.
func (r *run) applyAcks(ctx context.Context) {
	r.ackMu.Lock()
	as := r.acks
	r.acks = nil
	r.ackMu.Unlock()
	for _, a := range as {
		r.unacked--
		if a.failed {
			r.handleErrs++
		}
		if a.update {
			r.update(ctx, a.e)
		}
	}
}

// update stores e in the frontier; a failure stops the run.
func (r *run) update(ctx context.Context, e Entry) {
	if err := r.front.Update(ctx, e); err != nil && r.fatal == nil {
		r.fatal = fmt.Errorf("crawl: update %s: %w", e.URL, err)
		r.stopping = true
	}
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
	// robots.txt is read by the run itself, once per host, for its
	// Crawl-delay and Sitemap lines too; colly would fetch it again.
	col.IgnoreRobotsTxt = true
	col.Async = true
	col.Context = ctx
	// One byte more than allowed: colly truncates silently at MaxBodySize,
	// so a body longer than the limit tells a truncated page.
	col.MaxBodySize = int(r.cfg.MaxBodySize) + 1
	col.MaxDepth = 0 // depth is the frontier's business
	col.MaxRequests = 0
	col.AllowURLRevisit = true // the frontier is the visited set; retries revisit
	col.ParseHTTPErrorResponse = false
	col.DetectCharset = false
	col.CacheDir = ""
	col.CheckHead = false
	col.TraceHTTP = false
	col.WithTransport(gzipGuard{next: r.cfg.Transport, limit: r.cfg.MaxBodySize + 1})
	col.SetRequestTimeout(r.cfg.Timeout) // the whole request, body included: a dripping server is cut off
	jar, _ := cookiejar.New(nil)         // never fails with nil options
	col.SetCookieJar(jar)
	col.SetRedirectHandler(r.checkRedirect)
	col.SetDebugger(zerologDebugger{log: r.log})

	col.OnRequest(func(req *colly.Request) {
		t := req.Ctx.GetAny(ctxTask).(task)
		token, err := r.lim.acquire(ctx, siteKey(hostOf(t.e.URL)))
		if err != nil {
			req.Abort()
			r.results <- result{task: t, outcome: outcomeCanceled, err: err}
			return
		}
		req.Ctx.Put(ctxAcquired, true)
		req.Ctx.Put(ctxToken, token)
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
		if !t.robots && t.e.Kind == KindPage && ct != "" && !isHTML(ct, nil) {
			resp.Ctx.Put(ctxAbort, OutcomeNotHTML)
			resp.Request.Abort() // don't download PDFs and images
			return
		}
		if n, err := strconv.ParseInt(resp.Headers.Get("Content-Length"), 10, 64); err == nil && n > r.cfg.MaxBodySize {
			resp.Ctx.Put(ctxAbort, OutcomeTooLarge)
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
// compares host names only and would let another port through. A loop ends
// like a long chain, after 10 redirects.
func (r *run) checkRedirect(req *http.Request, via []*http.Request) error {
	cu, err := canonical(req.URL)
	if err != nil || !r.c.allowed[hostOf(cu)] {
		return fmt.Errorf("redirect to %s: %w", req.URL, errOffHost)
	}
	if len(via) >= 10 {
		return errTooManyRedirects
	}
	for _, v := range via {
		if vu, err := canonical(v.URL); err == nil && vu == cu {
			return fmt.Errorf("redirect loop at %s: %w", cu, errTooManyRedirects)
		}
	}
	if r.requested.has(cu) {
		return fmt.Errorf("redirect to %s: %w", cu, errRedirectKnown)
	}
	return nil
}

// finish releases the request's limiter slot and returns its task and
// duration.
func (r *run) finish(resp *colly.Response) (task, time.Duration) {
	t := resp.Ctx.GetAny(ctxTask).(task)
	var took time.Duration
	if acquired, _ := resp.Ctx.GetAny(ctxAcquired).(bool); acquired {
		token, _ := resp.Ctx.GetAny(ctxToken).(string)
		r.lim.release(siteKey(hostOf(t.e.URL)), token)
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
	if resp.Headers != nil {
		res.header = resp.Headers.Clone()
	}
	switch {
	case errors.Is(err, colly.ErrAbortedAfterHeaders):
		res.outcome, _ = resp.Ctx.GetAny(ctxAbort).(string)
		if res.outcome == "" {
			res.outcome = OutcomeError
		}
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		res.outcome = outcomeCanceled
	case errors.Is(err, errRedirectKnown):
		res.outcome = OutcomeDuplicate
	case errors.Is(err, errTooManyRedirects):
		res.outcome = OutcomeRedirects
		res.err = fmt.Errorf("fetch %s: %w", t.e.URL, err)
	case isTimeout(err):
		res.outcome = OutcomeTimeout
	case errors.Is(err, io.ErrUnexpectedEOF):
		res.outcome = OutcomeTruncated
		res.err = fmt.Errorf("fetch %s: body truncated: %w", t.e.URL, err)
	case resp.StatusCode == http.StatusNotModified:
		res.outcome = OutcomeNotModified
	case resp.StatusCode != 0:
		res.outcome = OutcomeHTTPError
		res.err = fmt.Errorf("fetch %s: status %d", t.e.URL, resp.StatusCode)
	default:
		res.outcome = OutcomeError
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
	res := result{task: t, status: resp.StatusCode, took: took, fetchedAt: r.cfg.Now(), outcome: OutcomeOK, header: resp.Headers.Clone()}
	if cu, err := canonical(resp.Request.URL); err == nil {
		res.final = cu
	} else {
		res.final = t.e.URL
	}
	if int64(len(resp.Body)) > r.cfg.MaxBodySize {
		res.outcome = OutcomeTooLarge
		return res
	}
	ct, _ := resp.Ctx.GetAny(ctxContentType).(string)
	if t.robots || t.e.Kind != KindPage {
		res.body = resp.Body
		return res
	}
	if !isHTML(ct, resp.Body) {
		res.outcome = OutcomeNotHTML
		return res
	}
	res.body = decodeHTML(resp.Body, ct)
	// A page at the depth limit has no links to follow; dates matter only
	// with Since.
	links := r.cfg.MaxDepth == 0 || t.e.Depth < r.cfg.MaxDepth
	res.info = parsePage(resp.Request.URL, res.body, links, !r.cfg.Since.IsZero())
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

// origin returns scheme://host[:port] of a canonical URL.
func origin(u string) string { return u[:len(u)-len(pathAndQuery(u))] }

// digits finds the runs of digits that make calendar-style URL spaces.
var digits = regexp.MustCompile(`[0-9]+`)

// refuse counts a URL refused this run in *counter, once per URL.
func (r *run) refuse(u string, counter *int) {
	if !r.refused[u] {
		r.refused[u] = true
		*counter++
	}
}

// candidate turns a discovered URL into a frontier entry, or refuses it:
// other hosts, obviously not HTML, skipped by the site profile, excluded by
// the URL patterns, known to Config.Seen, too deep, or one URL too many of
// a pattern (calendar-style spaces: /kalender/2031/07/ and on forever).
func (r *run) candidate(raw string, kind Kind, depth int, from string) (Entry, bool) {
	cu, err := CanonicalURL(raw)
	if err != nil || !r.c.allowed[hostOf(cu)] || r.refused[cu] {
		return Entry{}, false
	}
	e := Entry{URL: cu, Kind: kind, Depth: depth, From: from, Priority: prioPage}
	if kind != KindPage {
		e.Priority = prioFeed
		return e, true
	}
	role := r.c.profiles.role(cu)
	switch {
	case role == RoleSkip || nonHTMLByExtension(cu):
		r.refuse(cu, &r.stats.Skipped)
		return Entry{}, false
	case role == RoleFeed:
		e.Kind, e.Priority = KindFeed, prioFeed
		return e, true
	case r.cfg.MaxDepth > 0 && depth > r.cfg.MaxDepth:
		return Entry{}, false
	case !r.c.included(cu):
		r.refuse(cu, &r.stats.Filtered)
		return Entry{}, false
	case r.cfg.Seen != nil && r.cfg.Seen(cu):
		r.refuse(cu, &r.stats.Seen)
		return Entry{}, false
	}
	switch role {
	case RoleArticle:
		e.Priority = prioArticle // articles are no trap, however many
	case RoleList:
		e.Priority = prioList
		fallthrough
	default:
		if r.cfg.MaxPerPattern > 0 {
			key := digits.ReplaceAllLiteralString(cu, "0")
			if r.patterns[key] >= r.cfg.MaxPerPattern {
				r.refuse(cu, &r.stats.Trap)
				return Entry{}, false
			}
			r.patterns[key]++
		}
	}
	return e, true
}

// add puts entries into the frontier, counts the new ones and returns
// how many were new.
func (r *run) add(ctx context.Context, es []Entry) int {
	if len(es) == 0 || r.fatal != nil {
		return 0
	}
	n, err := r.front.Add(ctx, es)
	if err != nil {
		r.fatal = fmt.Errorf("crawl: add %d URLs: %w", len(es), err)
		r.stopping = true
		return 0
	}
	for _, e := range es {
		if e.State == "" || e.State == StateQueued {
			r.stats.Queued += n
			break
		}
	}
	return n
}

// loop dispatches the frontier and processes results until the frontier
// holds nothing queued or leased and nothing is in flight, or the run is
// stopping and the requests in flight have come back.
func (r *run) loop(ctx context.Context, pages chan<- pageMsg) {
	var tick <-chan time.Time
	if r.cfg.Progress != nil {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		tick = t.C
	}
	done := ctx.Done()
	var wake *time.Timer
	defer func() {
		if wake != nil {
			wake.Stop()
		}
	}()
	for {
		r.fill(ctx)
		var wakeC <-chan time.Time
		if r.stopping {
			r.dropParked()
			if r.inflight == 0 {
				return // pages still in handle are acknowledged after the loop
			}
		} else if r.inflight == 0 && r.parked == 0 && r.unacked == 0 {
			queued, leased, next, err := r.front.Pending(ctx)
			if err != nil {
				r.fatal = fmt.Errorf("crawl: frontier: %w", err)
				return
			}
			if queued == 0 && leased == 0 {
				return
			}
			// Retries wait for their time; entries other processes hold
			// (a shared frontier) come back done or expire.
			wait := 250 * time.Millisecond
			if queued > 0 && !next.IsZero() {
				wait = min(max(time.Until(next), 5*time.Millisecond), wait)
			}
			if wake == nil {
				wake = time.NewTimer(wait)
			} else {
				wake.Reset(wait)
			}
			wakeC = wake.C
		}
		select {
		case res := <-r.results:
			r.process(ctx, res, pages)
		case <-r.ackSig:
			r.applyAcks(ctx)
		case <-tick:
			r.cfg.Progress(r.snapshot(ctx))
		case <-wakeC:
		case <-done:
			r.stopping = true
			done = nil
		}
	}
}

// fill leases entries from the frontier while there is room in flight.
func (r *run) fill(ctx context.Context) {
	for !r.stopping && r.inflight+r.parked < r.c.maxInflight {
		n := r.c.maxInflight - r.inflight - r.parked
		if r.cfg.MaxPages > 0 {
			n = min(n, r.cfg.MaxPages-r.stats.Yielded-r.inflightPages-r.unacked)
			if n <= 0 {
				return // wait: a page in flight may fail and free its place
			}
		}
		es, err := r.front.Next(ctx, time.Now(), n)
		if err != nil {
			if ctx.Err() == nil {
				r.fatal = fmt.Errorf("crawl: frontier: %w", err)
			}
			r.stopping = true
			return
		}
		if len(es) == 0 {
			return
		}
		for _, e := range es {
			r.begin(ctx, e)
		}
	}
}

// begin starts e once its host's robots.txt is known.
func (r *run) begin(ctx context.Context, e Entry) {
	o := origin(e.URL)
	rs := r.robots[o]
	if rs == nil {
		rs = &robotsState{}
		r.robots[o] = rs
		r.dispatch(ctx, task{robots: true, e: Entry{URL: o + "/robots.txt"}})
	}
	if !rs.ready {
		rs.parked = append(rs.parked, e)
		r.parked++
		return
	}
	if !rs.allows(pathAndQuery(e.URL), r.cfg.UserAgent) {
		r.stats.Robots++
		e.State, e.Outcome, e.Error = StateDone, OutcomeRobots, "disallowed by robots.txt"
		if rs.unavailable != "" {
			e.Error = rs.unavailable
		}
		r.update(ctx, e)
		if e.seed() {
			r.seedErrs = append(r.seedErrs, fmt.Errorf("fetch %s: %s", e.URL, e.Error))
		}
		r.log.Debug().Str("url", e.URL).Msg("not fetched: robots.txt")
		return
	}
	r.dispatch(ctx, task{e: e})
}

// dispatch starts the request for t.
func (r *run) dispatch(ctx context.Context, t task) {
	cctx := colly.NewContext()
	hdr := r.conditional(ctx, &t)
	cctx.Put(ctxTask, t)
	r.requested.add(t.e.URL)
	r.inflight++
	if !t.robots && t.e.Kind == KindPage {
		r.inflightPages++
	}
	if err := r.col.Request(http.MethodGet, t.e.URL, nil, cctx, hdr); err != nil {
		// colly refused before any goroutine started: answer ourselves.
		r.results <- result{task: t, outcome: OutcomeError, err: fmt.Errorf("fetch %s: %w", t.e.URL, err), fetchedAt: r.cfg.Now()}
	}
}

// conditional returns the If-None-Match and If-Modified-Since headers of
// t's request, or nil when t is asked for unconditionally. A 304 skips the
// body and so the links in it: only a URL whose links this crawl's
// frontier holds already (Entry.readBefore), a page whose content the
// caller stored (Config.Validators), or a robots.txt whose rules are stored
// (t.cached) is asked for conditionally.
func (r *run) conditional(ctx context.Context, t *task) http.Header {
	var etag, lastMod string
	switch {
	case t.robots:
		if res, ok := r.resource(ctx, t.e.URL); ok && res.Kind == KindRobots {
			t.cached = &res
			etag, lastMod = res.ETag, res.LastModified
		}
	case t.e.Kind == KindPage:
		if r.cfg.Validators != nil {
			var stored bool
			etag, lastMod, stored = r.cfg.Validators(t.e.URL)
			if !stored && !t.e.readBefore() {
				etag, lastMod = "", ""
			}
		}
	case t.e.readBefore():
		if res, ok := r.resource(ctx, t.e.URL); ok {
			etag, lastMod = res.ETag, res.LastModified
		}
	}
	if etag == "" && lastMod == "" {
		t.cached = nil
		return nil
	}
	hdr := http.Header{}
	if etag != "" {
		hdr.Set("If-None-Match", etag)
	}
	if lastMod != "" {
		hdr.Set("If-Modified-Since", lastMod)
	}
	return hdr
}

// resource returns the stored copy of a robots.txt, sitemap or feed.
func (r *run) resource(ctx context.Context, u string) (Resource, bool) {
	if r.cfg.Resources == nil {
		return Resource{}, false
	}
	res, ok, err := r.cfg.Resources.Resource(ctx, u)
	if err != nil {
		r.log.Warn().Err(err).Str("url", u).Msg("stored copy not read: asking unconditionally")
		return Resource{}, false
	}
	return res, ok
}

// remember stores the validators (and for robots.txt the body) of a
// resource read with status 200, so the next run may ask conditionally.
func (r *run) remember(ctx context.Context, kind Kind, res result, body []byte) {
	if r.cfg.Resources == nil || res.header == nil {
		return
	}
	etag, lastMod := res.header.Get("ETag"), res.header.Get("Last-Modified")
	if etag == "" && lastMod == "" {
		return
	}
	err := r.cfg.Resources.PutResource(ctx, Resource{URL: res.task.e.URL, Kind: kind, ETag: etag, LastModified: lastMod, Body: body, FetchedAt: res.fetchedAt})
	if err != nil {
		r.log.Warn().Err(err).Str("url", res.task.e.URL).Msg("validators not stored")
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
// links, read robots.txt, a sitemap or a feed, or schedule a retry.
func (r *run) process(ctx context.Context, res result, pages chan<- pageMsg) {
	r.inflight--
	if res.task.robots {
		r.readRobots(ctx, res)
		return
	}
	e := res.task.e
	if e.Kind == KindPage {
		r.inflightPages--
	}
	r.log.Debug().Str("url", e.URL).Int("status", res.status).Str("outcome", res.outcome).
		Dur("took", res.took).Err(res.err).Msg("fetched")
	if res.outcome == outcomeCanceled {
		if res.err != nil && ctx.Err() == nil && r.fatal == nil {
			// Not the run's context: the shared budget failed.
			r.fatal = fmt.Errorf("crawl: %s: %w", e.URL, res.err)
			r.stopping = true
		}
		return // stays leased: fetched again next run
	}
	e.Attempts++
	e.Status, e.Outcome, e.Error = res.status, res.outcome, ""
	if res.err != nil {
		e.Error = res.err.Error()
	}
	if res.outcome == OutcomeOK || res.outcome == OutcomeNotModified {
		if e.seed() {
			r.seedOK = true
		}
		if res.final != "" && res.final != e.URL && res.outcome == OutcomeOK {
			// A redirect target is not fetched again; one the frontier
			// knows already is (or was) fetched under its own URL.
			if r.add(ctx, []Entry{{URL: res.final, Kind: e.Kind, Depth: e.Depth, From: e.URL, State: StateDone, Outcome: "redirect-target"}}) == 0 {
				r.stats.Duplicate++
				e.State, e.Outcome = StateDone, OutcomeDuplicate
				e.Error = "redirects to " + res.final
				r.update(ctx, e)
				return
			}
		}
	}

	e.State = StateDone
	switch res.outcome {
	case OutcomeOK:
		switch e.Kind {
		case KindSitemap, KindFeed:
			if e.Kind == KindSitemap {
				r.readSitemap(ctx, &e, res)
			} else {
				r.readFeed(ctx, &e, res)
			}
			if e.State == StateDone && r.fatal == nil {
				r.remember(ctx, e.Kind, res, nil) // its entries are in the frontier
			}
		case KindPage:
			if r.readPage(ctx, e, res, pages) {
				return // updated once handle has returned
			}
		}
	case OutcomeNotModified:
		r.stats.NotModified++
		r.stats.StatusCodes[res.status]++
	case OutcomeNotHTML:
		r.stats.NotHTML++
	case OutcomeDuplicate:
		r.stats.Duplicate++
	case OutcomeTooLarge:
		r.stats.TooLarge++
		r.log.Debug().Str("url", e.URL).Int64("count", r.cfg.MaxBodySize).Msg("body over size limit")
	default:
		if e.Optional && res.status >= 400 && res.status < 500 {
			break // no sitemap.xml: normal
		}
		if retriable(res.outcome, res.status, res.err) && e.Attempts < r.cfg.MaxAttempts {
			if r.retry(ctx, e, res) {
				return
			}
		}
		e.State = StateFailed
		switch res.outcome {
		case OutcomeHTTPError:
			r.fail(e.URL, res.status, res.err, &r.stats.HTTPErrors)
		case OutcomeTimeout:
			r.fail(e.URL, res.status, res.err, &r.stats.Timeouts)
		case OutcomeTruncated:
			r.fail(e.URL, res.status, res.err, &r.stats.Truncated)
		case OutcomeRedirects:
			r.fail(e.URL, res.status, res.err, &r.stats.Redirects)
		default:
			r.fail(e.URL, res.status, res.err, &r.stats.Errors)
		}
	}
	if e.seed() && e.State == StateFailed {
		err := res.err
		if err == nil {
			err = fmt.Errorf("fetch %s: %s", e.URL, res.outcome)
		}
		r.seedErrs = append(r.seedErrs, err)
	}
	r.update(ctx, e)
}

// retry puts e back into the frontier for another attempt: after the
// server's Retry-After (429, 503), which also pauses the whole site, or
// after an exponential backoff. It reports false when the server asks for
// a wait longer than MaxRetryWait: then the entry fails.
func (r *run) retry(ctx context.Context, e Entry, res result) bool {
	wait := backoff(r.cfg.RetryWait, e.Attempts)
	if d, ok := retryAfter(res.header, time.Now()); ok && (res.status == http.StatusTooManyRequests || res.status == http.StatusServiceUnavailable) {
		if d > r.cfg.MaxRetryWait {
			return false
		}
		wait = d
		if err := r.lim.pause(siteKey(hostOf(e.URL)), d); err != nil {
			r.log.Warn().Err(err).Msg("other processes not paused")
		}
		r.log.Info().Str("domain", siteKey(hostOf(e.URL))).Int("status", res.status).Dur("took", d).Msg("server asked to retry later")
	}
	e.State, e.NextTry = StateQueued, time.Now().Add(wait)
	r.stats.Retries++
	r.log.Debug().Str("url", e.URL).Int("status", res.status).Int("count", e.Attempts).Dur("took", wait).Msg("retry scheduled")
	r.update(ctx, e)
	return true
}

// readSitemap queues the pages and sitemaps a sitemap lists; with Since,
// entries whose lastmod is older are left out.
func (r *run) readSitemap(ctx context.Context, e *Entry, res result) {
	sm, err := parseSitemap(res.body)
	if err != nil {
		if !e.Optional {
			e.State, e.Outcome, e.Error = StateFailed, OutcomeError, err.Error()
			r.fail(e.URL, res.status, fmt.Errorf("read %s: %w", e.URL, err), &r.stats.Errors)
		}
		return
	}
	r.stats.Sitemaps++
	var es []Entry
	for _, s := range sm.Sitemaps {
		if r.old(s.Date) {
			r.refuse(s.URL, &r.stats.Filtered)
			continue
		}
		if r.feedFiles >= maxSitemaps {
			break
		}
		if ne, ok := r.candidate(s.URL, KindSitemap, e.Depth, e.URL); ok {
			r.feedFiles++
			es = append(es, ne)
		}
	}
	es = append(es, r.listed(sm.Pages, e.Depth+1, e.URL)...)
	r.add(ctx, es)
}

// readFeed queues the items of an RSS or Atom feed.
func (r *run) readFeed(ctx context.Context, e *Entry, res result) {
	items, err := parseFeed(res.body)
	if err != nil {
		e.State, e.Outcome, e.Error = StateFailed, OutcomeError, err.Error()
		r.fail(e.URL, res.status, fmt.Errorf("read %s: %w", e.URL, err), &r.stats.Errors)
		return
	}
	r.stats.Feeds++
	r.add(ctx, r.listed(items, e.Depth+1, e.URL))
}

// listed turns the page links of a sitemap or feed into entries.
func (r *run) listed(ls []link, depth int, from string) []Entry {
	if r.cfg.MaxDepth > 0 && depth > r.cfg.MaxDepth {
		return nil
	}
	var es []Entry
	for _, l := range ls {
		if r.old(l.Date) {
			r.refuse(l.URL, &r.stats.Filtered)
			continue
		}
		if ne, ok := r.candidate(l.URL, KindPage, depth, from); ok {
			es = append(es, ne)
		}
	}
	return es
}

// old reports whether a listed date is before Config.Since.
func (r *run) old(d time.Time) bool {
	return !r.cfg.Since.IsZero() && !d.IsZero() && d.Before(r.cfg.Since)
}

// readPage queues a page's links and feeds and yields it. It reports
// whether the page went to handle (which then updates its entry).
func (r *run) readPage(ctx context.Context, e Entry, res result, pages chan<- pageMsg) bool {
	r.stats.Fetched++
	final := res.final
	info := res.info
	if r.cfg.MaxDepth == 0 || e.Depth < r.cfg.MaxDepth {
		// With Since, a list page whose dates are all older stops the
		// paging: its rel=next pages list older articles still.
		stopPaging := false
		if !r.cfg.Since.IsZero() && len(info.next) > 0 && len(info.dates) > 0 {
			stopPaging = !slices.ContainsFunc(info.dates, func(d time.Time) bool { return !r.old(d) })
		}
		next := make(map[string]bool)
		for _, n := range info.next {
			if cu, err := CanonicalURL(n); err == nil {
				next[cu] = true
			}
		}
		var es []Entry
		for _, l := range append(info.next, info.links...) {
			cu, err := CanonicalURL(l)
			if err != nil {
				continue
			}
			if stopPaging && next[cu] {
				r.refuse(cu, &r.stats.Filtered)
				continue
			}
			if ne, ok := r.candidate(l, KindPage, e.Depth+1, final); ok {
				if next[cu] && ne.Priority > prioList {
					ne.Priority = prioList
				}
				es = append(es, ne)
			}
		}
		for _, f := range info.feeds {
			if r.feedFiles >= maxSitemaps {
				break
			}
			if ne, ok := r.candidate(f, KindFeed, e.Depth, final); ok {
				r.feedFiles++
				es = append(es, ne)
			}
		}
		r.add(ctx, es)
	}
	if info.canonical != "" {
		// The page names its canonical URL: that URL needs no fetch of its
		// own (the extractor stores the article under it, with both URLs).
		if cu, err := CanonicalURL(info.canonical); err == nil && cu != final && r.c.allowed[hostOf(cu)] && !slices.Contains(r.c.seeds, cu) {
			r.add(ctx, []Entry{{URL: cu, Kind: KindPage, Depth: e.Depth, From: final, State: StateDone, Outcome: "canonical-of"}})
		}
	}

	sum := sha256.Sum256(res.body)
	first, err := r.front.Fingerprint(ctx, hex.EncodeToString(sum[:]), final)
	if err != nil {
		r.fatal = fmt.Errorf("crawl: fingerprint %s: %w", final, err)
		r.stopping = true
		return true // not updated: fetched again next run
	}
	role := r.c.profiles.role(final)
	p := Page{URL: final, FetchedAt: res.fetchedAt, StatusCode: res.status, Header: res.header, Role: role}
	switch {
	case first != final:
		r.stats.Duplicate++
		r.log.Debug().Str("url", final).Str("duplicate_of", first).Msg("duplicate body")
		e.Outcome = OutcomeDuplicate
		p.DuplicateOf = first
	case e.seed() && r.cfg.Seen != nil && r.cfg.Seen(e.URL):
		return false // fetched for its links only
	case final != e.URL && r.cfg.Seen != nil && r.cfg.Seen(final):
		r.stats.Seen++
		return false
	default:
		if r.stopping || (r.cfg.MaxPages > 0 && r.stats.Yielded >= r.cfg.MaxPages) {
			return true // not yielded: stays leased, fetched again next run
		}
		p.Body = res.body
	}
	e.State = StateDone
	select {
	case pages <- pageMsg{p: p, rc: &Receipt{r: r, ctx: ctx, entry: e}}:
		r.unacked++
		if p.DuplicateOf == "" {
			r.stats.Yielded++
		}
	case <-ctx.Done():
		r.stopping = true
		return true
	}
	if r.cfg.MaxPages > 0 && r.stats.Yielded >= r.cfg.MaxPages {
		r.stopping = true
	}
	return true
}

// snapshot returns a copy of the counters that the caller may keep, with
// the frontier's queue length.
func (r *run) snapshot(ctx context.Context) Stats {
	st := r.stats
	st.HandleErrors = r.handleErrs
	st.StatusCodes = maps.Clone(r.stats.StatusCodes)
	st.Failures = slices.Clone(r.stats.Failures)
	st.Took = r.cfg.Now().Sub(r.start)
	if q, l, _, err := r.front.Pending(ctx); err == nil {
		st.Pending = q + l
	}
	return st
}

// urlSet is a set of URLs safe for concurrent use. It keeps a 64-bit hash
// of each (about 40 bytes per URL with the map's overhead, where the URL
// strings in a sync.Map took about 200), so that a crawl of millions of
// pages does not hold every URL in memory. Two URLs of one run share a
// hash with a probability of about n²/2⁶⁵ (3·10⁻⁸ for a million URLs);
// a redirect to the second would then be refused as already requested.
type urlSet struct {
	mu   sync.Mutex
	seed maphash.Seed
	set  map[uint64]struct{}
}

func (s *urlSet) add(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.set == nil {
		s.seed = maphash.MakeSeed()
		s.set = make(map[uint64]struct{})
	}
	s.set[maphash.String(s.seed, u)] = struct{}{}
}

func (s *urlSet) has(u string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.set == nil {
		return false
	}
	_, ok := s.set[maphash.String(s.seed, u)]
	return ok
}
