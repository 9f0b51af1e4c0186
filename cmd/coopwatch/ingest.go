package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/coopwatch/coopwatch/crawler"
	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
	"github.com/rs/zerolog"
)

// writeTimeout bounds one page's writes to the store. They run even after
// the crawl was interrupted, so that a page is stored whole or not at all.
const writeTimeout = time.Minute

// ingester receives crawled pages one at a time (the crawler serialises
// its callback), extracts them and stores each article before it returns:
// the crawler marks a page done in the stored frontier only after that, so
// a crash loses nothing and a rerun stores nothing twice. It is not safe
// for concurrent use.
type ingester struct {
	x   *extract.Extractor
	ix  *index.Index
	log zerolog.Logger

	articles, notArticles, failed, duplicates int
}

func (in *ingester) handle(ctx context.Context, p crawler.Page) error {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer cancel()
	f := index.Fetch{URL: p.URL, Status: p.StatusCode, FetchedAt: p.FetchedAt}
	if p.DuplicateOf != "" {
		// The same body as an earlier page: one more URL of its article.
		in.duplicates++
		if _, err := in.ix.AddArticleURL(wctx, p.DuplicateOf, p.URL); err != nil {
			return err
		}
		f.Outcome, f.Canonical = index.OutcomeDuplicate, p.DuplicateOf
		f.ETag, f.LastMod = p.Header.Get("ETag"), p.Header.Get("Last-Modified")
		return in.ix.RecordFetch(wctx, f)
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
		in.notArticles++
		f.Outcome = index.OutcomeNotArticle
		f.ETag, f.LastMod = p.Header.Get("ETag"), p.Header.Get("Last-Modified")
	case err != nil:
		// No validators: the next crawl fetches the page in full and
		// extracts it again (a fixed extractor may succeed).
		in.failed++
		f.Outcome, f.Error = index.OutcomeExtractError, err.Error()
		in.log.Warn().Err(err).Str("url", p.URL).Msg("page skipped: extraction failed")
	default:
		in.articles++
		f.Outcome, f.Canonical = index.OutcomeArticle, a.URL
		if a.URL != p.URL {
			a.URLs = append(a.URLs, a.URL, p.URL)
		}
		a.FetchedAt = p.FetchedAt
		if err := in.ix.PutArticles(wctx, []extract.Article{a}); err != nil {
			return fmt.Errorf("store article of %s: %w", p.URL, err)
		}
		// Validators are recorded after the article: a validator without
		// its article would hide the page forever. A list or home page
		// gets them too (above): the crawler asks for it conditionally
		// only when the crawl's frontier holds its links already (see
		// crawler.Config.Validators), and a page that gained an article
		// changed, so it answers 200 and is read again.
		f.ETag, f.LastMod = p.Header.Get("ETag"), p.Header.Get("Last-Modified")
		in.log.Debug().Str("url", p.URL).Str("title", a.Title).Int("count", len(a.Events)).Msg("article extracted")
	}
	if err := in.ix.RecordFetch(wctx, f); err != nil {
		return fmt.Errorf("record fetch of %s: %w", p.URL, err)
	}
	return nil
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
	in := &ingester{x: x, ix: ix, log: log}
	cfg.Log = log
	if cfg.Frontier == nil {
		sc, err := ix.OpenCrawl(ctx, crawlKey(cfg), job.fresh)
		if err != nil {
			return crawler.Stats{}, in, err
		}
		switch {
		case sc.Resumed:
			log.Info().Int64("crawl", sc.ID).Msg("resuming unfinished crawl")
		case sc.Carried > 0:
			log.Info().Int64("crawl", sc.ID).Int("count", sc.Carried).Msg("re-crawl: URLs taken over from the previous crawl")
		}
		cfg.Frontier = storeFrontier{sc}
		job.finish = sc
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
		return crawler.Stats{}, in, err
	}
	stats, runErr := c.Run(ctx, in.handle)
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
