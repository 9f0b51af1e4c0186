package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
	"github.com/coopwatch/coopwatch/web"
)

// The editors' side is tested against a real index in a temporary
// directory: the behaviour under test (sessions, CSRF, reviews reaching
// the search) lives in the interplay of web and index.

const editorPW = "geheim-und-lang-genug"

var bayern = extract.Article{
	URL: "https://www.egovernment.de/zweckverband-a-1/", Site: "egovernment.de", Title: "Zweckverband für IT in Bayern gegründet",
	Published: "2020-09-23", Text: "Die Stadt München und der Landkreis Ebersberg haben einen Zweckverband gegründet.", Cooperation: true,
	Events: []extract.Event{{Type: extract.Founded, Date: "2020-09-23", Confidence: 0.5,
		Partners: []extract.Partner{{Name: "Stadt München", Kind: extract.KindStadt, State: "Bayern", AGS: "09162000"},
			{Name: "Landkreis Ebersberg", Kind: extract.KindLandkreis, State: "Bayern", AGS: "09175"}},
		Evidence: []string{"Die Stadt München und der Landkreis Ebersberg haben einen Zweckverband gegründet."}}},
}

type editorEnv struct {
	ix   *index.Index
	srv  *httptest.Server
	gif  extract.Article // as stored
	bay  extract.Article
	tok  string
	conf web.Config
}

