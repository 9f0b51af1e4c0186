package crawler_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/coopwatch/coopwatch/crawler"
)

// hostile crawls a site made of mux, from "/", with a fast configuration
// that cfg may change, and returns the pages (by path?query), the stats and
// the server.
func hostile(t *testing.T, mux *http.ServeMux, cfg func(*crawler.Config)) (map[string]crawler.Page, crawler.Stats, *server) {
	t.Helper()
	site := newServer(t, mux)
	c0 := crawler.Config{Seeds: []string{site.URL + "/"}, Delay: -1, RetryWait: time.Millisecond, Timeout: 5 * time.Second, MaxBodySize: testMaxBody}
	if cfg != nil {
		cfg(&c0)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	pages, st, err := collect(t, ctx, mustNew(t, c0))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return pages, st, site
}

func home(links ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page(r.URL.RequestURI(), links...)) // bodies differ: no duplicates
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("/{$}", home("/busy"))
			var n atomic.Int32
			mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					w.Header().Set("Retry-After", "1")
					w.WriteHeader(status)
					return
				}
				fmt.Fprint(w, page("Busy"))
			})
			pages, st, site := hostile(t, mux, nil)
			if _, ok := pages["/busy"]; !ok {
				t.Fatalf("/busy not yielded after its Retry-After; stats %+v", st)
			}
			var times []time.Time
			for _, r := range site.requests() {
				if r.path == "/busy" {
					times = append(times, r.at)
				}
			}
			if len(times) != 2 {
				t.Fatalf("/busy requested %d times, want 2", len(times))
			}
			// RetryWait is 1ms: only Retry-After explains a second's wait.
			if gap := times[1].Sub(times[0]); gap < 900*time.Millisecond {
				t.Errorf("retry came %v after the %d, want Retry-After's 1s", gap, status)
			}
			if st.Retries != 1 {
				t.Errorf("Stats.Retries = %d, want 1", st.Retries)
			}
		})
	}
}

func TestRetryTransientThenGiveUp(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", home("/flaky", "/broken", "/missing", "/gone"))
	var flaky atomic.Int32
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if flaky.Add(1) == 1 {
			http.Error(w, "oops", http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, page("Flaky"))
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	})
	pages, st, site := hostile(t, mux, func(c *crawler.Config) { c.MaxAttempts = 3 })
	if _, ok := pages["/flaky"]; !ok {
		t.Errorf("/flaky (500 then 200) not yielded")
	}
	for path, want := range map[string]int{"/flaky": 2, "/broken": 3, "/missing": 1, "/gone": 1} {
		if n := site.count(path); n != want {
			t.Errorf("%s requested %d times, want %d", path, n, want)
		}
	}
	if st.HTTPErrors != 3 || st.StatusCodes[502] != 1 || st.StatusCodes[404] != 1 || st.StatusCodes[410] != 1 {
		t.Errorf("Stats.HTTPErrors = %d, StatusCodes = %v, want 502, 404 and 410 once each", st.HTTPErrors, st.StatusCodes)
	}
	if st.Retries != 3 {
		t.Errorf("Stats.Retries = %d, want 3 (/flaky once, /broken twice)", st.Retries)
	}
}

