package corpus_test

import (
	"bytes"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/coopwatch/coopwatch/corpus"
	"github.com/coopwatch/coopwatch/extract"
)

func mustGenerator(tb testing.TB, seed uint64) *corpus.Generator {
	tb.Helper()
	x, err := extract.New()
	if err != nil {
		tb.Fatal(err)
	}
	return corpus.New(x.Gazetteer(), seed)
}

func TestPageDeterministic(t *testing.T) {
	g1, g2 := mustGenerator(t, 7), mustGenerator(t, 7)
	other := mustGenerator(t, 8)
	for _, n := range []int{0, 1, 17, 999, 123456} {
		a, b := g1.Page(n), g2.Page(n)
		if !bytes.Equal(a.Body, b.Body) || a.URL != b.URL {
			t.Errorf("Page(%d) differs between two generators of seed 7", n)
		}
		if c := g1.Page(n); !bytes.Equal(a.Body, c.Body) {
			t.Errorf("Page(%d) differs between two calls", n)
		}
		if o := other.Page(n); bytes.Equal(a.Body, o.Body) {
			t.Errorf("Page(%d) is the same for seeds 7 and 8", n)
		}
		if m := g1.Meta(n); m.URL != a.URL || m.Truth.Title != a.Truth.Title {
			t.Errorf("Meta(%d) = %q %q, Page gives %q %q", n, m.URL, m.Truth.Title, a.URL, a.Truth.Title)
		}
	}
}

func TestPageShape(t *testing.T) {
	g := mustGenerator(t, 1)
	layouts := map[string]int{}
	var latin1, coop, undated int
	urls := map[string]int{}
	const n = 300
	for i := range n {
		p := g.Page(i)
		layouts[p.Layout]++
		if len(p.Body) < corpus.MinSize || len(p.Body) > corpus.MaxSize {
			t.Errorf("page %d (%s): %d bytes, want %d to %d", i, p.Layout, len(p.Body), corpus.MinSize, corpus.MaxSize)
		}
		if j, dup := urls[p.URL]; dup {
			t.Errorf("pages %d and %d share URL %s", j, i, p.URL)
		}
		urls[p.URL] = i
		switch p.Charset {
		case "iso-8859-1":
			latin1++
			if p.ContentType != "text/html" {
				t.Errorf("page %d: ISO-8859-1 page sent as %q, want the charset only in <meta>", i, p.ContentType)
			}
			if utf8.Valid(p.Body) {
				t.Errorf("page %d: ISO-8859-1 page is valid UTF-8; it should hold Latin-1 umlauts", i)
			}
			if !bytes.Contains(p.Body, []byte("charset=iso-8859-1")) && !bytes.Contains(p.Body, []byte(`charset="iso-8859-1"`)) {
				t.Errorf("page %d: ISO-8859-1 page does not declare it in <meta>", i)
			}
		case "utf-8":
			if !utf8.Valid(p.Body) {
				t.Errorf("page %d: UTF-8 page is not valid UTF-8", i)
			}
		default:
			t.Errorf("page %d: charset %q", i, p.Charset)
		}
		tr := p.Truth
		if tr.Title == "" || tr.Site == "" {
			t.Errorf("page %d: truth without title or site: %+v", i, tr)
		}
		if tr.Cooperation {
			coop++
			if len(tr.Partners) < 2 {
				t.Errorf("page %d: cooperation with partners %q, want two or more", i, tr.Partners)
			}
		} else if len(tr.Partners) != 0 {
			t.Errorf("page %d: partners %q on a page that reports no cooperation", i, tr.Partners)
		}
		body := string(p.Body)
		if p.Charset == "utf-8" {
			for _, s := range append([]string{tr.Title}, names(tr.People)...) {
				if !strings.Contains(body, html.EscapeString(s)) {
					t.Errorf("page %d: truth %q not in the page", i, s)
				}
			}
		}
		for _, s := range []string{`rel="canonical"`, "</html>", "Anzeige", "Cookie"} {
			if !strings.Contains(strings.ToLower(body), strings.ToLower(s)) && !(s == "Anzeige" && (p.Layout == corpus.LayoutMunicipal || p.Layout == corpus.LayoutMinistry)) {
				t.Errorf("page %d (%s): no %q", i, p.Layout, s)
			}
		}
	}
	for _, l := range []string{corpus.LayoutK21Legacy, corpus.LayoutK21Current, corpus.LayoutNews, corpus.LayoutMunicipal, corpus.LayoutMinistry} {
		if layouts[l] == 0 {
			t.Errorf("no page of layout %s among %d", l, n)
		}
	}
	if latin1 == 0 || latin1 > n/3 {
		t.Errorf("%d of %d pages in ISO-8859-1, want some but not most", latin1, n)
	}
	if coop < n/4 || coop > 3*n/4 {
		t.Errorf("%d of %d pages report a cooperation, want a mix", coop, n)
	}
	for i := range 3000 {
		if g.Meta(i).Truth.Published == "" {
			undated++
		}
	}
	if undated == 0 || undated > 300 {
		t.Errorf("%d of 3000 pages undated, want a few: some real pages show no date", undated)
	}
}

