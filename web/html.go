package web

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
	"github.com/rs/zerolog"
)

var funcs = template.FuncMap{
	"fragment": safeFragment,
	"date":     showDate,
	"join":     strings.Join,
	"dict":     dict,
}

// dict builds a map from alternating keys and values, for passing several
// values to a sub-template.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// safeFragment lets through only the <mark> tags of a highlighted fragment:
// everything else is escaped, whatever the index returned.
func safeFragment(s string) template.HTML {
	s = html.EscapeString(html.UnescapeString(s))
	s = strings.ReplaceAll(s, "&lt;mark&gt;", "<mark>")
	s = strings.ReplaceAll(s, "&lt;/mark&gt;", "</mark>")
	return template.HTML(s)
}

// showDate prints a Date the German way at its own precision.
func showDate(d extract.Date) string {
	switch d.Precision() {
	case "day":
		return string(d[8:10]) + "." + string(d[5:7]) + "." + string(d[:4])
	case "month":
		return string(d[5:7]) + "/" + string(d[:4])
	case "year":
		return string(d)
	}
	return "ohne Datum"
}

// render executes the page template name inside the layout. A template
// error after the header was written can only be logged.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Str("template", name).Msg("render failed")
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

type facetLink struct {
	Term   string
	Count  int
	Active bool
	URL    string // the search with this term toggled
}

type facetGroup struct {
	Name  string
	Label string
	Terms []facetLink
}

type activeFilter struct {
	Label, Value, RemoveURL string
}

var facetLabels = map[string]string{
	"partner": "Partner", "kind": "Art", "state": "Land", "person": "Person", "keyword": "Stichwort",
	"type": "Ereignis", "year": "Jahr", "site": "Quelle", "status": "Prüfstatus",
}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := parseQuery(v)
	data := map[string]any{"Query": q, "Values": v}
	if err != nil {
		data["Error"] = err.Error()
		s.render(w, r, http.StatusBadRequest, "search.html", data)
		return
	}
	res, err := s.search.Search(r.Context(), q)
	if err != nil {
		status, msg := errorStatus(err)
		if status >= 500 {
			s.writeError(w, r, err)
			return
		}
		data["Error"] = msg
		s.render(w, r, status, "search.html", data)
		return
	}
	data["Result"] = res
	data["Facets"] = facetGroups(v, res)
	data["Active"] = activeFilters(v)
	data["Pages"] = pagination(v, q, res.Total)
	s.render(w, r, http.StatusOK, "search.html", data)
}

func facetGroups(v url.Values, res index.Result) []facetGroup {
	var groups []facetGroup
	for _, name := range filterParams {
		fs := res.Facets[name]
		if len(fs) == 0 {
			continue
		}
		g := facetGroup{Name: name, Label: facetLabels[name]}
		for _, f := range fs {
			active := slices.Contains(v[name], f.Term)
			g.Terms = append(g.Terms, facetLink{Term: f.Term, Count: f.Count, Active: active, URL: toggle(v, name, f.Term)})
		}
		groups = append(groups, g)
	}
	return groups
}

func activeFilters(v url.Values) []activeFilter {
	var out []activeFilter
	for _, name := range append(slices.Clone(filterParams), "from", "to") {
		for _, val := range v[name] {
			if val == "" {
				continue
			}
			label := facetLabels[name]
			if label == "" {
				label = map[string]string{"from": "ab", "to": "bis"}[name]
			}
			out = append(out, activeFilter{Label: label, Value: val, RemoveURL: toggle(v, name, val)})
		}
	}
	return out
}

// toggle returns the search URL with value added to or removed from the
// filter name, back on the first page.
func toggle(v url.Values, name, value string) string {
	n := url.Values{}
	for k, vals := range v {
		if k != "offset" {
			n[k] = slices.Clone(vals)
		}
	}
	if i := slices.Index(n[name], value); i >= 0 {
		n[name] = slices.Delete(n[name], i, i+1)
	} else {
		n[name] = append(n[name], value)
	}
	return "/?" + n.Encode()
}

type pageLink struct {
	Label   string
	URL     string
	Current bool
}

func pagination(v url.Values, q index.Query, total uint64) []pageLink {
	if total <= uint64(q.Limit) {
		return nil
	}
	pages := int((total + uint64(q.Limit) - 1) / uint64(q.Limit))
	cur := q.Offset / q.Limit
	var out []pageLink
	for p := max(0, cur-4); p < pages && p <= cur+4; p++ {
		n := url.Values{}
		for k, vals := range v {
			n[k] = vals
		}
		if p*q.Limit > maxOffset {
			break
		}
		n.Set("offset", strconv.Itoa(p*q.Limit))
		out = append(out, pageLink{Label: strconv.Itoa(p + 1), URL: "/?" + n.Encode(), Current: p == cur})
	}
	return out
}

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.search.Article(r.Context(), extract.ArticleID(r.PathValue("id")))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "article.html", map[string]any{
		"Article":    a,
		"Paragraphs": highlightEvidence(a),
	})
}

// highlightEvidence splits the text into paragraphs and marks the evidence
// sentences of the events, escaping everything else.
func highlightEvidence(a extract.Article) []template.HTML {
	var ev []string
	for _, e := range a.Events {
		for _, s := range e.Evidence {
			if s = strings.TrimSpace(s); s != "" {
				ev = append(ev, s)
			}
		}
	}
	var out []template.HTML
	for _, p := range strings.Split(a.Text, "\n\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		esc := html.EscapeString(p)
		for _, s := range ev {
			se := html.EscapeString(s)
			esc = strings.ReplaceAll(esc, se, fmt.Sprintf(`<mark class="evidence">%s</mark>`, se))
		}
		out = append(out, template.HTML(esc))
	}
	return out
}
