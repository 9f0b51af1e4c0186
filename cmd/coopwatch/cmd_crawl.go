package main

import (
	"context"
	"time"

	"github.com/coopwatch/coopwatch/crawler"
	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

func runCrawl(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "crawl", "[--data DIR] --seed URL... [flags]", `
Crawl news sites from the seed URLs, politely (robots.txt, a delay and a
parallelism limit per host), extract every article page, and store and
index the articles in DIR. Pages that hold no article (lists, home pages)
are followed but not stored. Interrupting (Ctrl-C) keeps what was stored.`)
	var seeds, hosts stringList
	data := fs.String("data", defaultDataDir(), "data `DIR` holding the store and the index")
	fs.Var(&seeds, "seed", "start `URL` (repeatable, or comma-separated)")
	fs.Var(&hosts, "allow-host", "`HOST` to crawl besides the seeds' hosts (repeatable; www. and bare host both count)")
	maxPages := fs.Int("max-pages", 1000, "stop after `N` pages fetched (0: no limit)")
	maxDepth := fs.Int("max-depth", 5, "follow links at most `N` steps from a seed")
	delay := fs.Duration("delay", time.Second, "wait at least `D` between requests to one host (robots.txt Crawl-delay may ask for more)")
	parallel := fs.Int("parallel", 2, "at most `N` requests at once per host")
	contact := fs.String("contact", "", "contact `URL or e-mail` added to the User-Agent, so site owners can reach you")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	seeds = append(seeds, fs.Args()...)
	if len(seeds) == 0 {
		fs.Usage()
		return usagef("crawl: no --seed URL given")
	}
	if *parallel < 1 || *maxPages < 0 || *maxDepth < 0 || *delay < 0 {
		return usagef("crawl: --parallel must be at least 1, --max-pages, --max-depth and --delay not negative")
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
	d := *delay
	if d == 0 {
		d = -1 // the crawler reads 0 as "default"; the user asked for none
	}
	cfg := crawler.Config{
		Seeds: seeds, AllowedHosts: hosts, MaxPages: *maxPages, MaxDepth: *maxDepth,
		Delay: d, Parallel: *parallel, UserAgent: userAgent(*contact),
	}
	stats, in, err := crawlAndIngest(ctx, cfg, x, ix, log, e.stderr)
	printCrawlReport(e.stdout, stats, in)
	return err
}

func userAgent(contact string) string {
	ua := "coopwatch/0.1 (+https://github.com/coopwatch/coopwatch"
	if contact != "" {
		ua += "; " + contact
	}
	return ua + ")"
}
