package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/coopwatch/coopwatch/crawler"
	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
	"github.com/rs/zerolog"
	"github.com/schollz/progressbar/v3"
)

func runCrawl(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "crawl", "[--data DIR] --seed URL... [flags] | --stats", `
Crawl news sites from the seed URLs, politely (robots.txt with Crawl-delay,
a delay and a parallelism limit per host, Retry-After, backoff), extract
every article page, and store and index the articles in DIR. Pages that hold
no article (lists, home pages) are followed but not stored.

The crawl's frontier lives in the store: interrupt it (Ctrl-C) or kill it
at any moment, and the same command run again continues where it stopped,
storing every page exactly once. A finished crawl run again re-crawls from
where it ended: robots.txt, home and list pages, sitemaps and feeds are asked
for conditionally (unchanged ones answer 304), new links are fetched, failed
URLs tried again, and stored articles are not fetched again; --fresh asks for
every known URL again, articles included (conditionally: unchanged articles
answer 304 and are not re-extracted).

With --redis, several crawl processes (also on several machines) share one
crawl: the one without --worker owns DIR and stores what all of them fetch;
workers need no DIR. They share one politeness budget per host too: --delay
and --parallel hold for all of them together, not for each.`)
	var seeds, hosts, include, exclude stringList
	data := fs.String("data", defaultDataDir(), "data `DIR` holding the store and the index")
	fs.Var(&seeds, "seed", "start `URL` (repeatable, or comma-separated)")
	fs.Var(&hosts, "allow-host", "`HOST` to crawl besides the seeds' hosts (repeatable; www. and bare host both count)")
	fs.Var(&include, "include", "crawl only pages whose URL matches `REGEXP` (repeatable)")
	fs.Var(&exclude, "exclude", "never crawl pages whose URL matches `REGEXP` (repeatable)")
	since := fs.String("since", "", "leave out pages sitemaps and feeds date before `DATE` (2024-05-31) and stop paging archives there")
	maxPages := fs.Int("max-pages", 1000, "stop after `N` pages fetched in this run (0: no limit)")
	maxDepth := fs.Int("max-depth", 5, "follow links at most `N` steps from a seed")
	delay := fs.Duration("delay", time.Second, "wait at least `D` between requests to one host (robots.txt Crawl-delay may ask for more)")
	parallel := fs.Int("parallel", 2, "at most `N` requests at once per host")
	attempts := fs.Int("max-attempts", crawler.DefaultMaxAttempts, "try a URL at most `N` times on timeouts, 5xx and 429")
	timeout := fs.Duration("timeout", crawler.DefaultTimeout, "give up on a request after `D`, body included")
	contact := fs.String("contact", "", "contact `URL or e-mail` added to the User-Agent, so site owners can reach you")
	fresh := fs.Bool("fresh", false, "start a new crawl of the same seeds now (abandoning an unfinished one) that asks again for every URL the last one knew, articles included")
	stats := fs.Bool("stats", false, "print the last crawls stored in DIR with their counts, and exit")
	redisURL := fs.String("redis", "", "share the crawl's frontier through Redis at `URL` (redis://host:6379/0)")
	worker := fs.Bool("worker", false, "with --redis: fetch only, and hand pages to the process that owns DIR")
	crawlName := fs.String("crawl", "", "with --redis: `NAME` of the shared crawl (default: derived from the seeds)")
	metricsAddr := fs.String("metrics-addr", "", "serve this crawl's counters for Prometheus on `HOST:PORT`/metrics")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	if *stats {
		return printStoredCrawls(ctx, *data, log, e.stdout)
	}
	seeds = append(seeds, fs.Args()...)
	if len(seeds) == 0 {
		fs.Usage()
		return usagef("crawl: no --seed URL given")
	}
	if *parallel < 1 || *maxPages < 0 || *maxDepth < 0 || *delay < 0 || *attempts < 1 || *timeout <= 0 {
		return usagef("crawl: --parallel and --max-attempts must be at least 1, --timeout positive, --max-pages, --max-depth and --delay not negative")
	}
	if *worker && *redisURL == "" {
		return usagef("crawl: --worker needs --redis URL")
	}
	var sinceDate time.Time
	if *since != "" {
		if sinceDate, err = time.Parse(time.DateOnly, *since); err != nil {
			return usagef("crawl: invalid --since %q: want a date like 2024-05-31", *since)
		}
	}
	d := *delay
	if d == 0 {
		d = -1 // the crawler reads 0 as "default"; the user asked for none
	}
	cfg := crawler.Config{
		Seeds: seeds, AllowedHosts: hosts, MaxPages: *maxPages, MaxDepth: *maxDepth,
		Delay: d, Parallel: *parallel, UserAgent: userAgent(*contact), MaxAttempts: *attempts,
		Timeout: *timeout, Include: include, Exclude: exclude, Since: sinceDate,
	}
	if _, err := crawler.New(cfg); err != nil { // bad patterns, seeds: fail before opening anything
		return usagef("crawl: %v", err)
	}
	job := crawlJob{fresh: *fresh, out: e.stderr, log: log}
	if *metricsAddr != "" {
		job.metrics = newCrawlMetrics()
		stop, err := serveMetrics(ctx, *metricsAddr, job.metrics.handler(), log)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *redisURL != "" {
		return runSharedCrawl(ctx, cfg, sharedCrawl{redisURL: *redisURL, name: *crawlName, worker: *worker, data: *data}, job, e.stdout)
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	ix, err := index.Open(ctx, *data, index.Options{Log: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	st, in, err := runCrawlJob(ctx, cfg, x, ix, job)
	printCrawlReport(e.stdout, st, in)
	return err
}

func userAgent(contact string) string {
	ua := "coopwatch/0.1 (+https://github.com/coopwatch/coopwatch"
	if contact != "" {
		ua += "; " + contact
	}
	return ua + ")"
}

// serveMetrics serves h at addr/metrics until stop is called.
func serveMetrics(ctx context.Context, addr string, h http.Handler, log zerolog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for metrics on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn().Err(err).Msg("metrics server stopped")
		}
	}()
	log.Info().Str("addr", ln.Addr().String()).Msg("serving crawl metrics")
	return func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}, nil
}

