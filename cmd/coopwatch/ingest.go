package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coopwatch/coopwatch/crawler"
	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
	"github.com/rs/zerolog"
)

// writeTimeout bounds one group's writes to the store. They run even after
// the crawl was interrupted, so that a group is stored whole or not at all.
const writeTimeout = time.Minute

// Group commit: the ingester stores the pages that came within groupWait of
// the first one, at most groupSize, in one transaction and one search-index
// batch. One page per transaction cost ~18 fsyncs and a Bleve segment per
// page, and Bleve's merger then spent more CPU than extraction (see
// bench/NOTES.md, "End to end"). Groups of 200 rather than 100 take a
// sixth less CPU per page (fewer, larger segments to merge) for ~35 MiB
// more memory; at 300 pages/s the wait ends a group at ~150 pages.
const (
	groupSize = 200
	groupWait = 500 * time.Millisecond
)

// receipt is how the ingester reports a page it was handed: a
// *crawler.Receipt, or a page of a shared crawl's Redis stream.
type receipt interface {
	Entry() crawler.Entry
	Done(err error)
	Recorded()
}

// ingester extracts crawled pages in parallel and stores them in groups
// (group commit): a group's articles, the fetch records of its pages and,
// with a stored crawl, their frontier entries marked done go into the store
// in one transaction (index.Crawl.Ingest), and only then is each page
// reported through its receipt. So a crash loses nothing that was
// reported, a page's entry is done exactly when its article and fetch are
// stored, and a rerun fetches again only unreported pages, conditionally
// where their validators are stored: nothing is stored twice.
//
// take may be called from one goroutine at a time; it blocks while
// groupSize pages wait (back-pressure on the crawler, and with the group
// being stored the bound on the memory pages take). close waits until
// every page taken is reported.
type ingester struct {
	x     *extract.Extractor
	ix    *index.Index
	crawl *index.Crawl // nil: no stored frontier (a shared crawl's owner)
	log   zerolog.Logger

	jobs  chan *ingestJob // to the extraction workers
	queue chan *ingestJob // to the committer, in the order taken
	wg    sync.WaitGroup

	// Counts of the pages stored; written by the committer, read after
	// close.
	articles, notArticles, failed, duplicates int
}

// ingestJob is one page on its way through the ingester.
type ingestJob struct {
	p     crawler.Page
	rc    receipt
	ready chan struct{} // closed once prepared
	flush bool          // no page: store the group now (flush)

	// Set by prepare.
	kind  string // "article", "not-article", "failed", "duplicate"
	art   extract.Article
	fetch index.Fetch
}

// newIngester starts an ingester: one extraction worker per CPU and the
// committer, which stop with close. With crawl, pages are reported
// Recorded, their frontier entries stored with them; without, Done.
func newIngester(ctx context.Context, x *extract.Extractor, ix *index.Index, crawl *index.Crawl, log zerolog.Logger) *ingester {
	workers := runtime.GOMAXPROCS(0)
	in := &ingester{x: x, ix: ix, crawl: crawl, log: log,
		jobs: make(chan *ingestJob, workers), queue: make(chan *ingestJob, groupSize)}
	in.wg.Add(workers + 1)
	for range workers {
		go func() {
			defer in.wg.Done()
			for j := range in.jobs {
				in.prepare(j)
				close(j.ready)
			}
		}()
	}
	go func() {
		defer in.wg.Done()
		in.commitLoop(ctx)
	}()
	return in
}

// take hands p over; rc reports it once it is stored.
func (in *ingester) take(p crawler.Page, rc receipt) {
	j := &ingestJob{p: p, rc: rc, ready: make(chan struct{})}
	in.queue <- j
	if p.DuplicateOf != "" {
		in.prepare(j) // nothing to extract
		close(j.ready)
		return
	}
	in.jobs <- j
}

// flush makes the committer store the pages taken so far without waiting
// for more.
func (in *ingester) flush() {
	j := &ingestJob{flush: true, ready: make(chan struct{})}
	close(j.ready)
	in.queue <- j
}