func TestDripCutOff(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", home("/drip"))
	mux.HandleFunc("/drip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fl := w.(http.Flusher)
		for range 100 { // 5 s at one byte per 50 ms
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			fl.Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	start := time.Now()
	pages, st, site := hostile(t, mux, func(c *crawler.Config) { c.Timeout = 300 * time.Millisecond; c.MaxAttempts = 2 })
	if _, ok := pages["/drip"]; ok {
		t.Errorf("/drip yielded: a server dripping bytes must be cut off by the request deadline")
	}
	if st.Timeouts != 1 || site.count("/drip") != 2 {
		t.Errorf("Stats.Timeouts = %d, /drip requested %d times, want 1 timeout after 2 attempts", st.Timeouts, site.count("/drip"))
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("crawl took %v: the drip was not cut off", took)
	}
}

func TestRedirectLoopsAndChains(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", home("/loop/a", "/chain/0", "/short/0"))
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) })
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/a", http.StatusFound) })
	chain := func(prefix string, end int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var n int
			fmt.Sscanf(r.PathValue("n"), "%d", &n)
			if n == end {
				fmt.Fprint(w, page(prefix+" end"))
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/%s/%d", prefix, n+1), http.StatusMovedPermanently)
		}
	}
	mux.HandleFunc("/chain/{n}", chain("chain", -1)) // endless
	mux.HandleFunc("/short/{n}", chain("short", 3))
	pages, st, site := hostile(t, mux, func(c *crawler.Config) { c.MaxPerPattern = -1 })
	if _, ok := pages["/short/3"]; !ok {
		t.Errorf("/short/0 → … → /short/3 not yielded under /short/3")
	}
	if st.Redirects != 2 {
		t.Errorf("Stats.Redirects = %d, want 2 (the loop and the endless chain); failures %v", st.Redirects, st.Failures)
	}
	if n := site.count("/loop/a"); n != 1 {
		t.Errorf("/loop/a requested %d times, want 1: a loop is not retried", n)
	}
	chained := 0
	for _, r := range site.requests() {
		if strings.HasPrefix(r.path, "/chain/") {
			chained++
		}
	}
	if chained > 11 {
		t.Errorf("endless chain followed for %d requests, want at most 11", chained)
	}
}

// A redirect to a page this run has requested already is not followed:
// the page is fetched once.
func TestRedirectToRequestedPage(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", home("/article"))
	mux.HandleFunc("/article", home("/old"))
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/article", http.StatusMovedPermanently)
	})
	_, _, site := hostile(t, mux, func(c *crawler.Config) { c.MaxPerPattern = -1 })
	if n := site.count("/old"); n != 1 {
		t.Fatalf("/old requested %d times, want 1", n)
	}
	if n := site.count("/article"); n != 1 {
		t.Errorf("/article requested %d times, want 1: the redirect to it was followed", n)
	}
}

// endlessGzip writes a gzip stream of zeros until the client goes away or
// a gigabyte is out.
func endlessGzip(w http.ResponseWriter, r *http.Request) {
	zw := gzip.NewWriter(w)
	zeros := make([]byte, 64<<10)
	for range 1 << 14 {
		if _, err := zw.Write(zeros); err != nil || r.Context().Err() != nil {
			return
		}
	}
	zw.Close()
}

func TestGzipBomb(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "User-agent: *\nSitemap: http://%s/sitemap.xml.gz\n", r.Host)
	})
	mux.HandleFunc("/{$}", home("/bomb.html"))
	mux.HandleFunc("/sitemap.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-gzip")
		endlessGzip(w, r)
	})
	mux.HandleFunc("/bomb.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		endlessGzip(w, r)
	})
	start := time.Now()
	_, st, _ := hostile(t, mux, func(c *crawler.Config) { c.Timeout = 30 * time.Second })
	if st.TooLarge != 2 || st.Timeouts != 0 {
		t.Errorf("Stats.TooLarge = %d, Timeouts = %d, want 2 too large (sitemap and page) and no timeout", st.TooLarge, st.Timeouts)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("crawl took %v: the bombs were unpacked beyond the size cap", took)
	}
}

func TestGzippedSitemapIndex(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "User-agent: *\nSitemap: http://%s/sitemap_index.xml\n", r.Host)
	})
	mux.HandleFunc("/{$}", home())
	mux.HandleFunc("/sitemap_index.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://%s/news.xml.gz</loc></sitemap></sitemapindex>`, r.Host)
	})
	mux.HandleFunc("/news.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(gz(fmt.Sprintf(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://%s/from-gz.html</loc></url></urlset>`, r.Host)))
	})
	mux.HandleFunc("/from-gz.html", home())
	pages, st, _ := hostile(t, mux, nil)
	if _, ok := pages["/from-gz.html"]; !ok {
		t.Errorf("page listed only in a gzipped sitemap under a sitemap index not yielded; stats %+v", st)
	}
	if st.Sitemaps != 2 {
		t.Errorf("Stats.Sitemaps = %d, want 2", st.Sitemaps)
	}
}