func newEditorEnv(t *testing.T, tweak func(*web.Config)) *editorEnv {
	t.Helper()
	ctx := context.Background()
	ix, err := index.Open(ctx, t.TempDir(), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	g := gifhorn
	g.ID, g.Events = "", nil
	ev := gifhorn.Events[0]
	ev.ID = ""
	g.Events = []extract.Event{ev}
	if err := ix.PutArticles(ctx, []extract.Article{g, bayern}); err != nil {
		t.Fatal(err)
	}
	if err := ix.AddUser(ctx, "anna", editorPW); err != nil {
		t.Fatal(err)
	}
	tok, err := ix.NewToken(ctx, "anna")
	if err != nil {
		t.Fatal(err)
	}
	cfg := web.Config{Searcher: ix, Explorer: ix, Accounts: ix, Reviewer: ix}
	if tweak != nil {
		tweak(&cfg)
	}
	srv := httptest.NewServer(web.NewServer(cfg))
	t.Cleanup(srv.Close)
	e := &editorEnv{ix: ix, srv: srv, tok: tok, conf: cfg}
	if e.gif, err = ix.Article(ctx, extract.NewArticleID(g.URL)); err != nil {
		t.Fatal(err)
	}
	if e.bay, err = ix.Article(ctx, extract.NewArticleID(bayern.URL)); err != nil {
		t.Fatal(err)
	}
	return e
}

// client returns an HTTP client with a cookie jar that does not follow
// redirects, so tests see the 303s.
func client(t *testing.T) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func do(t *testing.T, c *http.Client, method, u string, body io.Reader, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost && hdr["Content-Type"] == "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login logs c in as anna and returns the session's CSRF token.
func (e *editorEnv) login(t *testing.T, c *http.Client) string {
	t.Helper()
	_, page := do(t, c, http.MethodGet, e.srv.URL+"/login", nil, nil)
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("login page has no CSRF field:\n%s", page)
	}
	resp, body := do(t, c, http.MethodPost, e.srv.URL+"/login", strings.NewReader(url.Values{"csrf": {m[1]}, "name": {"anna"}, "password": {editorPW}, "next": {"/review"}}.Encode()), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/review" {
		t.Fatalf("login: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	_, page = do(t, c, http.MethodGet, e.srv.URL+"/review", nil, nil)
	m = csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("review page has no CSRF field:\n%s", page)
	}
	return m[1]
}

func TestEditorEndpointsAnswer401(t *testing.T) {
	e := newEditorEnv(t, nil)
	evID := string(e.gif.Events[0].ID)
	for _, c := range []struct{ method, path string }{
		{"GET", "/review"},
		{"POST", "/logout"},
		{"POST", "/review/events/" + evID + "/confirm"},
		{"POST", "/review/events/" + evID + "/reject"},
		{"POST", "/review/articles/" + string(e.gif.ID) + "/events"},
		{"GET", "/api/review/queue"},
		{"POST", "/api/review/events/" + evID + "/confirm"},
		{"POST", "/api/review/events/" + evID + "/correct"},
		{"POST", "/api/review/articles/" + string(e.gif.ID) + "/events"},
		{"GET", "/api/review/history"},
		{"GET", "/api/suggest/partners?q=Gif"},
	} {
		for _, auth := range []string{"", "Bearer cw_wrong", "Basic YW5uYTpnZWhlaW0="} {
			resp, body := do(t, client(t), c.method, e.srv.URL+c.path, strings.NewReader("{}"), map[string]string{"Authorization": auth})
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s %s (auth %q): %d, want 401", c.method, c.path, auth, resp.StatusCode)
			}
			if strings.HasPrefix(c.path, "/api/") && !strings.Contains(body, `"error"`) {
				t.Errorf("%s %s: 401 without a JSON error: %s", c.method, c.path, body)
			}
		}
	}
	// The state did not change.
	if a, _ := e.ix.Article(context.Background(), e.gif.ID); a.Events[0].Status != extract.Pending {
		t.Errorf("an unauthenticated request changed the event: %s", a.Events[0].Status)
	}
}

func TestLoginSessionCookieAndLogout(t *testing.T) {
	for _, c := range []struct {
		name       string
		trust      bool
		proto      string
		wantSecure bool
	}{
		{"plain http", false, "", false},
		{"untrusted forwarded proto", false, "https", false},
		{"trusted proxy with TLS", true, "https", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEditorEnv(t, func(cfg *web.Config) { cfg.TrustProxy = c.trust })
			cl := client(t)
			_, page := do(t, cl, "GET", e.srv.URL+"/login", nil, nil)
			tok := csrfRE.FindStringSubmatch(page)[1]
			form := url.Values{"csrf": {tok}, "name": {"anna"}, "password": {editorPW}}.Encode()
			resp, _ := do(t, cl, "POST", e.srv.URL+"/login", strings.NewReader(form), map[string]string{"X-Forwarded-Proto": c.proto})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("login: %d", resp.StatusCode)
			}
			var sess *http.Cookie
			for _, ck := range resp.Cookies() {
				if ck.Name == "cw_session" {
					sess = ck
				}
			}
			if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Secure != c.wantSecure || sess.Path != "/" {
				t.Fatalf("session cookie = %+v, want HttpOnly, SameSite=Lax, Secure=%v", sess, c.wantSecure)
			}
			resp, body := do(t, cl, "GET", e.srv.URL+"/review", nil, nil)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "anna") {
				t.Fatalf("review page after login: %d", resp.StatusCode)
			}
			csrf := csrfRE.FindStringSubmatch(body)[1]
			if resp, _ := do(t, cl, "POST", e.srv.URL+"/logout", strings.NewReader(""), nil); resp.StatusCode != http.StatusForbidden {
				t.Errorf("logout without CSRF: %d, want 403", resp.StatusCode)
			}
			if resp, _ := do(t, cl, "POST", e.srv.URL+"/logout", strings.NewReader("csrf="+url.QueryEscape(csrf)), nil); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("logout: %d, want 303", resp.StatusCode)
			}
			// The old cookie value no longer works, even if a client kept it.
			req, _ := http.NewRequest("GET", e.srv.URL+"/review", nil)
			req.AddCookie(&http.Cookie{Name: "cw_session", Value: sess.Value})
			r2, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			r2.Body.Close()
			if r2.StatusCode != http.StatusUnauthorized {
				t.Errorf("review with a logged-out session: %d, want 401", r2.StatusCode)
			}
		})
	}
}

