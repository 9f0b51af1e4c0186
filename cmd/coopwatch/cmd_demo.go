package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/coopwatch/coopwatch/crawler"
	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/fixtures"
	"github.com/coopwatch/coopwatch/index"
)

func runDemo(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "demo", "[--addr HOST:PORT] [--data DIR]", `
Run the whole pipeline on the bundled fixture site, with no network: serve
the Kommune21-style fixture pages on a loopback port, crawl them (robots.txt,
sitemap, list pages), extract the articles and their cooperation events,
store and index them in DIR, then serve the search UI and API on --addr
until interrupted (Ctrl-C).`)
	addr := fs.String("addr", "127.0.0.1:8080", "serve the UI on `HOST:PORT`")
	data := fs.String("data", filepath.Join(defaultDataDir(), "demo"), "data `DIR` for the demo's store and index")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	// Check the UI address first: failing after the crawl would waste the user's time.
	probe, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (choose another port with --addr)", *addr, err)
	}
	probe.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("start fixture site: %w", err)
	}
	site := &http.Server{Handler: fixtures.NewSite(), ReadHeaderTimeout: 5 * time.Second}
	siteErr := make(chan error, 1)
	go func() { siteErr <- site.Serve(ln) }()
	defer func() {
		site.Close()
		if err := <-siteErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn().Err(err).Msg("fixture site stopped with an error")
		}
	}()
	siteURL := "http://" + ln.Addr().String() + "/"
	log.Info().Str("url", siteURL).Msg("fixture site up")

	x, err := extract.New()
	if err != nil {
		return err
	}
	ix, err := index.Open(ctx, *data, index.Options{Log: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	cfg := crawler.Config{
		// Depth 1 reaches every fixture article through the sitemap and
		// the list page; deeper, the pages' own navigation and teaser
		// links lead to articles that are not in the fixture set (404).
		Seeds: []string{siteURL}, MaxPages: 1000, MaxDepth: 1,
		// A short delay: the site is ours and on loopback, but the demo
		// shows the politeness machinery at work all the same.
		Delay: 20 * time.Millisecond, Parallel: 2, UserAgent: userAgent("demo"),
	}
	stats, in, err := crawlAndIngest(ctx, cfg, x, ix, log, e.stderr)
	printCrawlReport(e.stdout, stats, in)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "data in %s\n", *data)
	return serve(ctx, *addr, ix, log, e.stdout)
}
