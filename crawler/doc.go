// Package crawler fetches the pages of news sites politely and hands them
// on, decoded to UTF-8.
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
// done only once the handler is through with it. So a Frontier that
// persists (cmd adapts the store's crawl tables, index/crawl_frontier.go)
// makes a crawl resumable after kill -9 at any moment: entries leased by
// the dead process are queued again, and pages handled but not yet marked
// done are fetched and handled once more, which the store's upserts make
// harmless. Without Config.Frontier a Run keeps its frontier in memory.
//
// # Handlers
//
// Run calls handle for one page at a time and marks the page done when
// handle returns. RunAsync hands each page over with a Receipt and goes
// on: the handler reports the page later, from any goroutine, so it can
// store pages in groups (cmd stores up to 100 pages in one transaction
// and one search-index batch: one commit per page was its bottleneck).
// Receipt.Done lets the crawler mark the entry; Receipt.Recorded says the
// handler stored Receipt.Entry itself, in the transaction that stored the
// page, so the page is done exactly when it is stored and a group costs
// the frontier no write of its own. A handler that holds pages when the
// crawl is interrupted stores them or reports ctx's error, which leaves
// them to be fetched again; RunAsync returns once every receipt reported.
// Config.MaxPages bounds one Run, not the crawl: a crawl it stopped keeps
// its queue, and each further Run yields up to MaxPages more pages, a
// batch size, so that `crawl --max-pages 1000` run again and again works
// through a large site and ends when the frontier is empty.
//
// # Re-crawls
//
// A re-crawl costs only 304s when nothing changed, and loses nothing when
// something did. A 304 carries no body, so the links of a page (the
// entries of a sitemap, the items of a feed) answered 304 are not read
// again. That is safe only when they need not be, so a request is
// conditional only when
//   - the page's content is stored (Config.Validators reports it: an
//     article) — its links were read when it was first fetched; or
//   - its frontier entry says an earlier run of this crawl read it
//     (Entry.Outcome OutcomeOK or OutcomeNotModified), so every link it
//     held then is in the frontier already: done, queued, or failed and
//     due for another try. A list page that gained an article changed, so
//     it answers 200 and its new link is read; or
//   - it is a robots.txt whose body Config.Resources kept: a 304 confirms
//     the stored rules, Crawl-delay and Sitemap lines, which then apply.
//
// A page, sitemap or feed a crawl never read (a new crawl, or a crawl with
// other seeds or limits over the same store) is fetched in full, whatever
// validators the store holds. So the frontier must outlive the crawl for a
// re-crawl to be cheap: cmd's store (index.OpenCrawl) starts the next crawl
// with the same key from the previous crawl's frontier, pages whose article
// is stored (and URLs refused for good: 404, 410, not HTML, too large)
// done, everything else (home, list pages, sitemaps, feeds, failures)
// queued again with its outcome, so they are asked for conditionally. An
// article page is thus fetched once per crawl key; `crawl --fresh` queues
// every known URL again to re-check the articles too (conditionally: an
// unchanged article answers 304, a corrected one is extracted again).
// A URL that redirects is asked for unconditionally (the validators are
// stored under its target) and so is fetched in full on each re-crawl that
// asks for it.
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
// Politeness holds across processes: with Config.Budget set to
// RedisFrontier.Budget, every process takes each request to a site from
// one budget in Redis (a Lua script per request: at most Parallel requests
// to the site at once, each start Delay plus jitter after the previous
// start and Delay after the previous end, a Retry-After pausing all, the
// slots of a dead process freed after Timeout plus 30 s), so N processes
// send a site no more than one process would, whichever crawl they work
// on. Each process reads robots.txt itself, so its Crawl-delay applies in
// every process. RedisFrontier also keeps the crawl's robots.txt files and the validators of its sitemaps and feeds
// (ResourceCache), so every process asks for them conditionally; page
// validators live in the owner's store, so only the owner asks for pages
// conditionally.
package crawler