func TestLoginNeedsCSRFAndRightPassword(t *testing.T) {
	e := newEditorEnv(t, nil)
	cl := client(t)
	form := url.Values{"name": {"anna"}, "password": {editorPW}}
	if resp, _ := do(t, cl, "POST", e.srv.URL+"/login", strings.NewReader(form.Encode()), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("login without CSRF: %d, want 403", resp.StatusCode)
	}
	_, page := do(t, cl, "GET", e.srv.URL+"/login?next=https://evil.example/", nil, nil)
	if strings.Contains(page, "evil.example") {
		t.Error("the login form keeps an off-site next")
	}
	form.Set("csrf", csrfRE.FindStringSubmatch(page)[1])
	form.Set("password", "falsch-falsch-falsch")
	resp, body := do(t, cl, "POST", e.srv.URL+"/login", strings.NewReader(form.Encode()), nil)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Name oder Passwort ist falsch") {
		t.Errorf("wrong password: %d", resp.StatusCode)
	}
	form.Set("csrf", csrfRE.FindStringSubmatch(body)[1])
	form.Set("password", editorPW)
	form.Set("next", "//evil.example/")
	resp, _ = do(t, cl, "POST", e.srv.URL+"/login", strings.NewReader(form.Encode()), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/review" {
		t.Errorf("login with an off-site next: %d to %q, want 303 to /review", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestLoginRateLimit(t *testing.T) {
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	e := newEditorEnv(t, func(cfg *web.Config) {
		cfg.LoginFailuresPerUser, cfg.LoginFailuresPerIP = 3, 5
		cfg.Now = func() time.Time { return now }
	})
	try := func(name, pw string) int {
		cl := client(t)
		_, page := do(t, cl, "GET", e.srv.URL+"/login", nil, nil)
		form := url.Values{"csrf": {csrfRE.FindStringSubmatch(page)[1]}, "name": {name}, "password": {pw}}
		resp, _ := do(t, cl, "POST", e.srv.URL+"/login", strings.NewReader(form.Encode()), nil)
		return resp.StatusCode
	}
	for i := range 3 {
		if got := try("anna", "falsch-falsch-falsch"); got != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, got)
		}
	}
	if got := try("anna", editorPW); got != http.StatusTooManyRequests {
		t.Errorf("right password after 3 failures: %d, want 429", got)
	}
	// Other names from the same address still get through, until the
	// per-address limit.
	if got := try("bob", "falsch-falsch-falsch"); got != http.StatusUnauthorized {
		t.Errorf("other user: %d, want 401", got)
	}
	try("carl", "falsch-falsch-falsch")
	if got := try("dora", "x"); got != http.StatusTooManyRequests {
		t.Errorf("after 5 failures from one address: %d, want 429", got)
	}
	now = now.Add(16 * time.Minute)
	if got := try("anna", editorPW); got != http.StatusSeeOther {
		t.Errorf("after the window: %d, want 303", got)
	}
}