func TestTruncatedBody(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", home("/cut.html"))
	mux.HandleFunc("/cut.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "5000")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(page("Abgeschnitten")))
		w.(http.Flusher).Flush()
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	pages, st, site := hostile(t, mux, func(c *crawler.Config) { c.MaxAttempts = 2 })
	if _, ok := pages["/cut.html"]; ok {
		t.Errorf("truncated page yielded")
	}
	if st.Truncated != 1 || site.count("/cut.html") != 2 {
		t.Errorf("Stats.Truncated = %d, /cut.html requested %d times, want 1 after 2 attempts", st.Truncated, site.count("/cut.html"))
	}
}

func TestMalformedHTML(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><head><title>kaputt</title><body><table><tr><td><a href="/one.html">eins<div><p><a href=/two.html>zwei</table></p></span><<<>>>&&#xZZZ;<a href="/three.html"`+"\x00"+`>drei`)
	})
	for _, p := range []string{"/one.html", "/two.html", "/three.html"} {
		mux.HandleFunc(p, home())
	}
	pages, _, _ := hostile(t, mux, nil)
	for _, p := range []string{"/", "/one.html", "/two.html"} {
		if _, ok := pages[p]; !ok {
			t.Errorf("%s not yielded: malformed markup must still be read and its links followed", p)
		}
	}
}

func TestCalendarTrap(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", home("/kalender/2026/1/"))
	mux.HandleFunc("/kalender/{y}/{m}/", func(w http.ResponseWriter, r *http.Request) {
		var y, m int
		fmt.Sscanf(r.PathValue("y")+" "+r.PathValue("m"), "%d %d", &y, &m)
		next, prev := fmt.Sprintf("/kalender/%d/%d/", y+m/12, m%12+1), fmt.Sprintf("/kalender/%d/%d/", y-1, m)
		fmt.Fprint(w, page(fmt.Sprintf("Kalender %d/%d", m, y), next, prev))
	})
	_, st, site := hostile(t, mux, func(c *crawler.Config) { c.MaxPerPattern = 20 })
	n := 0
	for _, r := range site.requests() {
		if strings.HasPrefix(r.path, "/kalender/") {
			n++
		}
	}
	if n > 20 || st.Trap == 0 {
		t.Errorf("calendar requested %d times with MaxPerPattern 20, Stats.Trap = %d", n, st.Trap)
	}
}

func TestCharsets(t *testing.T) {
	latin1 := func(s string) []byte { b, _ := charmap.ISO8859_1.NewEncoder().Bytes([]byte(s)); return b }
	cp1252 := func(s string) []byte { b, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(s)); return b }
	doc := func(head string) string {
		text := "Gießen und Münster „zusammen“ – 5 €"
		if strings.Contains(head, "8859") || head == "latin1" {
			text, head = "Gießen und Münster", strings.TrimPrefix(head, "latin1")
		}
		return "<!DOCTYPE html><html><head>" + head + "<title>T</title></head><body><p>" + text + "</p></body></html>"
	}
	tests := []struct {
		name, ct string
		body     []byte
		want     string
	}{
		{"header", "text/html; charset=iso-8859-1", latin1(doc("latin1")), "Gießen und Münster"},
		{"bom", "text/html", append([]byte("\xEF\xBB\xBF"), doc("")...), "Gießen und Münster „zusammen“ – 5 €"},
		{"meta charset", "text/html", cp1252(doc(`<meta charset="windows-1252">`)), "„zusammen“ – 5 €"},
		{"http-equiv", "text/html", latin1(doc(`<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">`)), "Gießen und Münster"},
		{"sniffed", "text/html", cp1252(doc("<!-- no declaration -->")), "Gießen und Münster „zusammen“ – 5 €"},
		{"utf-8 undeclared", "text/html", []byte(doc("<!-- utf-8 -->")), "Gießen und Münster „zusammen“ – 5 €"},
	}
	mux := http.NewServeMux()
	var links []string
	for i, tt := range tests {
		p := fmt.Sprintf("/cs%d.html", i)
		links = append(links, p)
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", tt.ct)
			w.Write(tt.body)
		})
	}
	mux.HandleFunc("/{$}", home(links...))
	pages, _, _ := hostile(t, mux, nil)
	for i, tt := range tests {
		p := pages[fmt.Sprintf("/cs%d.html", i)]
		if !strings.Contains(string(p.Body), tt.want) || strings.HasPrefix(string(p.Body), "\uFEFF") {
			t.Errorf("%s: body %q, want it to contain %q and no BOM", tt.name, p.Body, tt.want)
		}
	}
}