func TestSite(t *testing.T) {
	g := mustGenerator(t, 3)
	const n = 120
	srv := httptest.NewServer(corpus.NewSite(g, n))
	defer srv.Close()
	get := func(path string) (int, http.Header, string) {
		t.Helper()
		resp, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, resp.Header, string(b)
	}

	p := g.Page(42)
	status, h, body := get(p.URL[len("https://")+strings.Index(p.URL[len("https://"):], "/"):])
	if status != 200 || body != string(p.Body) || h.Get("Content-Type") != p.ContentType {
		t.Errorf("GET page 42: status %d, type %q, %d bytes; want 200, %q, the page's %d bytes", status, h.Get("Content-Type"), len(body), p.ContentType, len(p.Body))
	}

	status, _, body = get("/meldungen/?seite=2")
	if status != 200 || !strings.Contains(body, `rel="next" href="/meldungen/?seite=3"`) || !strings.Contains(body, `rel="prev"`) {
		t.Errorf("GET list page 2: status %d, want 200 with rel=prev and rel=next", status)
	}
	if m := g.Meta(corpus.ListSize); !strings.Contains(body, html.EscapeString(m.Truth.Title)) {
		t.Errorf("list page 2 does not name page %d %q", corpus.ListSize, m.Truth.Title)
	}
	if status, _, _ = get("/meldungen/?seite=4"); status != 404 {
		t.Errorf("GET list page past the end: status %d, want 404", status)
	}

	status, _, body = get("/sitemap.xml")
	if status != 200 || !strings.Contains(body, "<sitemapindex") || !strings.Contains(body, srv.URL+"/sitemap-1.xml") {
		t.Errorf("GET /sitemap.xml: status %d, body %.200s; want a sitemap index naming sitemap-1.xml", status, body)
	}
	status, _, body = get("/sitemap-1.xml")
	if got := strings.Count(body, "<url>"); status != 200 || got != n {
		t.Errorf("GET /sitemap-1.xml: status %d, %d URLs; want 200 and %d", status, got, n)
	}
	status, _, body = get("/robots.txt")
	if status != 200 || !strings.Contains(body, "Sitemap: "+srv.URL+"/sitemap.xml") {
		t.Errorf("GET /robots.txt: status %d, body %q", status, body)
	}

	// A page beyond n, and a real page's ID under another slug, are 404.
	beyond := g.Meta(n + 5)
	if status, _, _ = get(beyond.Path); status != 404 {
		t.Errorf("GET page %d of a %d-page site: status %d, want 404", n+5, n, status)
	}
	if status, _, _ = get("/k21-meldungen/erfunden-60001/"); status != 404 && g.Meta(1).Path != "/k21-meldungen/erfunden-60001/" {
		t.Errorf("GET a made-up slug: status %d, want 404", status)
	}
}

func names(ps []corpus.Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func TestArticle(t *testing.T) {
	g := mustGenerator(t, 5)
	var events int
	for n := range 200 {
		a := g.Article(n)
		if err := a.Validate(); err != nil {
			t.Fatalf("Article(%d).Validate() = %v", n, err)
		}
		m := g.Meta(n)
		if a.URL != m.URL || a.Title != m.Truth.Title || string(a.Published) != m.Truth.Published || a.Cooperation != m.Truth.Cooperation {
			t.Errorf("Article(%d) = %q %q %q %v, want the truth %q %q %q %v", n, a.URL, a.Title, a.Published, a.Cooperation, m.URL, m.Truth.Title, m.Truth.Published, m.Truth.Cooperation)
		}
		if len(a.Text) < 500 {
			t.Errorf("Article(%d).Text is %d bytes, want a real article", n, len(a.Text))
		}
		events += len(a.Events)
	}
	if events < 50 {
		t.Errorf("%d events in 200 articles, want about half of them to report one", events)
	}
}

// TestSiteLarge serves a 100,000-page corpus: nothing is made before it is
// asked for, so the handler is cheap to create and its last sitemap and
// page answer like the first.
func TestSiteLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 10,000 sitemap entries")
	}
	g := mustGenerator(t, 9)
	const n = 100000
	h := corpus.NewSite(g, n)
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Code, rec.Body.String()
	}
	code, body := get("/sitemap.xml")
	if code != 200 || strings.Count(body, "<sitemap>") != n/corpus.SitemapSize {
		t.Errorf("GET /sitemap.xml: status %d, %d sitemaps; want 200 and %d", code, strings.Count(body, "<sitemap>"), n/corpus.SitemapSize)
	}
	code, body = get("/sitemap-10.xml")
	if code != 200 || strings.Count(body, "<url>") != corpus.SitemapSize {
		t.Errorf("GET /sitemap-10.xml: status %d, %d URLs; want 200 and %d", code, strings.Count(body, "<url>"), corpus.SitemapSize)
	}
	last := g.Meta(n - 1)
	if !strings.Contains(body, html.EscapeString(last.URL[strings.Index(last.URL[8:], "/")+8:])) {
		t.Errorf("the last sitemap does not list the last page %s", last.Path)
	}
	if code, _ := get(last.Path); code != 200 {
		t.Errorf("GET the last page %s: status %d, want 200", last.Path, code)
	}
	if code, _ := get("/meldungen/?seite=2000"); code != 200 {
		t.Errorf("GET the last list page: status %d, want 200", code)
	}
}

// BenchmarkPage measures making one page (the cost the site pays per
// request).
func BenchmarkPage(b *testing.B) {
	g := mustGenerator(b, 1)
	var bytes int64
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		bytes += int64(len(g.Page(n).Body))
		n++
	}
	b.ReportMetric(float64(bytes)/float64(n), "bytes/page")
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}
