package web_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/fixtures"
)

// xssArticle extracts fixtures/pages/z-xss-test.html, whose title, text
// and keywords carry <script>, onerror= and javascript: as text.
func xssArticle(t *testing.T) extract.Article {
	t.Helper()
	var gold []struct {
		File, URL, ContentType string
		FetchedAt              time.Time `json:"fetched_at"`
	}
	raw, err := fs.ReadFile(fixtures.FS(), "gold.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	for _, g := range gold {
		if g.File != "pages/z-xss-test.html" {
			continue
		}
		body, err := fs.ReadFile(fixtures.FS(), g.File)
		if err != nil {
			t.Fatal(err)
		}
		x, err := extract.New()
		if err != nil {
			t.Fatal(err)
		}
		a, err := x.Extract(extract.Source{URL: g.URL, ContentType: "text/html; charset=utf-8", FetchedAt: g.FetchedAt, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.Title, "<script>") || !strings.Contains(a.Text, "onerror=") {
			t.Fatalf("the fixture no longer yields hostile text: title %q", a.Title)
		}
		return a
	}
	t.Fatal("fixtures/gold.json lists no pages/z-xss-test.html")
	return extract.Article{}
}

// tagRE finds an HTML tag that carries a script: the one thing that must
// never come out of extracted text.
var tagRE = regexp.MustCompile(`(?i)<script>alert|<img[^>]*onerror|<a[^>]*href="javascript:`)

func TestXSSFixtureRendersInert(t *testing.T) {
	e := newEditorEnv(t, nil)
	a := xssArticle(t)
	// An editor's decision on an event of the page puts hostile text into partners and the
	// history as well.
	a.Cooperation = true
	a.Events = []extract.Event{{Type: extract.Founded, Evidence: []string{strings.SplitN(a.Text, ". ", 2)[0]},
		Partners: []extract.Partner{{Name: `Stadt <script>alert("xss-partner")</script>`, Kind: extract.KindStadt},
			{Name: `<img src=x onerror=alert("xss-partner2")>`, Kind: extract.KindSonstige}}}}
	ctx := context.Background()
	if err := e.ix.PutArticles(ctx, []extract.Article{a}); err != nil {
		t.Fatal(err)
	}
	stored, err := e.ix.Article(ctx, extract.NewArticleID(a.URL))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ix.Confirm(ctx, "anna", stored.Events[0].ID, `<script>alert("xss-reason")</script>`); err != nil {
		t.Fatal(err)
	}
	cl := client(t)
	e.login(t, cl)
	for _, path := range []string{
		"/?q=Sicherheitstest",
		"/?q=" + url.QueryEscape(`<script>alert(1)</script>`),
		"/?keyword=" + url.QueryEscape(`<script>alert("xss-keyword")</script>`),
		"/articles/" + string(stored.ID),
		"/partner/" + url.PathEscape(`Stadt <script>alert("xss-partner")</script>`),
		"/network?q=Sicherheitstest",
		"/review?status=confirmed",
		"/api/search?q=Sicherheitstest",
		"/api/articles/" + string(stored.ID),
	} {
		resp, body := do(t, cl, http.MethodGet, e.srv.URL+path, nil, nil)
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
			continue
		}
		if m := tagRE.FindString(body); m != "" {
			t.Errorf("GET %s: live markup %q in the output", path, m)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET %s: CSP %q", path, csp)
		}
	}
	_, page := do(t, cl, http.MethodGet, e.srv.URL+"/articles/"+string(stored.ID), nil, nil)
	for _, want := range []string{"&lt;script&gt;alert(&#34;xss-title&#34;)&lt;/script&gt;", "onerror=alert(&#34;xss-onerror&#34;)", "&lt;script&gt;alert(&#34;xss-reason&#34;)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the article page does not show %q as text", want)
		}
	}
	if strings.Contains(page, "coopwatchFixture") {
		t.Error("the page's own script or onerror attribute reached the article")
	}
}