func TestReviewFormsCSRFAndEffect(t *testing.T) {
	e := newEditorEnv(t, nil)
	cl := client(t)
	csrf := e.login(t, cl)
	ev := e.gif.Events[0]
	base := e.srv.URL + "/review/events/" + string(ev.ID)
	post := func(path string, form url.Values) (*http.Response, string) {
		return do(t, cl, "POST", path, strings.NewReader(form.Encode()), nil)
	}

	if resp, _ := post(base+"/confirm", url.Values{"article": {string(e.gif.ID)}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("confirm without CSRF: %d, want 403", resp.StatusCode)
	}
	if resp, _ := post(base+"/confirm", url.Values{"csrf": {"wrong"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("confirm with a wrong CSRF token: %d, want 403", resp.StatusCode)
	}
	if resp, body := post(base+"/reject", url.Values{"csrf": {csrf}, "reason": {" "}}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "needs a reason") {
		t.Errorf("reject without reason: %d, want 400 saying a reason is needed", resp.StatusCode)
	}
	if resp, body := post(base+"/frobnicate", url.Values{"csrf": {csrf}}); resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "unknown review action") {
		t.Errorf("unknown action: %d", resp.StatusCode)
	}

	// Correct the partners: Wolfsburg was wrong, Braunschweig is right.
	form := url.Values{"csrf": {csrf}, "article": {string(e.gif.ID)}, "type": {"joined"}, "date": {"2021-04"},
		"partner_name": {"Landkreis Gifhorn", "Stadt Braunschweig", ""}, "partner_kind": {"landkreis", "stadt", ""},
		"partner_state": {"Niedersachsen", "Niedersachsen", ""}, "partner_ags": {"03151", "03101000", ""}, "partner_role": {"joining", "member", ""},
		"reason": {"Braunschweig koordiniert"}}
	resp, body := post(base+"/correct", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/articles/"+string(e.gif.ID)+"#event-"+string(ev.ID) {
		t.Fatalf("correct: %d to %q: %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	bad := url.Values{"csrf": {csrf}, "type": {"joined"}, "date": {"April"}, "partner_name": {"Stadt X"}, "partner_kind": {"stadt"}}
	if resp, body := post(base+"/correct", bad); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "date") {
		t.Errorf("correct with a bad date: %d %s", resp.StatusCode, body)
	}
	if resp, body := post(base+"/correct", url.Values{"csrf": {csrf}, "type": {"joined"}, "partner_name": {"Stadt X"}}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "has no kind") {
		t.Errorf("correct with a partner without kind: %d %s", resp.StatusCode, body)
	}
	if resp, _ := post(base+"/confirm", url.Values{"csrf": {csrf}, "reason": {strings.Repeat("x", 2<<20)}}); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB form: %d, want 413", resp.StatusCode)
	}
	bayEv := e.bay.Events[0]
	resp, _ = post(e.srv.URL+"/review/events/"+string(bayEv.ID)+"/reject", url.Values{"csrf": {csrf}, "reason": {"nur eine Absichtserklärung"}, "back": {"/review?order=date"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/review?order=date" {
		t.Errorf("reject: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// The editor sees the history on the article page.
	_, page := do(t, cl, "GET", e.srv.URL+"/articles/"+string(e.gif.ID), nil, nil)
	for _, want := range []string{"Verlauf (2)", "anna", "<del>Landkreis Gifhorn</del>", "Stadt Braunschweig", "Braunschweig koordiniert", "korrigiert", `action="/review/events/` + string(ev.ID) + `/reject"`} {
		if !strings.Contains(page, want) {
			t.Errorf("article page for the editor lacks %q", want)
		}
	}
	// A researcher sees the corrected data, the history, and no forms.
	anon := client(t)
	_, page = do(t, anon, "GET", e.srv.URL+"/articles/"+string(e.gif.ID), nil, nil)
	if !strings.Contains(page, "Stadt Braunschweig") || strings.Contains(page, "/review/events/") || !strings.Contains(page, "Verlauf") {
		t.Error("the researcher's article page shows no correction, or editor forms")
	}
	_, js := do(t, anon, "GET", e.srv.URL+"/api/search?partner="+url.QueryEscape("Stadt Braunschweig"), nil, nil)
	if !strings.Contains(js, `"total": 1`) {
		t.Errorf("search for the corrected partner: %s", js)
	}
	_, js = do(t, anon, "GET", e.srv.URL+"/api/search?state=Bayern", nil, nil)
	if !strings.Contains(js, `"total": 0`) {
		t.Errorf("a rejected event still counts for its Land: %s", js)
	}
	_, js = do(t, anon, "GET", e.srv.URL+"/api/events/"+string(ev.ID)+"/history", nil, nil)
	var h struct {
		History []struct {
			User, Action, Field, Reason string
			Before, After               json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(js), &h); err != nil || len(h.History) != 2 || h.History[0].Field != "partners" || h.History[1].User != "anna" {
		t.Errorf("history API: %s", js)
	}

	// The JSON API with the session cookie wants the CSRF token in a header.
	jsonHdr := map[string]string{"Content-Type": "application/json"}
	apiConfirm := e.srv.URL + "/api/review/events/" + string(ev.ID) + "/confirm"
	if resp, _ := do(t, cl, "POST", apiConfirm, strings.NewReader(`{}`), jsonHdr); resp.StatusCode != http.StatusForbidden {
		t.Errorf("API with a session and no X-CSRF-Token: %d, want 403", resp.StatusCode)
	}
	jsonHdr["X-CSRF-Token"] = csrf
	if resp, body := do(t, cl, "POST", apiConfirm, strings.NewReader(`{}`), jsonHdr); resp.StatusCode != http.StatusOK {
		t.Errorf("API with a session and its X-CSRF-Token: %d %s", resp.StatusCode, body)
	}

	// The queue has the reviewed events no more.
	_, page = do(t, cl, "GET", e.srv.URL+"/review", nil, nil)
	if !strings.Contains(page, "<strong>0</strong> Ereignisse") {
		t.Errorf("queue after review:\n%s", page)
	}
}

func TestReviewAPIWithToken(t *testing.T) {
	e := newEditorEnv(t, func(cfg *web.Config) { cfg.MaxBodyBytes = 4096 })
	auth := map[string]string{"Authorization": "Bearer " + e.tok, "Content-Type": "application/json"}
	ev := e.gif.Events[0]
	api := e.srv.URL + "/api/review/events/" + string(ev.ID)
	cl := client(t)

	_, js := do(t, cl, "GET", e.srv.URL+"/api/review/queue?order=confidence", nil, auth)
	var q struct {
		Total int
		Items []struct {
			Event extract.Event
		}
	}
	if err := json.Unmarshal([]byte(js), &q); err != nil || q.Total != 2 || q.Items[0].Event.Confidence > q.Items[1].Event.Confidence {
		t.Errorf("queue: %s", js)
	}
	// Stemming and umlauts: "Zweckverbände" finds the Zweckverband.
	if _, js := do(t, cl, "GET", e.srv.URL+"/api/review/queue?q="+url.QueryEscape("Zweckverbände"), nil, auth); json.Unmarshal([]byte(js), &q) != nil || q.Total != 1 || q.Items[0].Event.ID != e.bay.Events[0].ID {
		t.Errorf("queue q=Zweckverbände: %s", js)
	}
	for _, c := range []struct {
		name, path, body string
		want             int
		msg              string
	}{
		{"not JSON", "/confirm", "reason=x", 400, "invalid JSON body"},
		{"unknown field", "/confirm", `{"reasn": "x"}`, 400, `unknown field \"reasn\"`},
		{"empty body", "/confirm", ``, 400, "empty body"},
		{"reject without reason", "/reject", `{}`, 400, "needs a reason"},
		{"bad correction", "/correct", `{"event": {"type": "merged", "partners": [{"name": "Stadt X", "kind": "stadt"}]}}`, 400, `type \"merged\"`},
		{"too large", "/confirm", `{"reason": "` + strings.Repeat("x", 5000) + `"}`, 413, "too large"},
		{"unknown event", "/../0000000000000000/confirm", `{}`, 404, "not found"},
		{"confirm", "/confirm", `{"reason": "stimmt"}`, 200, `"action": "confirm"`},
		{"split", "/../" + string(e.bay.Events[0].ID) + "/split", `{"partners": ["Landkreis Ebersberg"]}`, 200, `"created"`},
	} {
		u := api + c.path
		if rest, ok := strings.CutPrefix(c.path, "/../"); ok {
			u = e.srv.URL + "/api/review/events/" + rest
		}
		resp, body := do(t, cl, "POST", u, strings.NewReader(c.body), auth)
		if resp.StatusCode != c.want || !strings.Contains(body, c.msg) {
			t.Errorf("%s: %d %s, want %d with %q", c.name, resp.StatusCode, body, c.want, c.msg)
		}
	}
	resp, body := do(t, cl, "POST", e.srv.URL+"/api/review/articles/"+string(e.gif.ID)+"/events",
		strings.NewReader(`{"event": {"type": "planned", "date": "2022", "partners": [{"name": "Landkreis Peine", "kind": "landkreis", "state": "Niedersachsen"}]}, "reason": "fehlte"}`), auth)
	if resp.StatusCode != http.StatusCreated || !strings.Contains(body, `"id"`) {
		t.Errorf("add event: %d %s", resp.StatusCode, body)
	}
	if resp, _ := do(t, cl, "POST", e.srv.URL+"/api/review/articles/nope/events", strings.NewReader(`{"event": {"type": "planned", "partners": [{"name": "X", "kind": "stadt"}]}}`), auth); resp.StatusCode != http.StatusNotFound {
		t.Errorf("add to an unknown article: %d, want 404", resp.StatusCode)
	}
	resp, body = do(t, cl, "GET", e.srv.URL+"/api/review/history?format=csv", nil, auth)
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || resp.StatusCode != 200 || len(rows) != 6 || rows[0][0] != "at" {
		t.Errorf("history CSV: %d %v %q", resp.StatusCode, err, rows)
	}
	_, body = do(t, cl, "GET", e.srv.URL+"/api/suggest/partners?q=Gif", nil, auth)
	if !strings.Contains(body, `"Landkreis Gifhorn"`) {
		t.Errorf("suggest: %s", body)
	}
	if resp, _ := do(t, cl, "GET", e.srv.URL+"/api/review/queue?limit=101", nil, auth); resp.StatusCode != 400 {
		t.Errorf("queue limit 101: %d, want 400", resp.StatusCode)
	}
	if resp, body := do(t, cl, "GET", e.srv.URL+"/api/review/queue?order=title", nil, auth); resp.StatusCode != 400 || !strings.Contains(body, "invalid order") {
		t.Errorf("queue order=title: %d %s", resp.StatusCode, body)
	}
	// The queue's text filter is the search's full-text query, with its
	// syntax errors explained.
	if resp, body := do(t, cl, "GET", e.srv.URL+"/api/review/queue?q="+url.QueryEscape(`"unclosed`), nil, auth); resp.StatusCode != 400 || !strings.Contains(body, "quote is not closed") {
		t.Errorf("queue q=\"unclosed: %d %s", resp.StatusCode, body)
	}
}

func TestPartnerNetworkExport(t *testing.T) {
	e := newEditorEnv(t, nil)
	cl := client(t)
	for _, c := range []struct {
		path       string
		want       int
		ctype      string
		substrings []string
	}{
		{"/partner/Landkreis%20Gifhorn", 200, "text/html", []string{"<h1>Landkreis Gifhorn</h1>", "Kooperation in Ost-Niedersachsen erweitert", "Häufigste Partner"}},
		{"/partner/Stadt%20Nirgendwo", 404, "text/html", []string{"404"}},
		{"/api/partners/03151", 200, "application/json", []string{`"name": "Landkreis Gifhorn"`, `"co_partners"`}},
		{"/api/partners/Stadt%20M%C3%BCnchen", 200, "application/json", []string{`"Landkreis Ebersberg"`}},
		{"/network", 200, "text/html", []string{"<svg", "Stadt München", `href="/partner/Landkreis%20Gifhorn"`}},
		{"/network?q=" + url.QueryEscape("title:("), 400, "text/html", []string{"invalid text"}},
		{"/api/network?state=Bayern", 200, "application/json", []string{`"source": "`, `"weight": 1`}},
		{"/api/export?format=csv&state=Niedersachsen", 200, "text/csv", []string{"article_id,article_url", "Landkreis Gifhorn"}},
		{"/api/export?format=jsonl", 200, "application/x-ndjson", []string{`"url":"https://www.egovernment.de/zweckverband-a-1/"`}},
		{"/api/export?format=graphml", 200, "application/graphml+xml", []string{"<graphml", "Stadt München"}},
		{"/api/export?format=xlsx", 400, "application/json", []string{"want csv, jsonl or graphml"}},
		{"/api/export?format=csv&q=" + url.QueryEscape(`"unclosed`), 400, "application/json", []string{"invalid text"}},
		{"/api/search?offset=10001", 400, "application/json", []string{"invalid offset"}},
	} {
		resp, body := do(t, cl, "GET", e.srv.URL+c.path, nil, nil)
		if resp.StatusCode != c.want || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.ctype) {
			t.Errorf("GET %s: %d %q, want %d %s", c.path, resp.StatusCode, resp.Header.Get("Content-Type"), c.want, c.ctype)
		}
		for _, s := range c.substrings {
			if !strings.Contains(body, s) {
				t.Errorf("GET %s lacks %q", c.path, s)
			}
		}
	}
	_, page := do(t, cl, "GET", e.srv.URL+"/?q=Zweckverband", nil, nil)
	for _, want := range []string{`/api/export?format=csv&amp;q=Zweckverband`, `/network?q=Zweckverband`, "nur geprüfte"} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
}

func TestSearchPagination(t *testing.T) {
	var got []index.Query
	srv := newServer(t, &fakeSearcher{SearchFn: func(_ context.Context, q index.Query) (index.Result, error) {
		got = append(got, q)
		r := oneHit(q)
		r.Total = 95
		return r, nil
	}})
	body := get(t, srv, "/?q=x&limit=10&offset=40").Body.String()
	for _, want := range []string{`aria-current="page">5<`, `offset=30`, `offset=50`, "weiter ›", "‹ zurück"} {
		if !strings.Contains(body, want) {
			t.Errorf("page 5 of 10 lacks %q", want)
		}
	}
	if strings.Contains(body, "offset=100") {
		t.Error("a link past the last page")
	}
	for _, target := range []string{"/?offset=10001", "/?limit=101", "/?offset=-5"} {
		if rec := get(t, srv, target); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", target, rec.Code)
		}
	}
}
