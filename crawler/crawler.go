package crawler

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultDelay       = time.Second
	DefaultParallel    = 2
	DefaultUserAgent   = "coopwatch/0.1 (+https://github.com/coopwatch/coopwatch)"
	DefaultMaxBodySize = 10 << 20
	DefaultTimeout     = 30 * time.Second
)

// maxCrawlDelay caps a robots.txt Crawl-delay: a site asking for more is
// still crawled, this slowly.
const maxCrawlDelay = time.Minute

// maxFailures is how many failed requests Stats.Failures keeps; the counters
// count them all.
const maxFailures = 1000

// Page is one HTML page the crawler fetched.
type Page struct {
	// URL is the canonical form (see CanonicalURL) of the URL the body was
	// served from, after redirects.
	URL string
	// FetchedAt is when the response arrived, by Config.Now.
	FetchedAt time.Time
	// StatusCode is the HTTP status, always 2xx.
	StatusCode int
	// Header holds the response headers, except that Content-Type is
	// always "text/html; charset=utf-8" because Body has been decoded.
	Header http.Header
	// Body is the page decoded to UTF-8 from whatever charset the server
	// declared in its header, a byte order mark or <meta>. A <meta charset>
	// in it may still name the original charset: the header wins.
	Body []byte
}

// Config configures a Crawler. Zero fields take the defaults documented on
// each field.
type Config struct {
	// Seeds are the absolute http(s) URLs the crawl starts from. Required.
	// Seeds are always fetched, even when Seen knows them.
	Seeds []string
	// AllowedHosts are the hosts (host or host:port, no scheme) whose pages
	// are fetched; for each, the host with and without "www." is allowed.
	// Default: the seeds' hosts.
	AllowedHosts []string
	// MaxPages stops the crawl once this many pages have been passed to
	// handle; no more page requests are started than could still be
	// yielded. 0 means no limit.
	MaxPages int
	// MaxDepth is how many links away from a seed the crawl goes: seeds
	// are depth 0, pages listed in a sitemap depth 1. 0 means no limit.
	MaxDepth int
	// Delay is the least time between two requests to the same site
	// (host with or without "www."); a random jitter of up to half of it is
	// added. A longer robots.txt Crawl-delay (up to one minute) wins.
	// 0 means DefaultDelay; a negative Delay means none (tests, loopback).
	Delay time.Duration
	// Parallel is how many requests to the same site may be open at once.
	// 0 means DefaultParallel.
	Parallel int
	// UserAgent is sent with every request and matched against robots.txt.
	// "" means DefaultUserAgent.
	UserAgent string
	// MaxBodySize is the largest response body accepted, in bytes; larger
	// pages are counted as TooLarge and not yielded. 0 means
	// DefaultMaxBodySize.
	MaxBodySize int64
	// Timeout bounds each request, including reading the body. 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// Seen, if set, reports whether a page is already stored, given its
	// canonical URL. Such pages are neither fetched nor yielded, so their
	// links are not followed either: a re-crawl discovers new articles
	// through list pages, seeds and sitemaps, which are not stored. A seed
	// Seen knows is fetched for its links but not yielded. Seen is called
	// from Run's goroutine only, once per URL, and should be fast.
	Seen func(url string) bool
	// Validators, if set, returns the ETag and Last-Modified header values
	// stored for a canonical URL by an earlier run ("" for none). They are
	// sent as If-None-Match and If-Modified-Since; a page that answers 304
	// is counted as NotModified, not yielded, and its links are not
	// followed. Called from Run's goroutine only.
	Validators func(url string) (etag, lastModified string)
	// Progress, if set, receives a snapshot of the counters about once a
	// second while Run works, from Run's goroutine.
	Progress func(Stats)
	// Log receives a Debug entry per request (and per colly event) and an
	// Info summary per run. It is used from several goroutines. The zero
	// value means zerolog.Nop().
	Log zerolog.Logger
	// Now is the clock for FetchedAt and Stats.Took. nil means time.Now.
	Now func() time.Time
}

// Stats counts what a run did. Every URL the crawler refused or failed on is
// counted in exactly one field.
type Stats struct {
	Queued       int // page URLs put into the frontier, after canonical dedup and the host and extension filters
	Fetched      int // HTML pages received with status 2xx
	Yielded      int // pages passed to handle
	NotModified  int // 304 responses
	Duplicate    int // pages whose body equals a page already fetched, or that redirected to a URL already fetched
	Seen         int // URLs not fetched because Config.Seen knew them
	Robots       int // URLs not fetched because robots.txt disallows them
	Skipped      int // links not fetched because their extension says they are no HTML page (.pdf, .jpg, …)
	TooLarge     int // responses over MaxBodySize, discarded
	NotHTML      int // responses whose Content-Type is not HTML, discarded
	HTTPErrors   int // responses with a status other than 2xx and 304 (404, 410, 500, …); never retried
	Timeouts     int // requests that timed out
	Errors       int // other failures: connection refused, redirect to a host not allowed, unreadable sitemap, …
	HandleErrors int // pages for which handle returned an error
	Sitemaps     int // sitemap files read

	// StatusCodes counts the responses per non-2xx status code.
	StatusCodes map[int]int
	// Failures lists the first 1000 failed requests (HTTP errors, timeouts,
	// errors) with their status and error.
	Failures []Failure
	// Took is how long Run ran.
	Took time.Duration
}

