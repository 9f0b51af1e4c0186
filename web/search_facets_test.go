package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/coopwatch/coopwatch/index"
)

// estimated is a Result whose facets were counted in a sample.
func estimated(q index.Query) index.Result {
	r := oneHit(q)
	r.Total, r.FacetsEstimated, r.FacetSample = 218480, true, 4966
	r.Facets = map[string][]index.FacetCount{"partner": {{Term: "Landkreis Gifhorn", Count: 1364}}, "state": {{Term: "Niedersachsen", Count: 40022}}}
	return r
}

func TestAPISearchFacetsParameter(t *testing.T) {
	for _, tt := range []struct{ param, want string }{{"", index.FacetsAuto}, {"exact", index.FacetsExact}, {"none", index.FacetsNone}} {
		var got index.Query
		srv := newServer(t, &fakeSearcher{SearchFn: func(_ context.Context, q index.Query) (index.Result, error) {
			got = q
			return oneHit(q), nil
		}})
		if rec := get(t, srv, "/api/search?q=Gifhorn&facets="+tt.param); rec.Code != http.StatusOK {
			t.Fatalf("facets=%s: status %d, body %s", tt.param, rec.Code, rec.Body)
		}
		if got.Facets != tt.want {
			t.Errorf("facets=%s: Query.Facets = %q, want %q", tt.param, got.Facets, tt.want)
		}
	}
	srv := newServer(t, &fakeSearcher{SearchFn: func(context.Context, index.Query) (index.Result, error) {
		t.Error("Search called for a bad request")
		return index.Result{}, nil
	}})
	rec := get(t, srv, "/api/search?facets=all")
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `invalid facets \"all\": want exact`) {
		t.Errorf("facets=all: status %d, body %s; want 400 saying what is accepted", rec.Code, rec.Body)
	}
}

// Estimated facet counts say so in the API and on the page; exact ones
// carry no mark.
func TestSearchLabelsEstimatedFacets(t *testing.T) {
	srv := newServer(t, &fakeSearcher{SearchFn: func(_ context.Context, q index.Query) (index.Result, error) {
		if q.Facets == index.FacetsExact {
			r := oneHit(q)
			r.FacetSample = r.Total
			return r, nil
		}
		return estimated(q), nil
	}})

	var body struct {
		Total           uint64 `json:"total"`
		FacetsEstimated bool   `json:"facets_estimated"`
		FacetSample     uint64 `json:"facet_sample"`
	}
	rec := get(t, srv, "/api/search?q=Verwaltung")
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if body.Total != 218480 || !body.FacetsEstimated || body.FacetSample != 4966 {
		t.Errorf("API answer %+v: want total 218480, facets_estimated true, facet_sample 4966", body)
	}
	rec = get(t, srv, "/api/search?q=Verwaltung&facets=exact")
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if body.FacetsEstimated || body.FacetSample != body.Total {
		t.Errorf("API answer with facets=exact %+v: want facets_estimated false, facet_sample = total", body)
	}

	page := html.UnescapeString(get(t, srv, "/?q=Verwaltung&state=Bayern").Body.String())
	for _, want := range []string{
		"≈ 1364", "≈ 40022", // every count marked
		"Stichprobe von 4966 der 218480 Treffer",          // what they were counted in
		`href="/?facets=exact&q=Verwaltung&state=Bayern"`, // and how to count exactly
	} {
		if !strings.Contains(page, want) {
			t.Errorf("search page does not contain %q", want)
		}
	}
	page = get(t, srv, "/?q=Verwaltung&facets=exact").Body.String()
	if strings.Contains(page, "≈") || strings.Contains(page, "Stichprobe") {
		t.Error("search page with exact facets marks them as estimates")
	}
}