// printStoredCrawls is `crawl --stats`: the last crawls with their counts.
func printStoredCrawls(ctx context.Context, data string, log zerolog.Logger, w io.Writer) error {
	ix, err := index.Open(ctx, data, index.Options{Log: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	crawls, err := ix.Crawls(ctx, 10)
	if err != nil {
		return err
	}
	if len(crawls) == 0 {
		fmt.Fprintf(w, "no crawls stored in %s\n", data)
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range crawls {
		state := "finished " + c.FinishedAt.Local().Format(time.DateTime)
		if c.FinishedAt.IsZero() {
			state = fmt.Sprintf("unfinished (%d queued): run the same crawl command to continue", c.States["queued"]+c.States["leased"])
		}
		fmt.Fprintf(tw, "crawl %d\tstarted %s\t%d run(s)\t%s\n", c.ID, c.StartedAt.Local().Format(time.DateTime), c.Runs, state)
		keys := make([]string, 0, len(c.Stats))
		for k, v := range c.Stats {
			if v != 0 {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %d", k, c.Stats[k]))
		}
		fmt.Fprintf(tw, "\t%s\n", strings.Join(parts, ", "))
	}
	return tw.Flush()
}

// progress shows the crawl's progress on stderr: a bar with pages/s,
// queue length and ETA when it is a terminal, an Info line every few
// seconds otherwise.
type progress struct {
	bar  *progressbar.ProgressBar
	log  zerolog.Logger
	last time.Time
}

func progressReporter(log zerolog.Logger, stderr io.Writer) *progress {
	p := &progress{log: log}
	if isTerminal(stderr) {
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("crawling"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("pages"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(200*time.Millisecond),
		)
	}
	return p
}

// update shows s; done is the URLs handled, the total grows with the
// frontier, so the ETA is that of the URLs known so far.
func (p *progress) update(s crawler.Stats) {
	handled := s.Fetched + s.NotModified + s.HTTPErrors + s.Timeouts + s.Errors + s.TooLarge + s.NotHTML + s.Robots
	if p.bar != nil {
		p.bar.ChangeMax(handled + s.Pending)
		p.bar.Describe(fmt.Sprintf("crawling, %d queued", s.Pending))
		_ = p.bar.Set(handled)
		return
	}
	if time.Since(p.last) < 5*time.Second {
		return
	}
	p.last = time.Now()
	p.log.Info().Int("fetched", s.Fetched).Int("unchanged", s.NotModified).Int("pending", s.Pending).
		Int("errors", s.Errors+s.HTTPErrors+s.Timeouts).Msg("crawl progress")
}

func (p *progress) done() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// streamReceipt reports a page of a shared crawl's Redis stream.
type streamReceipt struct {
	wg  *sync.WaitGroup
	err error
}

func (rc *streamReceipt) Entry() crawler.Entry { return crawler.Entry{} }
func (rc *streamReceipt) Recorded()            { rc.Done(nil) }
func (rc *streamReceipt) Done(err error) {
	rc.err = err
	rc.wg.Done()
}

// sharedCrawl is how a process takes part in a crawl shared through Redis.
type sharedCrawl struct {
	redisURL, name string
	worker         bool
	data           string
}

// runSharedCrawl crawls with the frontier in Redis. Every process, owner
// and workers alike, fetches and pushes its pages into the crawl's Redis
// stream; the owner (no --worker) alone opens the store and ingests the
// stream, so SQLite and Bleve keep their one writer. The owner finishes
// when the shared frontier holds nothing queued or leased and the stream
// is drained; a worker when the frontier is empty.
func runSharedCrawl(ctx context.Context, cfg crawler.Config, sc sharedCrawl, job crawlJob, stdout io.Writer) error {
	name := sc.name
	if name == "" {
		name = crawlKey(cfg)
	}
	rf, err := crawler.OpenRedisFrontier(ctx, sc.redisURL, name)
	if err != nil {
		return err
	}
	defer rf.Close()
	log := job.log.With().Str("crawl", name).Bool("worker", sc.worker).Logger()
	// One politeness budget per site for all processes: --delay and
	// --parallel hold for the whole shared crawl, not for each process.
	cfg.Frontier, cfg.Log, cfg.Resources, cfg.Budget = rf, log, rf, rf.Budget()
	bar := progressReporter(log, job.out)
	cfg.Progress = func(s crawler.Stats) {
		bar.update(s)
		if job.metrics != nil {
			job.metrics.observe(s)
		}
	}
	push := func(ctx context.Context, p crawler.Page) error { return rf.PushPage(ctx, p) }
	if sc.worker {
		c, err := crawler.New(cfg)
		if err != nil {
			return err
		}
		st, err := c.Run(ctx, push)
		bar.done()
		printCrawlReport(stdout, st, &ingester{})
		return err
	}

	if job.fresh {
		if err := rf.Reset(ctx); err != nil {
			return err
		}
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	ix, err := index.Open(ctx, sc.data, index.Options{Log: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	cfg.Validators = storeValidators(ctx, ix, log)
	c, err := crawler.New(cfg)
	if err != nil {
		return err
	}
	type ran struct {
		st  crawler.Stats
		err error
	}
	done := make(chan ran, 1)
	go func() {
		st, err := c.Run(ctx, push)
		done <- ran{st, err}
	}()
	// The stream's pages are stored as the crawler's are, a group per
	// read (the frontier is in Redis: no entries to store), and removed
	// from the stream once stored.
	in := newIngester(ctx, x, ix, nil, log)
	defer in.close()
	var result *ran
	for {
		pages, err := rf.ReadPages(ctx, "owner", groupSize, 200*time.Millisecond)
		if err != nil {
			if ctx.Err() == nil {
				log.Error().Err(err).Msg("page stream unreadable")
			}
			r := <-done
			result = &r
			break
		}
		if len(pages) > 0 {
			var wg sync.WaitGroup
			rcs := make([]*streamReceipt, len(pages))
			for i, p := range pages {
				rcs[i] = &streamReceipt{wg: &wg}
				wg.Add(1)
				in.take(p.Page, rcs[i])
			}
			in.flush()
			wg.Wait()
			var ids []string
			for i, rc := range rcs {
				if rc.err != nil {
					log.Warn().Err(rc.err).Str("url", pages[i].URL).Msg("page not stored")
					continue // left in the stream: read again next run
				}
				ids = append(ids, pages[i].ID)
			}
			if err := rf.AckPages(ctx, ids...); err != nil {
				log.Warn().Err(err).Int("count", len(ids)).Msg("pages not acknowledged")
			}
		}
		if result == nil {
			select {
			case r := <-done:
				result = &r
				continue // drain what the last pushes left
			default:
			}
		} else if len(pages) == 0 {
			break
		}
	}
	bar.done()
	printCrawlReport(stdout, result.st, in)
	return result.err
}