// Failure is one request that failed.
type Failure struct {
	URL    string
	Status int // HTTP status; 0 when no response arrived
	Err    error
}

// Crawler fetches the pages of a set of sites politely: it obeys
// robots.txt, spaces its requests per site, never fetches a URL twice in one
// run and yields each page with its body decoded to UTF-8.
//
// A Crawler holds only its configuration; each Run has its own state, so a
// Crawler is safe for concurrent use.
type Crawler struct {
	cfg     Config
	seeds   []string        // canonical
	allowed map[string]bool // canonical host[:port], with and without "www."
	domains []string        // host names without port, for colly's AllowedDomains
	sites   int             // distinct politeness sites among allowed hosts
}

// New validates cfg, applies its defaults and returns a Crawler. It returns
// an error naming the field and value for a seed that is not an absolute
// http(s) URL, a malformed allowed host or a negative limit.
func New(cfg Config) (*Crawler, error) {
	if len(cfg.Seeds) == 0 {
		return nil, errors.New("crawler: no seeds: want at least one absolute http or https URL")
	}
	switch {
	case cfg.MaxPages < 0:
		return nil, fmt.Errorf("crawler: invalid MaxPages %d: want 0 (no limit) or more", cfg.MaxPages)
	case cfg.MaxDepth < 0:
		return nil, fmt.Errorf("crawler: invalid MaxDepth %d: want 0 (no limit) or more", cfg.MaxDepth)
	case cfg.Parallel < 0:
		return nil, fmt.Errorf("crawler: invalid Parallel %d: want 0 (default %d) or more", cfg.Parallel, DefaultParallel)
	case cfg.MaxBodySize < 0 || cfg.MaxBodySize >= math.MaxInt32:
		return nil, fmt.Errorf("crawler: invalid MaxBodySize %d: want 0 (default %d) up to 2 GiB", cfg.MaxBodySize, DefaultMaxBodySize)
	case cfg.Timeout < 0:
		return nil, fmt.Errorf("crawler: invalid Timeout %s: want 0 (default %s) or more", cfg.Timeout, DefaultTimeout)
	}
	if cfg.Delay == 0 {
		cfg.Delay = DefaultDelay
	}
	if cfg.Parallel == 0 {
		cfg.Parallel = DefaultParallel
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.MaxBodySize == 0 {
		cfg.MaxBodySize = DefaultMaxBodySize
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if reflect.ValueOf(cfg.Log).IsZero() {
		cfg.Log = zerolog.Nop()
	}

	c := &Crawler{cfg: cfg, allowed: make(map[string]bool)}
	var hosts []string
	for _, s := range cfg.Seeds {
		u, err := url.Parse(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("crawler: invalid seed %q: %w", s, err)
		}
		cu, err := canonical(u)
		if err != nil {
			return nil, fmt.Errorf("crawler: invalid seed %q: %w", s, err)
		}
		c.seeds = append(c.seeds, cu)
		hosts = append(hosts, hostOf(cu))
	}
	if len(cfg.AllowedHosts) > 0 {
		hosts = hosts[:0]
		for _, h := range cfg.AllowedHosts {
			ch, err := canonicalHost(h)
			if err != nil {
				return nil, fmt.Errorf("crawler: invalid allowed host %q: %w", h, err)
			}
			hosts = append(hosts, ch)
		}
	}
	sites := make(map[string]bool)
	names := make(map[string]bool)
	for _, h := range hosts {
		bare := strings.TrimPrefix(h, "www.")
		for _, v := range []string{bare, "www." + bare} {
			c.allowed[v] = true
			u := url.URL{Host: v}
			if n := u.Hostname(); !names[n] {
				names[n] = true
				c.domains = append(c.domains, n)
			}
		}
		sites[bare] = true
	}
	c.sites = len(sites)
	for i, s := range c.seeds {
		if !c.allowed[hostOf(s)] {
			return nil, fmt.Errorf("crawler: invalid seed %q: host %s is not among AllowedHosts %q", cfg.Seeds[i], hostOf(s), cfg.AllowedHosts)
		}
	}
	return c, nil
}

// canonicalHost returns h (host or host:port) in the form canonical URLs use.
func canonicalHost(h string) (string, error) {
	h = strings.TrimSpace(h)
	u, err := url.Parse("http://" + h)
	if err != nil || h == "" || u.Host != h || u.User != nil {
		return "", errors.New("want a host name like www.kommune21.de, optionally with :port")
	}
	cu, err := canonical(u)
	if err != nil {
		return "", err
	}
	return hostOf(cu), nil
}