// hostTransport sends every request to addr, whatever its host: loopback
// servers under real-looking names.
func hostTransport(addr string) http.RoundTripper {
	return &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}}
}

func TestAllowHostWWWAndBare(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		_, port, _ := net.SplitHostPort(r.Host)
		fmt.Fprint(w, page("Start",
			"http://www.kommune21.test:"+port+"/www.html",
			"http://kommune21.test:"+port+"/bare.html",
			"http://move-online.test:"+port+"/other.html"))
	})
	mux.HandleFunc("/", home())
	site := newServer(t, mux)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(site.URL, "http://"))
	c := mustNew(t, crawler.Config{
		Seeds:        []string{"http://kommune21.test:" + port + "/"},
		AllowedHosts: []string{"www.kommune21.test:" + port},
		Delay:        -1,
		Transport:    hostTransport(strings.TrimPrefix(site.URL, "http://")),
	})
	pages, _, err := collect(t, context.Background(), c)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	for _, p := range []string{"/www.html", "/bare.html"} {
		if _, ok := pages[p]; !ok {
			t.Errorf("%s not yielded: www. and bare host are both allowed", p)
		}
	}
	if _, ok := pages["/other.html"]; ok || site.count("/other.html") != 0 {
		t.Errorf("/other.html on another host fetched")
	}
	if n := site.count("/robots.txt"); n != 2 {
		t.Errorf("robots.txt requested %d times, want once per host (www. and bare)", n)
	}
}

func TestIncludeExclude(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", home("/news/a.html", "/news/b.html", "/shop/c.html", "/news/print/a.html"))
	mux.HandleFunc("/", home())
	_, st, site := hostile(t, mux, func(c *crawler.Config) {
		c.Include = []string{`/news/`}
		c.Exclude = []string{`/print/`}
	})
	for path, want := range map[string]int{"/news/a.html": 1, "/news/b.html": 1, "/shop/c.html": 0, "/news/print/a.html": 0} {
		if n := site.count(path); n != want {
			t.Errorf("%s requested %d times, want %d", path, n, want)
		}
	}
	if st.Filtered != 2 {
		t.Errorf("Stats.Filtered = %d, want 2", st.Filtered)
	}
	if _, err := crawler.New(crawler.Config{Seeds: []string{"http://x.test/"}, Include: []string{"("}}); err == nil || !strings.Contains(err.Error(), `Include pattern "("`) {
		t.Errorf("New with a bad Include pattern: error %v, want one naming it", err)
	}
}

func TestSince(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "User-agent: *\nSitemap: http://%s/sitemap.xml\n", r.Host)
	})
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://%[1]s/new.html</loc><lastmod>2025-03-01</lastmod></url>
<url><loc>http://%[1]s/old.html</loc><lastmod>2019-03-01T10:00:00+01:00</lastmod></url>
<url><loc>http://%[1]s/undated.html</loc></url></urlset>`, r.Host)
	})
	list := func(dates []string, next string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var b strings.Builder
			b.WriteString("<html><head><link rel=\"next\" href=\"" + next + "\"></head><body>")
			for _, d := range dates {
				fmt.Fprintf(&b, "<p>[%s] Meldung</p>", d)
			}
			fmt.Fprintf(&b, `<a href="%s" rel="next">weiter</a></body></html>`, next)
			w.Write([]byte(b.String()))
		}
	}
	mux.HandleFunc("/{$}", home("/archiv/1"))
	mux.HandleFunc("/archiv/1", list([]string{"3.2.2025", "28.12.2024"}, "/archiv/2"))
	mux.HandleFunc("/archiv/2", list([]string{"1.6.2023", "12.05.2023"}, "/archiv/3"))
	mux.HandleFunc("/archiv/3", list([]string{"1.6.2022"}, "/archiv/4"))
	mux.HandleFunc("/", home())
	_, _, site := hostile(t, mux, func(c *crawler.Config) { c.Since = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) })
	for path, want := range map[string]int{"/new.html": 1, "/undated.html": 1, "/old.html": 0, "/archiv/2": 1, "/archiv/3": 0} {
		if n := site.count(path); n != want {
			t.Errorf("%s requested %d times with Since 2024-01-01, want %d", path, n, want)
		}
	}
}

