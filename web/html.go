package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
	"github.com/rs/zerolog"
)

var funcs = template.FuncMap{
	"fragment":   safeFragment,
	"date":       showDate,
	"join":       strings.Join,
	"dict":       dict,
	"label":      label,
	"pct":        func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + " %" },
	"bar":        func(n, of int) int { return n * 100 / max(of, 1) },
	"partnerURL": func(name string) string { return "/partner/" + url.PathEscape(name) },
	"time":       func(t time.Time) string { return t.In(berlin).Format("02.01.2006 15:04") },
	"change":     showChange,
	"add":        func(a, b int) int { return a + b },
	"list":       func(xs ...string) []string { return xs },
}

// berlin is the time zone the UI shows times in.
var berlin = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Berlin"); err == nil {
		return l
	}
	return time.UTC
}()

// labels are the German names of the values the UI shows.
var labels = map[string]string{
	"founded": "gegründet", "joined": "beigetreten", "extended": "erweitert", "ended": "beendet", "planned": "geplant",
	"pending": "ungeprüft", "confirmed": "bestätigt", "corrected": "korrigiert", "rejected": "verworfen",
	"gemeinde": "Gemeinde", "stadt": "Stadt", "landkreis": "Landkreis", "land": "Land", "bund": "Bund", "behoerde": "Behörde",
	"it-dienstleister": "IT-Dienstleister", "verband": "Verband", "unternehmen": "Unternehmen", "sonstige": "Sonstige",
	"member": "Mitglied", "joining": "tritt bei", "leaving": "tritt aus", "host": "Trägerorganisation",
	"confirm": "bestätigt", "reject": "verworfen", "correct": "korrigiert", "add": "hinzugefügt", "split": "aufgeteilt", "merge": "zusammengeführt",
	"status": "Status", "type": "Art", "date": "Datum", "partners": "Partner", "people": "Personen", "instrument": "Instrument",
	"topics": "Themen", "evidence": "Belege", "event": "Ereignis",
}

// label returns the German label of a value, or the value.
func label(v any) string {
	s := fmt.Sprint(v)
	if l, ok := labels[s]; ok {
		return l
	}
	return s
}

// showChange renders the JSON value of a history row for people: names
// of partners and people, a label for a status, the text of a string.
func showChange(v string) string {
	if v == "" || v == "null" {
		return "–"
	}
	var str string
	if json.Unmarshal([]byte(v), &str) == nil {
		if str == "" {
			return "–"
		}
		return label(str)
	}
	var list []map[string]any
	if json.Unmarshal([]byte(v), &list) == nil {
		var names []string
		for _, m := range list {
			if n, ok := m["name"].(string); ok {
				names = append(names, n)
			}
		}
		return strings.Join(names, "; ")
	}
	var strs []string
	if json.Unmarshal([]byte(v), &strs) == nil {
		return strings.Join(strs, "; ")
	}
	var ev extract.Event
	if json.Unmarshal([]byte(v), &ev) == nil && ev.Type != "" {
		var names []string
		for _, p := range ev.Partners {
			names = append(names, p.Name)
		}
		return label(string(ev.Type)) + ": " + strings.Join(names, "; ")
	}
	return v
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

// renderPageError shows a page with the message of a user's mistake (a
// malformed query, a bad filter) in place of its results, with the status
// that mistake calls for; any other error goes to writeError.
func (s *Server) renderPageError(w http.ResponseWriter, r *http.Request, err error, name string, data map[string]any) {
	status, msg := errorStatus(err)
	if status >= 500 {
		s.writeError(w, r, err)
		return
	}
	data["Error"] = msg
	s.render(w, r, status, name, data)
}

// render executes the page template name inside the layout. A template
// error after the header was written can only be logged.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	if _, ok := data["Editor"]; !ok {
		if ed, ok, err := s.editorOf(r); err == nil && ok {
			data["Editor"] = ed
		}
	}
	data["Editors"] = s.accounts != nil && s.review != nil
	data["Explore"] = s.explore != nil
	data["Path"] = r.URL.RequestURI()
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
	Term      string
	Count     int
	Estimated bool // Count is an estimate (index.Result.FacetsEstimated)
	Active    bool
	URL       string // the search with this term toggled
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
	data := map[string]any{"Title": q.Text, "Query": q, "Values": v, "Syntax": index.QuerySyntax}
	if err != nil {
		data["Error"] = err.Error()
		s.render(w, r, http.StatusBadRequest, "search.html", data)
		return
	}
	res, err := s.search.Search(r.Context(), q)
	if err != nil {
		s.renderPageError(w, r, err, "search.html", data)
		return
	}
	data["Result"] = res
	data["Facets"] = facetGroups(v, res)
	if res.FacetsEstimated {
		data["ExactFacetsURL"] = exactFacetsURL(v)
	}
	data["Active"] = activeFilters(v)
	data["Pages"] = pages("/", v, q.Limit, q.Offset, res.Total)
	data["Export"] = exportLinks(v)
	data["NetworkURL"] = networkURL(v)
	data["ReviewedURL"] = reviewedURL(v)
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
			g.Terms = append(g.Terms, facetLink{Term: f.Term, Count: f.Count, Estimated: res.FacetsEstimated, Active: active, URL: toggle(v, name, f.Term)})
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

// exactFacetsURL returns the search v with its facets counted among all
// matching articles instead of estimated.
func exactFacetsURL(v url.Values) string {
	n := url.Values{}
	for k, vals := range v {
		n[k] = slices.Clone(vals)
	}
	n.Set("facets", index.FacetsExact)
	return "/?" + n.Encode()
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

// pages returns the links to the pages around the current one of a
// listing at base with parameters v.
func pages(base string, v url.Values, limit, offset int, total uint64) []pageLink {
	if limit <= 0 || total <= uint64(limit) {
		return nil
	}
	n := int((total + uint64(limit) - 1) / uint64(limit))
	cur := offset / limit
	var out []pageLink
	link := func(label string, p int) {
		u := url.Values{}
		for k, vals := range v {
			u[k] = vals
		}
		u.Set("offset", strconv.Itoa(p*limit))
		out = append(out, pageLink{Label: label, URL: base + "?" + u.Encode(), Current: p == cur})
	}
	if cur > 0 {
		link("‹ zurück", cur-1)
	}
	for p := max(0, cur-3); p < n && p <= cur+3; p++ {
		if p*limit > maxOffset {
			break
		}
		link(strconv.Itoa(p+1), p)
	}
	if cur+1 < n && (cur+1)*limit <= maxOffset {
		link("weiter ›", cur+1)
	}
	return out
}

// reviewedURL is the search v limited to events editors confirmed or
// corrected.
func reviewedURL(v url.Values) string {
	n := url.Values{}
	for k, vals := range v {
		if k != "offset" && k != "status" {
			n[k] = vals
		}
	}
	n["status"] = []string{"confirmed", "corrected"}
	return "/?" + n.Encode()
}

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.search.Article(r.Context(), extract.ArticleID(r.PathValue("id")))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	history := map[extract.EventID][]index.Change{}
	if s.explore != nil {
		h, err := s.explore.ArticleHistory(r.Context(), a.ID)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		for _, c := range h {
			history[c.Event] = append(history[c.Event], c)
		}
	}
	s.render(w, r, http.StatusOK, "article.html", map[string]any{
		"Title":      a.Title,
		"Article":    a,
		"Paragraphs": highlightEvidence(a),
		"History":    history,
		"Kinds":      partnerKinds,
		"Types":      eventTypes,
		"Roles":      partnerRoles,
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
