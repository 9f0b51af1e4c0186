package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/extract/gazetteer"
	"github.com/coopwatch/coopwatch/web"
)

// The partner autocomplete offers the bodies already named in stored
// events first, under the gazetteer's name, kind, Land and AGS when it
// knows them, then the gazetteer's places and bodies by prefix; each body
// once.
func TestSuggestPartners(t *testing.T) {
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := newEditorEnv(t, func(c *web.Config) { c.Places = g })
	// Partners as an older extraction or an editor may have stored them:
	// a bare Kreis name without key, a kreisfreie Stadt under its Kreis
	// key, and a body the gazetteer does not know.
	more := extract.Article{
		URL: "https://www.kommune21.de/meldung_2_y.html", Site: "kommune21.de", Title: "Digitalverbund im Osten Niedersachsens",
		Published: "2022-01-10", Text: "Gifhorn und Wolfsburg gründen den Gifhorner Digitalverbund.", Cooperation: true,
		Events: []extract.Event{{Type: extract.Founded, Date: "2022-01-10", Confidence: 0.5,
			Partners: []extract.Partner{
				{Name: "Gifhorn", Kind: extract.KindLandkreis, State: "Niedersachsen"},
				{Name: "Stadt Wolfsburg", Kind: extract.KindStadt, State: "Niedersachsen", AGS: "03103"},
				{Name: "Gifhorner Digitalverbund", Kind: extract.KindVerband, State: "Niedersachsen"},
			},
			Evidence: []string{"Gifhorn und Wolfsburg gründen den Gifhorner Digitalverbund."}}},
	}
	if err := e.ix.PutArticles(context.Background(), []extract.Article{more}); err != nil {
		t.Fatal(err)
	}
	type sugg struct{ Name, Kind, State, AGS, Source, Label string }
	lkGifhorn := sugg{"Landkreis Gifhorn", "landkreis", "Niedersachsen", "03151", "store", "Landkreis · Niedersachsen · AGS 03151 · schon erfasst"}
	tests := []struct {
		q    string
		want []sugg
	}{
		{"Gifh", []sugg{
			// Stored as "Gifhorn" and as "Landkreis Gifhorn" 03151: one body.
			lkGifhorn,
			{"Gifhorner Digitalverbund", "verband", "Niedersachsen", "", "store", "Verband · Niedersachsen · schon erfasst"},
			{"Stadt Gifhorn", "stadt", "Niedersachsen", "03151009", "gazetteer", "Stadt · Niedersachsen · AGS 03151009"},
		}},
		{"landkreis gif", []sugg{lkGifhorn}},
		{"Wolfsb", []sugg{{"Stadt Wolfsburg", "stadt", "Niedersachsen", "03103000", "store", "Stadt · Niedersachsen · AGS 03103000 · schon erfasst"}}},
		{"Datap", []sugg{{"Dataport", "it-dienstleister", "Schleswig-Holstein", "", "gazetteer", "IT-Dienstleister · Schleswig-Holstein"}}},
		{"Münch", []sugg{
			// Stored by the test environment's Bavarian article.
			{"Stadt München", "stadt", "Bayern", "09162000", "store", "Stadt · Bayern · AGS 09162000 · schon erfasst"},
			{"Landkreis München", "landkreis", "Bayern", "09184", "gazetteer", "Landkreis · Bayern · AGS 09184"},
		}},
		{"Qxzy", []sugg{}},
		{"  ", []sugg{}},
	}
	cl := client(t)
	auth := map[string]string{"Authorization": "Bearer " + e.tok}
	for _, tt := range tests {
		resp, body := do(t, cl, "GET", e.srv.URL+"/api/suggest/partners?q="+url.QueryEscape(tt.q), nil, auth)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("q=%q: status %d %s", tt.q, resp.StatusCode, body)
			continue
		}
		var got []sugg
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatalf("q=%q: %v: %s", tt.q, err, body)
		}
		if tt.q == "Münch" && len(got) > len(tt.want) {
			got = got[:len(tt.want)] // then smaller places
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("q=%q (-want +got):\n%s", tt.q, diff)
		}
	}
	for q, n := range map[string]int{"B": 12, "Stadt": 12} {
		_, body := do(t, cl, "GET", e.srv.URL+"/api/suggest/partners?q="+url.QueryEscape(q), nil, auth)
		var got []sugg
		if err := json.Unmarshal([]byte(body), &got); err != nil || len(got) != n {
			t.Errorf("q=%q: %d suggestions (%v), want the limit %d", q, len(got), err, n)
		}
	}
	resp, body := do(t, cl, "GET", e.srv.URL+"/api/suggest/partners?q="+url.QueryEscape(strings.Repeat("a", 101)), nil, auth)
	if resp.StatusCode != http.StatusBadRequest || !json.Valid([]byte(body)) {
		t.Errorf("q of 101 bytes: %d %s, want 400", resp.StatusCode, body)
	}
	if resp, _ := do(t, cl, "GET", e.srv.URL+"/api/suggest/partners?q=Gifh", nil, nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a token: %d, want 401", resp.StatusCode)
	}
}
