package crawler

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
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
	DefaultMaxAttempts = 3
	DefaultRetryWait   = 5 * time.Second
	// DefaultMaxRetryWait is the longest Retry-After honoured by default.
	DefaultMaxRetryWait  = 10 * time.Minute
	DefaultMaxPerPattern = 500
)

// budgetSlack is how much longer than Timeout a slot of a shared
// SiteBudget is held at most: a process that died holding it frees it then.
const budgetSlack = 30 * time.Second

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
	// in it may still name the original charset: the header wins. Nil when
	// DuplicateOf is set.
	Body []byte
	// Role is what the site profile (Config.Profiles) says the URL is:
	// RoleArticle, RoleList, or "" when no profile knows. A caller may skip
	// extracting list pages.
	Role string
	// DuplicateOf, when not empty, is the URL of a page fetched earlier
	// (in this crawl or, with a persistent Frontier, an earlier one) whose
	// body is the same: this page is another URL of it, not a page of its
	// own, and Body is nil. Such pages are not counted in Stats.Yielded.
	DuplicateOf string
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
	// MaxPages stops the Run once this many pages have been passed to
	// handle in it; no more page requests are started than could still be
	// yielded. It counts per Run, not per crawl: a persistent Frontier
	// keeps what is left, and the next Run continues with MaxPages more
	// (after kill -9 too: the pages the dead Run yielded do not count).
	// 304 answers and duplicates are not yielded and do not count.
	// 0 means no limit.
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
	// stored for a canonical page URL by an earlier run ("" for none), and
	// whether the caller stored the page's content (an article). They are
	// sent as If-None-Match and If-Modified-Since when a 304 loses nothing:
	// the content is stored, or the frontier entry records that an earlier
	// run of this crawl read the page (Entry.Outcome OutcomeOK or
	// OutcomeNotModified), so its links are in the frontier already. A page
	// that answers 304 is counted as NotModified and not yielded, and its
	// links are not read again. Called from Run's goroutine only.
	Validators func(url string) (etag, lastModified string, stored bool)
	// Resources, if set, keeps robots.txt files, sitemaps and feeds between
	// runs, so that a re-crawl asks for them conditionally: robots.txt
	// always (a 304 confirms the stored rules, which then apply), a
	// sitemap or feed when its frontier entry was read by an earlier run of
	// this crawl (like pages above; a 304 is counted as NotModified and its
	// entries are not read again). A failing cache costs a full request,
	// never the crawl: its errors are logged at Warn.
	Resources ResourceCache
	// Budget, if set, shares each site's Delay and Parallel with every
	// process that uses the same budget (RedisFrontier.Budget): together
	// they send at most Parallel requests to a site at once, spaced by
	// Delay (or the robots.txt Crawl-delay), and a Retry-After pauses all
	// of them. nil means the limits hold for this process only.
	Budget SiteBudget
	// Frontier holds the crawl's URLs, visited set and fingerprints. nil
	// means a new in-memory one per Run (NewMemFrontier). With a persistent
	// Frontier a Run after a crash continues where the last one stopped,
	// and several processes may share one crawl (RedisFrontier).
	Frontier Frontier
	// MaxAttempts is how often a URL is tried before it is recorded as
	// failed, for failures that may pass (timeouts, 5xx, 429, dropped
	// connections, truncated bodies). 0 means DefaultMaxAttempts; 1 means
	// no retries.
	MaxAttempts int
	// RetryWait is the backoff before the second attempt; it doubles with
	// every further attempt (up to 5 minutes) plus jitter. A Retry-After
	// of a 429 or 503 answer overrides it. 0 means DefaultRetryWait.
	RetryWait time.Duration
	// MaxRetryWait is the longest Retry-After honoured; a server asking
	// for more fails the URL for this crawl. 0 means DefaultMaxRetryWait.
	MaxRetryWait time.Duration
	// Include, if not empty, are regular expressions of which a page URL
	// (canonical, as a whole) must match one to be fetched; Exclude are
	// those it must match none of. Seeds, sitemaps and feeds are exempt.
	Include, Exclude []string
	// Since, if not zero, leaves out pages that sitemaps and feeds date
	// before it, and stops following rel=next from a list page whose
	// printed dates (d.m.yyyy) are all before it.
	Since time.Time
	// MaxPerPattern bounds how many page URLs that differ only in their
	// digits (/kalender/2026/01/, /kalender/2026/02/, …) one run queues;
	// article URLs of a site profile are exempt. 0 means
	// DefaultMaxPerPattern; a negative value means no bound.
	MaxPerPattern int
	// Profiles say which URLs of a site are articles, lists, feeds or to
	// be skipped. nil means DefaultProfiles(); an empty non-nil slice
	// means none.
	Profiles []Profile
	// Transport makes the HTTP requests. nil means a clone of
	// net/http's default transport. Tests use it to reach loopback
	// servers under real-looking host names.
	Transport http.RoundTripper
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
	HTTPErrors   int // responses with a status other than 2xx and 304 (404, 410; 5xx and 429 after the last attempt)
	Timeouts     int // requests that timed out, after the last attempt
	Errors       int // other failures: connection refused, redirect to a host not allowed, unreadable sitemap, …
	HandleErrors int // pages for which handle returned an error
	Sitemaps     int // sitemap files read
	Feeds        int // RSS and Atom feeds read
	Retries      int // attempts scheduled again after a transient failure
	Truncated    int // responses whose body ended early, after the last attempt
	Redirects    int // redirect loops and chains over 10
	Trap         int // URLs not queued because MaxPerPattern URLs of their digit pattern were
	Filtered     int // URLs not queued because of Include, Exclude or Since
	Pending      int // entries queued or being fetched when the snapshot was taken

	// StatusCodes counts the responses per non-2xx status code.
	StatusCodes map[int]int
	// Failures lists the first 1000 failed requests (HTTP errors, timeouts,
	// errors) with their status and error.
	Failures []Failure
	// Took is how long Run ran.
	Took time.Duration
}

