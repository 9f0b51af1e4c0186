// Package crawler fetches the pages of news sites politely and hands them
// on, one at a time, decoded to UTF-8.
//
// It owns everything about fetching: robots.txt (read once per host, for
// Allow/Disallow, Crawl-delay and Sitemap lines), per-site delay and
// parallelism, retries (Retry-After on 429/503, exponential backoff with
// jitter on 5xx, timeouts and dropped connections), discovery (links,
// sitemaps and sitemap indexes, gzipped or not, RSS and Atom feeds,
// rel=next pagination), site profiles (which URLs are articles, lists,
// feeds or never fetched: profiles.json, data not code), canonical URLs and
// content-hash deduplication, the body size cap (gzip bombs included), the
// total request deadline, and charset decoding. It knows nothing of
// articles or events and imports neither extract nor index: cmd passes
// each Page on. colly (github.com/gocolly/colly/v2) does the HTTP work; no
// colly type appears in the API.
//
//	c, err := crawler.New(crawler.Config{Seeds: []string{"https://www.kommune21.de/"}, MaxPages: 100})
//	if err != nil { return err }
//	stats, err := c.Run(ctx, func(ctx context.Context, p crawler.Page) error {
//		return store(ctx, p.URL, p.FetchedAt, p.Header.Get("Content-Type"), p.Body)
//	})
//
// # Crawl state
//
// A crawl's URLs live in a Frontier (Config.Frontier): the queue, the
// visited set (every URL it ever held), each URL's state, attempts, next
// try and outcome, and the body fingerprints. The crawler leases entries
// with Next and records every result with Update; a page's entry is marked
// done only after handle returned for it. So a Frontier that persists
// (cmd adapts the store's crawl tables, index/crawl_frontier.go) makes a
// crawl resumable after kill -9 at any moment: entries leased by the dead
// process are queued again, and pages handled but not yet marked done are
// fetched and handled once more, which the store's upserts make harmless.
// Without Config.Frontier a Run keeps its frontier in memory.
//
// # Past one machine
//
// RedisFrontier keeps the frontier in Redis, so several crawler processes,
// on several machines, share one crawl; Next is an atomic Lua script, so
// each URL goes to one process, and a lease that is not updated within
// DefaultLease returns to the queue (its process is presumed dead). One
// process owns the store (SQLite and Bleve have one writer each): every
// process, the owner included, pushes the pages it fetched into the
// crawl's Redis stream (PushPage) and marks them done; the owner reads the
// stream (ReadPages), stores each page and acknowledges it (AckPage), and
// a page it read but did not acknowledge before a crash is read again.
// Politeness is per process: N processes send up to N times Parallel
// requests to one site, each spaced by Delay; run fewer workers per site
// or raise Delay accordingly.
package crawler
