package web

import (
	"bufio"
	"net/http"
	"net/url"
	"strings"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

// maxNetworkNodes bounds the drawn network: more bodies make an unreadable
// picture; the GraphML export has them all.
const maxNetworkNodes = 60

func (s *Server) pagePartner(w http.ResponseWriter, r *http.Request) {
	p, err := s.explore.Partner(r.Context(), r.PathValue("key"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// The timeline groups events by year, oldest first.
	type year struct {
		Year   string
		Events []index.PartnerEvent
	}
	var years []year
	for _, e := range p.Events {
		y := "ohne Datum"
		if len(e.When) >= 4 {
			y = string(e.When[:4])
		}
		if len(years) == 0 || years[len(years)-1].Year != y {
			years = append(years, year{Year: y})
		}
		years[len(years)-1].Events = append(years[len(years)-1].Events, e)
	}
	maxCo := 1
	for _, c := range p.CoPartners {
		maxCo = max(maxCo, c.Events)
	}
	s.render(w, r, http.StatusOK, "partner.html", map[string]any{
		"Title": p.Name, "Partner": p, "Years": years, "MaxCo": maxCo,
	})
}

type apiPartnerEvent struct {
	Event     extract.Event     `json:"event"`
	Article   extract.ArticleID `json:"article_id"`
	Title     string            `json:"title"`
	URL       string            `json:"url"`
	Site      string            `json:"site"`
	Published extract.Date      `json:"published"`
	When      extract.Date      `json:"when"`
}

type apiCoPartner struct {
	Name   string              `json:"name"`
	Kind   extract.PartnerKind `json:"kind"`
	State  string              `json:"state,omitempty"`
	AGS    string              `json:"ags,omitempty"`
	Events int                 `json:"events"`
}

func (s *Server) apiPartner(w http.ResponseWriter, r *http.Request) {
	p, err := s.explore.Partner(r.Context(), r.PathValue("key"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := struct {
		Key        string              `json:"key"`
		Name       string              `json:"name"`
		Names      []string            `json:"names"`
		Kind       extract.PartnerKind `json:"kind"`
		State      string              `json:"state,omitempty"`
		AGS        string              `json:"ags,omitempty"`
		Events     []apiPartnerEvent   `json:"events"`
		CoPartners []apiCoPartner      `json:"co_partners"`
	}{Key: p.Key, Name: p.Name, Names: p.Names, Kind: p.Kind, State: p.State, AGS: p.AGS, Events: []apiPartnerEvent{}, CoPartners: []apiCoPartner{}}
	for _, e := range p.Events {
		out.Events = append(out.Events, apiPartnerEvent{e.Event, e.Article, e.Title, e.URL, e.Site, e.Published, e.When})
	}
	for _, c := range p.CoPartners {
		out.CoPartners = append(out.CoPartners, apiCoPartner{c.Name, c.Kind, c.State, c.AGS, c.Events})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) pageNetwork(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	data := map[string]any{"Title": "Netzwerk", "Values": v, "SearchURL": "/?" + withoutPaging(v).Encode(), "Export": exportLinks(v)}
	q, err := parseQuery(v)
	if err == nil {
		var n index.Network
		if n, err = s.explore.Network(r.Context(), q, maxNetworkNodes); err == nil {
			data["Network"] = n
			data["Drawing"] = layout(n)
			data["Query"] = q
		}
	}
	if err != nil {
		s.renderPageError(w, r, err, "network.html", data)
		return
	}
	s.render(w, r, http.StatusOK, "network.html", data)
}

func (s *Server) apiNetwork(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.explore.Network(r.Context(), q, 0)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type node struct {
		Name   string              `json:"name"`
		Kind   extract.PartnerKind `json:"kind"`
		State  string              `json:"state,omitempty"`
		AGS    string              `json:"ags,omitempty"`
		Events int                 `json:"events"`
	}
	type edge struct {
		Source string `json:"source"`
		Target string `json:"target"`
		Weight int    `json:"weight"`
	}
	out := struct {
		Articles int    `json:"articles"`
		Nodes    []node `json:"nodes"`
		Edges    []edge `json:"edges"`
	}{Articles: n.Articles, Nodes: []node{}, Edges: []edge{}}
	for _, nd := range n.Nodes {
		out.Nodes = append(out.Nodes, node{nd.Name, nd.Kind, nd.State, nd.AGS, nd.Events})
	}
	for _, e := range n.Edges {
		out.Edges = append(out.Edges, edge{n.Nodes[e.Source].Name, n.Nodes[e.Target].Name, e.Weight})
	}
	writeJSON(w, http.StatusOK, out)
}

// exportTypes are the Content-Types and file extensions of the exports.
var exportTypes = map[string][2]string{
	index.FormatCSV:     {"text/csv; charset=utf-8", "csv"},
	index.FormatJSONL:   {"application/x-ndjson; charset=utf-8", "jsonl"},
	index.FormatGraphML: {"application/graphml+xml; charset=utf-8", "graphml"},
}

// apiExport streams the whole result set of a search (limit and offset
// are ignored) as CSV, JSON Lines or GraphML.
func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	format := v.Get("format")
	ct, ok := exportTypes[format]
	if !ok {
		s.writeError(w, r, invalidf("invalid format %q: want csv, jsonl or graphml", format))
		return
	}
	q, err := parseQuery(withoutPaging(v))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// Headers go out with the first byte, so that an invalid query found
	// by the index still gets its 400.
	lw := &lazyWriter{w: w, header: func() {
		w.Header().Set("Content-Type", ct[0])
		w.Header().Set("Content-Disposition", `attachment; filename="coopwatch-export.`+ct[1]+`"`)
	}}
	bw := bufio.NewWriterSize(lw, 32<<10)
	err = s.explore.Export(r.Context(), q, format, bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		if !lw.started {
			s.writeError(w, r, err)
			return
		}
		s.log.Error().Err(err).Msg("export failed after it started")
		return
	}
	if !lw.started {
		lw.header()
		w.WriteHeader(http.StatusOK)
	}
}

// lazyWriter calls header and writes the status line on the first Write.
type lazyWriter struct {
	w       http.ResponseWriter
	header  func()
	started bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.header()
		l.w.WriteHeader(http.StatusOK)
	}
	return l.w.Write(p)
}

// withoutPaging returns v without offset and limit.
func withoutPaging(v url.Values) url.Values {
	n := url.Values{}
	for k, vals := range v {
		if k != "offset" && k != "limit" && k != "format" {
			n[k] = vals
		}
	}
	return n
}

type exportLink struct{ Label, URL string }

func exportLinks(v url.Values) []exportLink {
	var out []exportLink
	for _, f := range []struct{ format, label string }{{"csv", "CSV"}, {"jsonl", "JSON Lines"}, {"graphml", "GraphML (Gephi)"}} {
		n := withoutPaging(v)
		n.Set("format", f.format)
		out = append(out, exportLink{Label: f.label, URL: "/api/export?" + n.Encode()})
	}
	return out
}

// networkURL is the network view of the search v.
func networkURL(v url.Values) string {
	return "/network?" + strings.TrimPrefix(withoutPaging(v).Encode(), "?")
}