// Resource is a robots.txt, sitemap or feed as an earlier run read it.
type Resource struct {
	URL          string // canonical
	Kind         Kind   // KindRobots, KindSitemap or KindFeed
	ETag         string // the ETag header of the 200 answer
	LastModified string // its Last-Modified header
	Body         []byte // robots.txt only: the rules a 304 confirms
	FetchedAt    time.Time
}

// ResourceCache keeps Resources between runs (Config.Resources). Run calls
// it from its own goroutine only.
type ResourceCache interface {
	// Resource returns what PutResource stored for url; ok is false when
	// nothing is.
	Resource(ctx context.Context, url string) (r Resource, ok bool, err error)
	// PutResource stores r, read by this run with status 200. For sitemaps
	// and feeds it is called once the entries they list are in the
	// frontier.
	PutResource(ctx context.Context, r Resource) error
}

// SiteBudget spaces and bounds the requests to each site (host without
// "www.") across processes (Config.Budget). Run calls it from several
// goroutines; implementations are safe for concurrent use.
type SiteBudget interface {
	// Take tries to start a request to site under token. It returns 0 when
	// the request may start now: the request then holds one of parallel
	// slots until Return, or for hold at most, and the next request to
	// site starts no earlier than spacing from now. Otherwise it returns
	// how long to wait before trying again.
	Take(ctx context.Context, site, token string, parallel int, spacing, hold time.Duration) (wait time.Duration, err error)
	// Return gives token's slot back; the next request to site starts no
	// earlier than delay from now.
	Return(ctx context.Context, site, token string, delay time.Duration) error
	// Pause keeps every request to site from starting for d.
	Pause(ctx context.Context, site string, d time.Duration) error
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
	cfg      Config
	profiles profiles
	include  []*regexp.Regexp
	exclude  []*regexp.Regexp
	// maxInflight bounds the requests open at once: Parallel per site.
	maxInflight int
	seeds       []string        // canonical
	allowed     map[string]bool // canonical host[:port], with and without "www."
	domains     []string        // host names without port, for colly's AllowedDomains
	sites       int             // distinct politeness sites among allowed hosts
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
	switch {
	case cfg.MaxAttempts < 0:
		return nil, fmt.Errorf("crawler: invalid MaxAttempts %d: want 0 (default %d) or more", cfg.MaxAttempts, DefaultMaxAttempts)
	case cfg.RetryWait < 0 || cfg.MaxRetryWait < 0:
		return nil, fmt.Errorf("crawler: invalid RetryWait %s or MaxRetryWait %s: want 0 (default) or more", cfg.RetryWait, cfg.MaxRetryWait)
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.RetryWait == 0 {
		cfg.RetryWait = DefaultRetryWait
	}
	if cfg.MaxRetryWait == 0 {
		cfg.MaxRetryWait = DefaultMaxRetryWait
	}
	if cfg.MaxPerPattern == 0 {
		cfg.MaxPerPattern = DefaultMaxPerPattern
	}
	if cfg.Transport == nil {
		cfg.Transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	if cfg.Profiles == nil {
		cfg.Profiles = DefaultProfiles()
	}
	if reflect.ValueOf(cfg.Log).IsZero() {
		cfg.Log = zerolog.Nop()
	}

	c := &Crawler{cfg: cfg, allowed: make(map[string]bool)}
	var err error
	if c.profiles, err = compileProfiles(cfg.Profiles); err != nil {
		return nil, fmt.Errorf("crawler: %w", err)
	}
	for _, p := range []struct {
		name string
		pats []string
		dst  *[]*regexp.Regexp
	}{{"Include", cfg.Include, &c.include}, {"Exclude", cfg.Exclude, &c.exclude}} {
		for _, pat := range p.pats {
			re, err := regexp.Compile(pat)
			if err != nil {
				return nil, fmt.Errorf("crawler: invalid %s pattern %q: %w", p.name, pat, err)
			}
			*p.dst = append(*p.dst, re)
		}
	}
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
	c.maxInflight = cfg.Parallel * max(c.sites, 1)
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

// included reports whether the canonical page URL u passes Include and
// Exclude.
func (c *Crawler) included(u string) bool {
	match := func(re *regexp.Regexp) bool { return re.MatchString(u) }
	if len(c.include) > 0 && !slices.ContainsFunc(c.include, match) {
		return false
	}
	return !slices.ContainsFunc(c.exclude, match)
}
