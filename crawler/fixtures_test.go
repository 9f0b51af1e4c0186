package crawler_test

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/coopwatch/coopwatch/crawler"
	"github.com/coopwatch/coopwatch/fixtures"
)

// TestRunFixtureSite crawls the project's fixture site: every article its
// sitemap lists is yielded, decoded, and the robots-disallowed /intern/ is
// never requested.
func TestRunFixtureSite(t *testing.T) {
	site := newServer(t, fixtures.NewSite())
	want := sitemapURLs(t, site.URL+"/sitemap.xml")
	if len(want) == 0 {
		t.Fatal("fixture sitemap lists no pages")
	}
	site.mu.Lock()
	site.reqs = nil // the test's own sitemap request
	site.mu.Unlock()

	c := mustNew(t, crawler.Config{Seeds: []string{site.URL + "/"}, Delay: -1})
	got := make(map[string]crawler.Page)
	st, err := c.Run(context.Background(), func(_ context.Context, p crawler.Page) error {
		if p.DuplicateOf != "" {
			return nil
		}
		got[p.URL] = p
		return nil
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	for _, u := range want {
		cu, err := crawler.CanonicalURL(u)
		if err != nil {
			t.Errorf("sitemap URL %q: %v", u, err)
			continue
		}
		p, ok := got[cu]
		if !ok {
			t.Errorf("sitemap page %s not yielded", cu)
			continue
		}
		if !utf8.Valid(p.Body) || len(p.Body) == 0 {
			t.Errorf("%s: body is empty or not UTF-8", cu)
		}
	}
	t.Logf("sitemap lists %d pages; crawl yielded %d, %d requests", len(want), st.Yielded, len(site.requests()))
	for _, r := range site.requests() {
		if strings.HasPrefix(r.path, "/intern/") {
			t.Errorf("requested %s, which robots.txt disallows", r.path)
		}
	}
	if st.Robots == 0 {
		t.Errorf("Stats.Robots = 0, want the /intern/ links refused")
	}
	if st.Yielded != len(got) {
		t.Errorf("Stats.Yielded = %d, handle got %d pages", st.Yielded, len(got))
	}
	// The fixture pages link to site pages that are not part of the fixture
	// set; those answer 404, and nothing may fail otherwise.
	if st.Errors+st.Timeouts != 0 || len(st.StatusCodes) > 1 || st.HTTPErrors != st.StatusCodes[404] {
		t.Errorf("Errors = %d, Timeouts = %d, StatusCodes = %v: want only 404s", st.Errors, st.Timeouts, st.StatusCodes)
	}
}

func sitemapURLs(t *testing.T, u string) []string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(b, &set); err != nil {
		t.Fatalf("parse %s: %v", u, err)
	}
	var urls []string
	for _, x := range set.URLs {
		urls = append(urls, x.Loc)
	}
	return urls
}