// close stores what is left, reports it and stops the goroutines.
func (in *ingester) close() {
	close(in.jobs)
	close(in.queue)
	in.wg.Wait()
}

// prepare extracts j's page and says what to store of it.
func (in *ingester) prepare(j *ingestJob) {
	p := j.p
	f := index.Fetch{URL: p.URL, Status: p.StatusCode, FetchedAt: p.FetchedAt}
	if p.DuplicateOf != "" {
		// The same body as an earlier page: one more URL of its article.
		j.kind = "duplicate"
		f.Outcome, f.Canonical = index.OutcomeDuplicate, p.DuplicateOf
		f.ETag, f.LastMod = p.Header.Get("ETag"), p.Header.Get("Last-Modified")
		j.fetch = f
		return
	}
	sum := sha256.Sum256(p.Body)
	f.Hash = hex.EncodeToString(sum[:])
	var a extract.Article
	var err error
	if p.Role == crawler.RoleList {
		err = extract.ErrNotArticle // the site profile knows: no extraction
	} else {
		a, err = in.x.Extract(extract.Source{URL: p.URL, ContentType: p.Header.Get("Content-Type"), Link: p.Header.Get("Link"), FetchedAt: p.FetchedAt, Body: p.Body})
	}
	switch {
	case errors.Is(err, extract.ErrNotArticle), errors.Is(err, extract.ErrNoContent):
		j.kind = "not-article"
		f.Outcome = index.OutcomeNotArticle
		f.ETag, f.LastMod = p.Header.Get("ETag"), p.Header.Get("Last-Modified")
	case err != nil:
		// No validators: the next crawl fetches the page in full and
		// extracts it again (a fixed extractor may succeed).
		j.kind = "failed"
		f.Outcome, f.Error = index.OutcomeExtractError, err.Error()
		in.log.Warn().Err(err).Str("url", p.URL).Msg("page skipped: extraction failed")
	default:
		j.kind = "article"
		f.Outcome, f.Canonical = index.OutcomeArticle, a.URL
		if a.URL != p.URL {
			a.URLs = append(a.URLs, a.URL, p.URL)
		}
		a.FetchedAt = p.FetchedAt
		j.art = a
		// The validators go into the transaction that stores the
		// article: a validator without its article would hide the page
		// forever. A list or home page gets them too (above): the
		// crawler asks for it conditionally only when the crawl's
		// frontier holds its links already (see
		// crawler.Config.Validators), and a page that gained an article
		// changed, so it answers 200 and is read again.
		f.ETag, f.LastMod = p.Header.Get("ETag"), p.Header.Get("Last-Modified")
		in.log.Debug().Str("url", p.URL).Str("title", a.Title).Int("count", len(a.Events)).Msg("article extracted")
	}
	j.fetch = f
}

// commitLoop gathers the prepared pages in the order they were taken and
// stores them in groups: when groupSize are there, groupWait after the
// first, on flush, and, once ctx is done, whenever no more pages wait (an
// interrupted crawl stores what it fetched, in as few groups as it can,
// and then stops).
func (in *ingester) commitLoop(ctx context.Context) {
	var group []*ingestJob
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	done := ctx.Done()
	store := func() {
		timer.Stop()
		in.store(ctx, group)
		group = nil
	}
	for {
		select {
		case j, ok := <-in.queue:
			if !ok {
				store()
				return
			}
			<-j.ready
			if !j.flush {
				group = append(group, j)
			}
			switch {
			case j.flush || len(group) >= groupSize || (done == nil && len(in.queue) == 0):
				store()
			case len(group) == 1:
				timer.Reset(groupWait)
			}
		case <-timer.C:
			store()
		case <-done:
			done = nil
			store()
		}
	}
}

