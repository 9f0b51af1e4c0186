package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
	"github.com/coopwatch/coopwatch/web"
	"github.com/google/go-cmp/cmp"
)

// fakeSearcher is a web.Searcher whose behaviour each test sets.
type fakeSearcher struct {
	SearchFn  func(context.Context, index.Query) (index.Result, error)
	ArticleFn func(context.Context, extract.ArticleID) (extract.Article, error)
}

func (f *fakeSearcher) Search(ctx context.Context, q index.Query) (index.Result, error) {
	return f.SearchFn(ctx, q)
}

func (f *fakeSearcher) Article(ctx context.Context, id extract.ArticleID) (extract.Article, error) {
	return f.ArticleFn(ctx, id)
}

var gifhorn = extract.Article{
	ID: "a1", URL: "https://www.kommune21.de/meldung_1_x.html", Site: "kommune21.de",
	Title: "Kooperation in Ost-Niedersachsen erweitert", Kicker: "Digitalisierung", Published: "2021-04-29",
	Text:        "Bereits seit dem Jahr 2020 arbeiten die Städte zusammen.\n\nNun hat sich der Landkreis Gifhorn angeschlossen.",
	Cooperation: true,
	Keywords:    []string{"Politik"},
	Events: []extract.Event{{
		ID: "e1", Type: extract.Joined, Date: "2021-04", Status: extract.Pending,
		Partners: []extract.Partner{{Name: "Landkreis Gifhorn", Kind: extract.KindLandkreis, State: "Niedersachsen", AGS: "03151", Role: extract.RoleJoining}},
		Evidence: []string{"Nun hat sich der Landkreis Gifhorn angeschlossen."},
	}},
}

func oneHit(q index.Query) index.Result {
	return index.Result{
		Total: 1,
		Hits: []index.Hit{{ID: gifhorn.ID, URL: gifhorn.URL, Title: gifhorn.Title, Kicker: gifhorn.Kicker,
			Site: gifhorn.Site, Published: gifhorn.Published, Cooperation: true, Events: gifhorn.Events}},
		Facets: map[string][]index.FacetCount{"partner": {{Term: "Landkreis Gifhorn", Count: 1}}, "state": {{Term: "Niedersachsen", Count: 1}}},
	}
}

func newServer(t *testing.T, f *fakeSearcher) *web.Server {
	t.Helper()
	if f.SearchFn == nil {
		f.SearchFn = func(_ context.Context, q index.Query) (index.Result, error) { return oneHit(q), nil }
	}
	if f.ArticleFn == nil {
		f.ArticleFn = func(_ context.Context, id extract.ArticleID) (extract.Article, error) {
			if id == gifhorn.ID {
				return gifhorn, nil
			}
			return extract.Article{}, index.ErrNotFound
		}
	}
	return web.NewServer(web.Config{Searcher: f})
}

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

func TestAPISearchPassesQuery(t *testing.T) {
	var got index.Query
	srv := newServer(t, &fakeSearcher{SearchFn: func(_ context.Context, q index.Query) (index.Result, error) {
		got = q
		return oneHit(q), nil
	}})
	rec := get(t, srv, "/api/search?q=Gifhorn&limit=5&offset=10&state=Niedersachsen&state=Hessen&type=joined&year=2021&from=2020-01&to=2021&sort=-date")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, body %s", rec.Code, rec.Body)
	}
	want := index.Query{Text: "Gifhorn", Limit: 5, Offset: 10, States: []string{"Niedersachsen", "Hessen"},
		Types: []string{"joined"}, Years: []int{2021}, From: "2020-01", To: "2021", Sort: "-date"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("query (-want +got):\n%s", d)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	var body struct {
		Total  int `json:"total"`
		Hits   []map[string]any
		Facets map[string][]struct {
			Term  string
			Count int
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if body.Total != 1 || len(body.Hits) != 1 || body.Hits[0]["title"] != gifhorn.Title || body.Hits[0]["published"] != "2021-04-29" {
		t.Errorf("body = %s", rec.Body)
	}
	if f := body.Facets["partner"]; len(f) != 1 || f[0].Term != "Landkreis Gifhorn" || f[0].Count != 1 {
		t.Errorf("partner facet = %+v", f)
	}
}

func TestAPISearchRejectsBadInput(t *testing.T) {
	tests := []struct {
		name, target, wantMsg string
	}{
		{"limit not a number", "/api/search?limit=abc", `invalid limit "abc"`},
		{"limit too big", "/api/search?limit=1000", "from 1 to 100"},
		{"limit zero", "/api/search?limit=0", "invalid limit"},
		{"negative offset", "/api/search?offset=-1", "invalid offset"},
		{"offset past the bound", "/api/search?offset=99999999", "invalid offset"},
		{"bad sort", "/api/search?sort=title", `invalid sort "title"`},
		{"bad from", "/api/search?from=yesterday", `invalid from "yesterday": want a date like 2021-04-29`},
		{"bad type", "/api/search?type=merged", `invalid type "merged"`},
		{"bad year", "/api/search?year=20x1", `invalid year "20x1"`},
		{"query too long", "/api/search?q=" + strings.Repeat("a", 1001), "limit is 1000"},
	}
	srv := newServer(t, &fakeSearcher{SearchFn: func(context.Context, index.Query) (index.Result, error) {
		t.Error("Search called for a bad request")
		return index.Result{}, nil
	}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, srv, tt.target)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", rec.Code)
			}
			var body map[string]string
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("body %q is not JSON: %v", rec.Body, err)
			}
			if !strings.Contains(body["error"], tt.wantMsg) {
				t.Errorf("error = %q, want it to contain %q", body["error"], tt.wantMsg)
			}
		})
	}
}

