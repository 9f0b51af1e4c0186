package crawler

import (
	"net/http"
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/temoto/robotstxt"
)

// Internal fuzz tests for the parsers of untrusted text: no panic, valid
// output, the same output for the same input.

func FuzzParseSitemap(f *testing.F) {
	f.Add([]byte(`<urlset><url><loc>http://x/a</loc><lastmod>2024-05-31</lastmod></url></urlset>`))
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><sitemapindex><sitemap><loc>http://x/s.xml.gz</loc></sitemap></sitemapindex>`))
	f.Add([]byte(`<rss><channel><item><link>http://x/a</link></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<20 {
			return
		}
		sm, err := parseSitemap(b)
		if err == nil && len(sm.Pages) > maxSitemapURLs {
			t.Errorf("%d pages, over the limit", len(sm.Pages))
		}
	})
}

func FuzzParseFeed(f *testing.F) {
	f.Add([]byte(`<rss version="2.0"><channel><item><link>http://x/a</link><pubDate>Tue, 29 Apr 2025 10:00:00 +0200</pubDate></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="http://x/c"/><updated>2025-04-29T10:00:00Z</updated></entry></feed>`))
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item><link>http://x/r</link></item></rdf:RDF>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<20 {
			return
		}
		items, err := parseFeed(b)
		if err != nil {
			return
		}
		for _, it := range items {
			if it.URL == "" {
				t.Errorf("empty item URL from %q", b)
			}
		}
	})
}

func FuzzRobots(f *testing.F) {
	f.Add("User-agent: *\nDisallow: /intern/\nCrawl-delay: 2\nSitemap: http://x/sitemap.xml\n", "/intern/a")
	f.Add("User-agent: coopwatch\nAllow: /\nDisallow: /*?p=\n", "/?p=1")
	f.Fuzz(func(t *testing.T, body, path string) {
		if len(body) > 1<<20 {
			return
		}
		rd, err := robotstxt.FromStatusAndBytes(http.StatusOK, []byte(body))
		if err != nil {
			return
		}
		rs := &robotsState{ready: true, data: rd}
		a, b := rs.allows(path, DefaultUserAgent), rs.allows(path, DefaultUserAgent)
		if a != b {
			t.Errorf("allows(%q) not deterministic", path)
		}
	})
}

func FuzzDecodeHTML(f *testing.F) {
	f.Add([]byte("<meta charset=\"iso-8859-1\"><p>Gie\xdfen</p>"), "text/html")
	f.Add([]byte("\xef\xbb\xbf<p>Gießen</p>"), "")
	f.Add([]byte("<p>\x84zusammen\x93 \x80</p>"), "text/html; charset=windows-1252")
	f.Add([]byte("<p>x</p>"), "text/html; charset=bogus")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		if len(body) > 1<<20 {
			return
		}
		out := decodeHTML(body, ct)
		if !utf8.Valid(out) {
			t.Errorf("decodeHTML(%q, %q) is not valid UTF-8", body, ct)
		}
		u, _ := url.Parse("http://x/")
		parsePage(u, out, true, true) // must not panic
	})
}
