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
	"github.com/schollz/progressbar/v3"
)

// ingestBatch is how many articles go to the store in one transaction:
// Bleve indexes well in batches of a few hundred (DEPENDENCIES.md).
const ingestBatch = 200

// ingester receives crawled pages one at a time (the crawler serialises
// its callback), extracts them, records the fetch, and stores articles in
// batches. It is not safe for concurrent use.
type ingester struct {
	x     *extract.Extractor
	ix    *index.Index
	log   zerolog.Logger
	batch []extract.Article

	articles, notArticles, failed int
}

func (in *ingester) handle(ctx context.Context, p crawler.Page) error {
	sum := sha256.Sum256(p.Body)
	f := index.Fetch{URL: p.URL, Status: p.StatusCode, FetchedAt: p.FetchedAt, Hash: hex.EncodeToString(sum[:])}
	a, err := in.x.Extract(extract.Source{URL: p.URL, ContentType: p.Header.Get("Content-Type"), FetchedAt: p.FetchedAt, Body: p.Body})
	switch {
	case errors.Is(err, extract.ErrNotArticle), errors.Is(err, extract.ErrNoContent):
		in.notArticles++
		f.Outcome = index.OutcomeNotArticle
	case err != nil:
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
		in.batch = append(in.batch, a)
		in.log.Debug().Str("url", p.URL).Str("title", a.Title).Int("count", len(a.Events)).Msg("article extracted")
	}
	if err := in.ix.RecordFetch(ctx, f); err != nil {
		return fmt.Errorf("record fetch of %s: %w", p.URL, err)
	}
	if len(in.batch) >= ingestBatch {
		return in.flush(ctx)
	}
	return nil
}

// flush stores the pending articles. It runs even after ctx is cancelled,
// with a short deadline of its own, so that an interrupted crawl keeps what
// it extracted.
func (in *ingester) flush(ctx context.Context) error {
	if len(in.batch) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if err := in.ix.PutArticles(ctx, in.batch); err != nil {
		return fmt.Errorf("store %d articles: %w", len(in.batch), err)
	}
	in.batch = in.batch[:0]
	return nil
}

// crawlAndIngest runs a crawl, sends every page through the ingester, and
// reports progress on stderr: a bar when it is a terminal, a log line every
// few seconds otherwise.
func crawlAndIngest(ctx context.Context, cfg crawler.Config, x *extract.Extractor, ix *index.Index, log zerolog.Logger, stderr io.Writer) (crawler.Stats, *ingester, error) {
	in := &ingester{x: x, ix: ix, log: log}
	cfg.Log = log
	cfg.Progress = progressReporter(log, stderr)
	c, err := crawler.New(cfg)
	if err != nil {
		return crawler.Stats{}, in, err
	}
	stats, runErr := c.Run(ctx, in.handle)
	if err := in.flush(ctx); err != nil {
		return stats, in, errors.Join(runErr, err)
	}
	log.Info().Int("fetched", stats.Fetched).Int("count", in.articles).Int("not_articles", in.notArticles).
		Int("failed", in.failed).Dur("took", stats.Took).Msg("ingest finished")
	return stats, in, runErr
}

func progressReporter(log zerolog.Logger, stderr io.Writer) func(crawler.Stats) {
	if isTerminal(stderr) {
		bar := progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("crawling"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("pages"),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(200*time.Millisecond),
		)
		return func(s crawler.Stats) {
			bar.Describe(fmt.Sprintf("crawling (%d URLs queued so far)", s.Queued))
			_ = bar.Set(s.Fetched)
		}
	}
	var last time.Time
	return func(s crawler.Stats) {
		if time.Since(last) < 5*time.Second {
			return
		}
		last = time.Now()
		log.Info().Int("fetched", s.Fetched).Int("queued", s.Queued).Int("errors", s.Errors+s.HTTPErrors+s.Timeouts).Msg("crawl progress")
	}
}

func printCrawlReport(w io.Writer, s crawler.Stats, in *ingester) {
	fmt.Fprintf(w, "crawl finished in %s\n", s.Took.Round(time.Millisecond))
	fmt.Fprintf(w, "  fetched       %6d\n", s.Fetched)
	fmt.Fprintf(w, "  unchanged     %6d\n", s.NotModified)
	fmt.Fprintf(w, "  duplicate     %6d\n", s.Duplicate)
	fmt.Fprintf(w, "  robots.txt    %6d\n", s.Robots)
	fmt.Fprintf(w, "  too large     %6d\n", s.TooLarge)
	fmt.Fprintf(w, "  not HTML      %6d\n", s.NotHTML)
	fmt.Fprintf(w, "  HTTP errors   %6d%s\n", s.HTTPErrors, statusBreakdown(s.StatusCodes))
	fmt.Fprintf(w, "  timeouts      %6d\n", s.Timeouts)
	fmt.Fprintf(w, "  other errors  %6d\n", s.Errors)
	fmt.Fprintf(w, "  skipped       %6d  (not HTML by extension)\n", s.Skipped)
	fmt.Fprintf(w, "  articles      %6d  (not articles %d, extraction failed %d)\n", in.articles, in.notArticles, in.failed)
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