// store writes group in one transaction and reports its pages. When the
// group fails, each page is tried alone, so one bad page fails only
// itself.
func (in *ingester) store(ctx context.Context, group []*ingestJob) {
	if len(group) == 0 {
		return
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer cancel()
	err := in.ingest(wctx, group)
	if err != nil && len(group) > 1 && !errors.Is(err, index.ErrNotSearchable) {
		in.log.Warn().Err(err).Int("count", len(group)).Msg("group not stored: storing its pages one by one")
		for _, j := range group {
			in.store(ctx, []*ingestJob{j})
		}
		return
	}
	if errors.Is(err, index.ErrNotSearchable) {
		in.log.Warn().Err(err).Msg("pages stored; the search index catches up when the store is opened next")
		err = nil
	}
	for _, j := range group {
		if err != nil {
			j.rc.Done(fmt.Errorf("store %s: %w", j.p.URL, err))
			continue
		}
		switch j.kind { // counted before the report, which may be waited for
		case "article":
			in.articles++
		case "not-article":
			in.notArticles++
		case "failed":
			in.failed++
		case "duplicate":
			in.duplicates++
		}
		if in.crawl != nil {
			j.rc.Recorded()
		} else {
			j.rc.Done(nil)
		}
	}
}

// ingest writes group in one transaction.
func (in *ingester) ingest(ctx context.Context, group []*ingestJob) error {
	var b index.IngestBatch
	for _, j := range group {
		switch j.kind {
		case "article":
			b.Articles = append(b.Articles, j.art)
		case "duplicate":
			b.URLs = append(b.URLs, index.ArticleURL{Known: j.p.DuplicateOf, URL: j.p.URL})
		}
		b.Fetches = append(b.Fetches, j.fetch)
		if in.crawl != nil {
			b.Frontier = append(b.Frontier, toStore(j.rc.Entry()))
		}
	}
	if in.crawl != nil {
		return in.crawl.Ingest(ctx, b)
	}
	return in.ix.Ingest(ctx, b)
}

// storeFrontier adapts a stored crawl to the crawler's Frontier.
type storeFrontier struct{ c *index.Crawl }

func toStore(e crawler.Entry) index.FrontierEntry {
	return index.FrontierEntry{URL: e.URL, Kind: string(e.Kind), Depth: e.Depth, From: e.From, Priority: e.Priority,
		Optional: e.Optional, State: string(e.State), Attempts: e.Attempts, NextTry: e.NextTry,
		Outcome: e.Outcome, Status: e.Status, Error: e.Error}
}

func fromStore(e index.FrontierEntry) crawler.Entry {
	return crawler.Entry{URL: e.URL, Kind: crawler.Kind(e.Kind), Depth: e.Depth, From: e.From, Priority: e.Priority,
		Optional: e.Optional, State: crawler.State(e.State), Attempts: e.Attempts, NextTry: e.NextTry,
		Outcome: e.Outcome, Status: e.Status, Error: e.Error}
}

func (f storeFrontier) Add(ctx context.Context, es []crawler.Entry) (int, error) {
	out := make([]index.FrontierEntry, len(es))
	for i, e := range es {
		out[i] = toStore(e)
	}
	return f.c.Add(ctx, out)
}

func (f storeFrontier) Next(ctx context.Context, now time.Time, n int) ([]crawler.Entry, error) {
	es, err := f.c.Next(ctx, now, n)
	out := make([]crawler.Entry, len(es))
	for i, e := range es {
		out[i] = fromStore(e)
	}
	return out, err
}

func (f storeFrontier) Update(ctx context.Context, e crawler.Entry) error {
	return f.c.Update(ctx, toStore(e))
}

func (f storeFrontier) Pending(ctx context.Context) (int, int, time.Time, error) {
	return f.c.Pending(ctx)
}

func (f storeFrontier) Fingerprint(ctx context.Context, sum, url string) (string, error) {
	return f.c.Fingerprint(ctx, sum, url)
}

// storeResources keeps the crawler's robots.txt files, sitemaps and feeds
// (their validators, robots.txt's body) in the store.
type storeResources struct{ ix *index.Index }

func (s storeResources) Resource(ctx context.Context, u string) (crawler.Resource, bool, error) {
	r, ok, err := s.ix.CrawlResource(ctx, u)
	if err != nil || !ok {
		return crawler.Resource{}, false, err
	}
	return crawler.Resource{URL: r.URL, Kind: crawler.Kind(r.Kind), ETag: r.ETag, LastModified: r.LastMod, Body: r.Body, FetchedAt: r.FetchedAt}, true, nil
}

func (s storeResources) PutResource(ctx context.Context, r crawler.Resource) error {
	return s.ix.PutCrawlResource(ctx, index.CrawlResource{URL: r.URL, Kind: string(r.Kind), ETag: r.ETag, LastMod: r.LastModified, Body: r.Body, FetchedAt: r.FetchedAt})
}

// storeValidators returns the crawler's Validators hook reading the store.
func storeValidators(ctx context.Context, ix *index.Index, log zerolog.Logger) func(string) (string, string, bool) {
	return func(u string) (string, string, bool) {
		etag, lm, stored, err := ix.Validators(ctx, u)
		if err != nil {
			log.Warn().Err(err).Str("url", u).Msg("validators not read")
		}
		return etag, lm, stored
	}
}

// crawlKey names what a crawl covers, so that the same command run again
// takes up the same stored crawl.
func crawlKey(cfg crawler.Config) string {
	h := sha256.New()
	for _, part := range [][]string{cfg.Seeds, cfg.AllowedHosts, cfg.Include, cfg.Exclude} {
		s := slices.Clone(part)
		slices.Sort(s)
		fmt.Fprintf(h, "%q\n", s)
	}
	fmt.Fprintf(h, "%d %s\n", cfg.MaxDepth, cfg.Since.Format(time.DateOnly))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// crawlJob is one crawl command's wiring beyond the crawler's Config.
type crawlJob struct {
	fresh   bool                // abandon an unfinished stored crawl and start anew
	metrics *crawlMetrics       // nil: none
	onStats func(crawler.Stats) // extra progress receiver; nil: none
	out     io.Writer           // stderr, for the progress bar
	log     zerolog.Logger
	finish  *index.Crawl // set by runCrawlJob when it opened a stored crawl
}

// crawlAndIngest runs a crawl whose frontier lives in the store, sends every
// page through the ingester, and reports progress on stderr: a bar when it
// is a terminal, a log line every few seconds otherwise.
func crawlAndIngest(ctx context.Context, cfg crawler.Config, x *extract.Extractor, ix *index.Index, log zerolog.Logger, stderr io.Writer) (crawler.Stats, *ingester, error) {
	return runCrawlJob(ctx, cfg, x, ix, crawlJob{out: stderr, log: log})
}

func runCrawlJob(ctx context.Context, cfg crawler.Config, x *extract.Extractor, ix *index.Index, job crawlJob) (crawler.Stats, *ingester, error) {
	log := job.log
	cfg.Log = log
	var crawl *index.Crawl
	if cfg.Frontier == nil {
		sc, err := ix.OpenCrawl(ctx, crawlKey(cfg), job.fresh)
		if err != nil {
			return crawler.Stats{}, &ingester{}, err
		}
		switch {
		case sc.Resumed:
			log.Info().Int64("crawl", sc.ID).Msg("resuming unfinished crawl")
		case sc.Carried > 0:
			log.Info().Int64("crawl", sc.ID).Int("count", sc.Carried).Msg("re-crawl: URLs taken over from the previous crawl")
		}
		cfg.Frontier = storeFrontier{sc}
		job.finish, crawl = sc, sc
	}
	if cfg.Validators == nil {
		cfg.Validators = storeValidators(ctx, ix, log)
	}
	if cfg.Resources == nil {
		cfg.Resources = storeResources{ix}
	}
	bar := progressReporter(log, job.out)
	cfg.Progress = func(s crawler.Stats) {
		bar.update(s)
		if job.metrics != nil {
			job.metrics.observe(s)
		}
		if job.onStats != nil {
			job.onStats(s)
		}
	}
	c, err := crawler.New(cfg)
	if err != nil {
		return crawler.Stats{}, &ingester{}, err
	}
	in := newIngester(ctx, x, ix, crawl, log)
	stats, runErr := c.RunAsync(ctx, func(_ context.Context, p crawler.Page, rc *crawler.Receipt) { in.take(p, rc) })
	in.close() // every page is reported: RunAsync waited for that
	bar.done()
	if job.metrics != nil {
		job.metrics.observe(stats)
	}
	if job.finish != nil {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
		defer cancel()
		complete := runErr == nil && stats.Pending == 0
		if err := job.finish.Finish(fctx, outcomeCounts(stats, in), complete); err != nil {
			runErr = errors.Join(runErr, err)
		}
	}
	log.Info().Int("fetched", stats.Fetched).Int("count", in.articles).Int("not_articles", in.notArticles).
		Int("failed", in.failed).Int("pending", stats.Pending).Dur("took", stats.Took).Msg("ingest finished")
	return stats, in, runErr
}

// outcomeCounts are the counts a crawl report and the store keep.
func outcomeCounts(s crawler.Stats, in *ingester) map[string]int {
	m := map[string]int{
		"fetched": s.Fetched, "unchanged": s.NotModified, "duplicate": s.Duplicate, "robots": s.Robots,
		"too_large": s.TooLarge, "not_html": s.NotHTML, "http_errors": s.HTTPErrors, "timeouts": s.Timeouts,
		"truncated": s.Truncated, "redirects": s.Redirects, "errors": s.Errors, "retries": s.Retries,
		"skipped": s.Skipped, "filtered": s.Filtered, "trap": s.Trap, "handle_errors": s.HandleErrors,
	}
	if in != nil {
		m["articles"], m["not_articles"], m["extract_errors"] = in.articles, in.notArticles, in.failed
	}
	return m
}

func printCrawlReport(w io.Writer, s crawler.Stats, in *ingester) {
	fmt.Fprintf(w, "crawl finished in %s\n", s.Took.Round(time.Millisecond))
	fmt.Fprintf(w, "  fetched       %6d\n", s.Fetched)
	fmt.Fprintf(w, "  unchanged     %6d  (304 to a conditional request)\n", s.NotModified)
	fmt.Fprintf(w, "  duplicate     %6d\n", s.Duplicate)
	fmt.Fprintf(w, "  robots.txt    %6d\n", s.Robots)
	fmt.Fprintf(w, "  too large     %6d\n", s.TooLarge)
	fmt.Fprintf(w, "  not HTML      %6d\n", s.NotHTML)
	fmt.Fprintf(w, "  HTTP errors   %6d%s\n", s.HTTPErrors, statusBreakdown(s.StatusCodes))
	fmt.Fprintf(w, "  timeouts      %6d\n", s.Timeouts)
	fmt.Fprintf(w, "  truncated     %6d\n", s.Truncated)
	fmt.Fprintf(w, "  redirects     %6d  (loops, chains over 10)\n", s.Redirects)
	fmt.Fprintf(w, "  other errors  %6d\n", s.Errors)
	fmt.Fprintf(w, "  retries       %6d\n", s.Retries)
	fmt.Fprintf(w, "  skipped       %6d  (not HTML by extension or site profile)\n", s.Skipped)
	fmt.Fprintf(w, "  filtered      %6d  (--include, --exclude, --since), URL traps %d\n", s.Filtered, s.Trap)
	fmt.Fprintf(w, "  articles      %6d  (not articles %d, extraction failed %d)\n", in.articles, in.notArticles, in.failed)
	if s.Pending > 0 {
		fmt.Fprintf(w, "  left to do    %6d  (run the same command again to continue)\n", s.Pending)
	}
}

// statusBreakdown lists the counts per HTTP status, e.g. "  (404: 170, 500: 5)".
func statusBreakdown(codes map[int]int) string {
	if len(codes) == 0 {
		return ""
	}
	keys := make([]int, 0, len(codes))
	for k := range codes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d: %d", k, codes[k]))
	}
	return "  (" + strings.Join(parts, ", ") + ")"
}
