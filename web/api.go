package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
	"github.com/rs/zerolog"
)

// Paging bounds of the search API.
const (
	defaultLimit = 20
	maxLimit     = 100
	maxOffset    = 10000
	maxQueryLen  = 1000
	maxFilterLen = 50 // values per filter
)

// filterParams maps a URL parameter to the Query field it fills. The same
// names are the facet names of the API's answer.
var filterParams = []string{"partner", "kind", "state", "person", "keyword", "type", "site", "status", "year"}

// parseQuery reads a search from URL parameters: q, limit, offset, sort,
// from, to and the filters; repeated filter parameters are ORed, different
// ones ANDed. It says what is wrong with a bad value and what is accepted.
func parseQuery(v url.Values) (index.Query, error) {
	q := index.Query{Text: strings.TrimSpace(v.Get("q")), Limit: defaultLimit}
	if len(q.Text) > maxQueryLen {
		return q, invalidf("query is %d characters long: the limit is %d", len(q.Text), maxQueryLen)
	}
	var err error
	if s := v.Get("limit"); s != "" {
		if q.Limit, err = strconv.Atoi(s); err != nil || q.Limit < 1 || q.Limit > maxLimit {
			return q, invalidf("invalid limit %q: want a whole number from 1 to %d", s, maxLimit)
		}
	}
	if s := v.Get("offset"); s != "" {
		if q.Offset, err = strconv.Atoi(s); err != nil || q.Offset < 0 || q.Offset > maxOffset {
			return q, invalidf("invalid offset %q: want a whole number from 0 to %d", s, maxOffset)
		}
	}
	switch s := v.Get("sort"); s {
	case "", "relevance", "date", "-date":
		q.Sort = s
	default:
		return q, invalidf("invalid sort %q: want relevance, date (oldest first) or -date (newest first)", s)
	}
	switch s := v.Get("facets"); s {
	case index.FacetsAuto, index.FacetsExact, index.FacetsNone:
		q.Facets = s
	default:
		return q, invalidf("invalid facets %q: want exact (count among all matching articles), none, or nothing (exact up to %d matching articles, estimated from a sample above)", s, index.FacetExactMax)
	}
	for _, p := range []struct {
		name string
		dst  *extract.Date
	}{{"from", &q.From}, {"to", &q.To}} {
		s := v.Get(p.name)
		if s == "" {
			continue
		}
		d := extract.Date(s)
		if d.Validate() != nil {
			return q, invalidf("invalid %s %q: want a date like 2021-04-29, 2021-04 or 2021", p.name, s)
		}
		*p.dst = d
	}
	for _, name := range filterParams {
		vals := nonEmpty(v[name])
		if len(vals) > maxFilterLen {
			return q, invalidf("too many %s filters (%d): the limit is %d", name, len(vals), maxFilterLen)
		}
		switch name {
		case "partner":
			q.Partners = vals
		case "kind":
			q.Kinds = vals
		case "state":
			q.States = vals
		case "person":
			q.People = vals
		case "keyword":
			q.Keywords = vals
		case "type":
			for _, t := range vals {
				if !extract.EventType(t).Valid() {
					return q, invalidf("invalid type %q: want founded, joined, extended, ended or planned", t)
				}
			}
			q.Types = vals
		case "site":
			q.Sites = vals
		case "status":
			for _, s := range vals {
				if !extract.Status(s).Valid() {
					return q, invalidf("invalid status %q: want pending, confirmed, corrected or rejected", s)
				}
			}
			q.Statuses = vals
		case "year":
			for _, s := range vals {
				y, err := strconv.Atoi(s)
				if err != nil || y < 1900 || y > 2199 {
					return q, invalidf("invalid year %q: want a year like 2021", s)
				}
				q.Years = append(q.Years, y)
			}
		}
	}
	return q, nil
}

func nonEmpty(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

type apiHit struct {
	ID          extract.ArticleID   `json:"id"`
	URL         string              `json:"url"`
	Title       string              `json:"title"`
	Kicker      string              `json:"kicker"`
	Published   extract.Date        `json:"published"`
	Site        string              `json:"site"`
	Cooperation bool                `json:"cooperation"`
	Score       float64             `json:"score"`
	Events      []extract.Event     `json:"events"`
	Fragments   map[string][]string `json:"fragments,omitempty"`
}

type apiFacet struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

type apiSearchResult struct {
	Total  uint64                `json:"total"`
	Limit  int                   `json:"limit"`
	Offset int                   `json:"offset"`
	TookMS float64               `json:"took_ms"`
	Hits   []apiHit              `json:"hits"`
	Facets map[string][]apiFacet `json:"facets"`
	// FacetsEstimated says the facet counts are estimates from a sample
	// of FacetSample of the Total matching articles (index.Result);
	// facets=exact counts them all.
	FacetsEstimated bool   `json:"facets_estimated"`
	FacetSample     uint64 `json:"facet_sample"`
}

func toAPI(q index.Query, res index.Result) apiSearchResult {
	out := apiSearchResult{
		Total: res.Total, Limit: q.Limit, Offset: q.Offset,
		TookMS:          float64(res.Took.Microseconds()) / 1000,
		Hits:            make([]apiHit, 0, len(res.Hits)),
		Facets:          make(map[string][]apiFacet, len(res.Facets)),
		FacetsEstimated: res.FacetsEstimated, FacetSample: res.FacetSample,
	}
	for _, h := range res.Hits {
		ev := h.Events
		if ev == nil {
			ev = []extract.Event{}
		}
		out.Hits = append(out.Hits, apiHit{
			ID: h.ID, URL: h.URL, Title: h.Title, Kicker: h.Kicker, Published: h.Published,
			Site: h.Site, Cooperation: h.Cooperation, Score: h.Score, Events: ev, Fragments: h.Fragments,
		})
	}
	for name, fs := range res.Facets {
		list := make([]apiFacet, 0, len(fs))
		for _, f := range fs {
			list = append(list, apiFacet{Term: f.Term, Count: f.Count})
		}
		out.Facets[name] = list
	}
	return out
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.search.Search(r.Context(), q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPI(q, res))
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.search.Article(r.Context(), extract.ArticleID(r.PathValue("id")))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// writeError is the one place where errors become HTTP statuses. API paths
// get {"error": "..."}; pages get the error page. Internal details go to the
// log only.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errorStatus(err)
	l := zerolog.Ctx(r.Context())
	if status >= 500 {
		l.Error().Err(err).Str("url", r.URL.RequestURI()).Int("status", status).Msg("request failed")
	} else {
		l.Debug().Err(err).Int("status", status).Msg("request rejected")
	}
	var we *Error
	if errors.As(err, &we) && we.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(we.RetryAfter.Seconds())+1))
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="coopwatch"`)
		}
		writeJSON(w, status, map[string]string{"error": msg})
		return
	}
	if status == http.StatusUnauthorized && s.accounts != nil {
		next := r.URL.RequestURI()
		if r.Method != http.MethodGet {
			next = r.Referer()
			if u, err := url.Parse(next); err == nil {
				next = u.RequestURI()
			}
		}
		s.renderLogin(w, r, status, next, "", "Bitte melden Sie sich an, um Ereignisse zu prüfen.")
		return
	}
	s.render(w, r, status, "error.html", map[string]any{"Title": http.StatusText(status), "Status": status, "Message": msg, "StatusText": http.StatusText(status)})
}