func TestAPISearchQueryErrorIs400(t *testing.T) {
	srv := newServer(t, &fakeSearcher{SearchFn: func(_ context.Context, q index.Query) (index.Result, error) {
		return index.Result{}, &index.QueryError{Query: q.Text, Msg: "unbalanced parenthesis"}
	}})
	rec := get(t, srv, "/api/search?q=title:(")
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "unbalanced parenthesis") {
		t.Errorf("got %d %s, want 400 naming the problem", rec.Code, rec.Body)
	}
}

func TestInternalErrorsAreNotShown(t *testing.T) {
	srv := newServer(t, &fakeSearcher{SearchFn: func(context.Context, index.Query) (index.Result, error) {
		return index.Result{}, errSecret
	}})
	rec := get(t, srv, "/api/search?q=x")
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("got %d %s, want 500 without the internal detail", rec.Code, rec.Body)
	}
}

type secretError struct{}

func (secretError) Error() string { return "disk /secret/path failed" }

var errSecret = secretError{}

func TestAPIArticle(t *testing.T) {
	srv := newServer(t, &fakeSearcher{})
	rec := get(t, srv, "/api/articles/a1")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	var a extract.Article
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(gifhorn, a); d != "" {
		t.Errorf("article (-want +got):\n%s", d)
	}
	if rec := get(t, srv, "/api/articles/nope"); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("missing article: %d %s, want 404 JSON", rec.Code, rec.Body)
	}
}

func TestSearchPage(t *testing.T) {
	srv := newServer(t, &fakeSearcher{})
	rec := get(t, srv, "/?q=Gifhorn&state=Niedersachsen")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		"Kooperation in Ost-Niedersachsen erweitert", `href="/articles/a1"`, "29.04.2021",
		"Landkreis Gifhorn",   // facet and event partner
		"Suchsyntax",          // the help text
		"Land: Niedersachsen", // the active filter, removable
	} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	if rec := get(t, srv, "/?limit=-3"); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "invalid limit") {
		t.Errorf("bad limit on the page: %d", rec.Code)
	}
}

func TestArticlePageHighlightsEvidence(t *testing.T) {
	srv := newServer(t, &fakeSearcher{})
	rec := get(t, srv, "/articles/a1")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), `<mark class="evidence">Nun hat sich der Landkreis Gifhorn angeschlossen.</mark>`) {
		t.Errorf("evidence not highlighted:\n%s", rec.Body)
	}
	if rec := get(t, srv, "/articles/nope"); rec.Code != http.StatusNotFound {
		t.Errorf("missing article page: %d, want 404", rec.Code)
	}
}

// Extracted content is untrusted: a hostile title, text, partner or
// fragment must reach the browser inert.
func TestHostileContentIsEscaped(t *testing.T) {
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	a := gifhorn
	a.Title = "Titel " + evil
	a.Text = "Absatz " + evil
	a.Events = []extract.Event{{ID: "e", Type: extract.Founded, Status: extract.Pending,
		Partners: []extract.Partner{{Name: "Stadt " + evil, Kind: extract.KindStadt}},
		Evidence: []string{"Absatz " + evil}}}
	srv := newServer(t, &fakeSearcher{
		SearchFn: func(context.Context, index.Query) (index.Result, error) {
			return index.Result{Total: 1, Hits: []index.Hit{{ID: "a1", Title: a.Title, Events: a.Events,
				Fragments: map[string][]string{"text": {"<mark>Absatz</mark> " + evil}}}},
				Facets: map[string][]index.FacetCount{"partner": {{Term: "Stadt " + evil, Count: 1}}}}, nil
		},
		ArticleFn: func(context.Context, extract.ArticleID) (extract.Article, error) { return a, nil },
	})
	for _, target := range []string{"/?q=x", "/articles/a1"} {
		body := get(t, srv, target).Body.String()
		// The attribute text may appear, but only inside escaped text where
		// no tag can form.
		for _, bad := range []string{"<script>alert", "<img src=x"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: raw %q in output", target, bad)
			}
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the hostile text is not shown escaped", target)
		}
	}
	if body := get(t, srv, "/?q=x").Body.String(); !strings.Contains(body, "<mark>Absatz</mark>") {
		t.Errorf("the highlight itself was lost")
	}
}

func TestSecurityHeadersAndStatic(t *testing.T) {
	srv := newServer(t, &fakeSearcher{})
	rec := get(t, srv, "/static/style.css")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "text/css") {
		t.Errorf("style.css: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	if rec := get(t, srv, "/nowhere"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown path: %d", rec.Code)
	}
}
