// Package crawler fetches the pages of news sites politely and hands them
// on, one at a time, decoded to UTF-8.
//
// It owns everything about fetching: robots.txt (Allow/Disallow, Crawl-delay,
// Sitemap lines), per-site delay and parallelism, discovery through links and
// sitemaps, canonical-URL and content-hash deduplication, the body size cap,
// timeouts and charset decoding. It knows nothing of articles or events and
// imports neither extract nor index: cmd passes each Page on. colly
// (github.com/gocolly/colly/v2) does the HTTP work; no colly type appears in
// the API.
//
//	c, err := crawler.New(crawler.Config{Seeds: []string{"https://www.kommune21.de/"}, MaxPages: 100})
//	if err != nil { return err }
//	stats, err := c.Run(ctx, func(ctx context.Context, p crawler.Page) error {
//		return store(ctx, p.URL, p.FetchedAt, p.Header.Get("Content-Type"), p.Body)
//	})
//
// Crawl state across runs is the caller's: Config.Seen tells the crawler
// which canonical URLs (see CanonicalURL) are already stored.
package crawler