func TestFeeds(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="alternate" type="application/atom+xml" href="/atom"></head><body>Start</body></html>`)
	})
	mux.HandleFunc("/rss.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
<item><title>A</title><link>http://%[1]s/rss-a.html</link><pubDate>Tue, 29 Apr 2025 10:00:00 +0200</pubDate></item>
<item><title>B</title><guid>http://%[1]s/rss-b.html</guid></item></channel></rss>`, r.Host)
	})
	mux.HandleFunc("/atom", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title>C</title><link rel="alternate" href="http://%[1]s/atom-c.html"/><updated>2025-04-29T10:00:00Z</updated></entry></feed>`, r.Host)
	})
	mux.HandleFunc("/", home())
	pages, st, _ := hostile(t, mux, nil)
	for _, p := range []string{"/rss-a.html", "/rss-b.html", "/atom-c.html"} {
		if _, ok := pages[p]; !ok {
			t.Errorf("feed item %s not yielded", p)
		}
	}
	if st.Feeds != 2 {
		t.Errorf("Stats.Feeds = %d, want 2", st.Feeds)
	}
}

func TestRobotsOncePerHostWithSitemapAndDelay(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "User-agent: *\nDisallow: /privat/\nCrawl-delay: 0.05\nSitemap: http://%s/sm.xml\n", r.Host)
	})
	mux.HandleFunc("/sm.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://%s/listed.html</loc></url></urlset>`, r.Host)
	})
	mux.HandleFunc("/{$}", home("/a.html", "/b.html", "/privat/x.html"))
	mux.HandleFunc("/", home())
	pages, st, site := hostile(t, mux, nil)
	if n := site.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt requested %d times, want once", n)
	}
	if _, ok := pages["/listed.html"]; !ok {
		t.Errorf("page of the robots.txt sitemap not yielded")
	}
	if site.count("/privat/x.html") != 0 || st.Robots != 1 {
		t.Errorf("/privat/x.html requested %d times, Stats.Robots = %d, want refused once", site.count("/privat/x.html"), st.Robots)
	}
}

func TestProfilesAndCanonical(t *testing.T) {
	mux := http.NewServeMux()
	start := home("/meldung_36133_Kooperation+erweitert.html", "/meldung_36133_Kooperation+erweitert.pdf", "/k21-meldungen/", "/?p=42&utm_source=x")
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("p") == "42" {
			fmt.Fprint(w, page("WordPress"))
			return
		}
		start(w, r)
	})
	mux.HandleFunc("/meldung_36133_Kooperation+erweitert.html", home())
	mux.HandleFunc("/k21-meldungen/", home("/k21-meldungen/kooperation-erweitert/"))
	mux.HandleFunc("/k21-meldungen/kooperation-erweitert/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<html><head><link rel="canonical" href="http://%s/k21-meldungen/kooperation-erweitert-2/"></head><body>Artikel</body></html>`, r.Host)
	})
	site := newServer(t, mux)
	host := strings.TrimPrefix(site.URL, "http://")
	prof := crawler.DefaultProfiles()
	prof[0].Hosts = append(prof[0].Hosts, "127.0.0.1")
	c := mustNew(t, crawler.Config{Seeds: []string{site.URL + "/"}, Delay: -1, Profiles: prof})
	pages, _, err := collect(t, context.Background(), c)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	roles := map[string]string{
		"/meldung_36133_Kooperation+erweitert.html": crawler.RoleArticle,
		"/k21-meldungen/kooperation-erweitert/":     crawler.RoleArticle,
		"/?p=42":                                    crawler.RoleArticle,
		"/k21-meldungen/":                           crawler.RoleList,
		"/":                                         "",
	}
	for p, want := range roles {
		if pg, ok := pages[p]; !ok || pg.Role != want {
			t.Errorf("%s: yielded %v with Role %q, want Role %q", p, ok, pg.Role, want)
		}
	}
	if n := site.count("/meldung_36133_Kooperation+erweitert.pdf"); n != 0 {
		t.Errorf("pdf print variant requested %d times", n)
	}
	if n := site.count("/k21-meldungen/kooperation-erweitert-2/"); n != 0 {
		t.Errorf("rel=canonical URL of a fetched page requested again (%d times) on %s", n, host)
	}
}
