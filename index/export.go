package index

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/coopwatch/coopwatch/extract"
)

// Export formats.
const (
	FormatCSV     = "csv"     // one row per event (an article without events: one row without event fields)
	FormatJSONL   = "jsonl"   // one article per line, in the article JSON of the API
	FormatGraphML = "graphml" // the partner network (Network) for Gephi, yEd or networkx
)

// MaxExport is the largest number of articles an export or a network
// covers: narrow the query for more.
const MaxExport = 50000

// ExportFormats lists the formats Export writes.
var ExportFormats = []string{FormatCSV, FormatJSONL, FormatGraphML}

// CSVHeader is the header row of a CSV export.
var CSVHeader = []string{
	"article_id", "article_url", "title", "published", "site", "cooperation",
	"event_id", "event_type", "event_date", "status", "confidence",
	"partners", "partner_kinds", "partner_states", "partner_ags", "people", "instrument", "evidence",
}

// Export writes the articles matching q (all of them, up to MaxExport, in
// q's order; Limit and Offset are ignored) to w in format. It returns a
// *QueryError for an invalid q or an unknown format.
func (ix *Index) Export(ctx context.Context, q Query, format string, w io.Writer) error {
	switch format {
	case FormatCSV, FormatJSONL:
	case FormatGraphML:
		n, err := ix.Network(ctx, q, 0)
		if err != nil {
			return err
		}
		return writeGraphML(w, n)
	default:
		return &QueryError{Field: "format", Query: format, Msg: "want csv, jsonl or graphml"}
	}
	var cw *csv.Writer
	var enc *json.Encoder
	if format == FormatCSV {
		cw = csv.NewWriter(w)
		if err := cw.Write(CSVHeader); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	} else {
		enc = json.NewEncoder(w)
		enc.SetEscapeHTML(false)
	}
	err := ix.eachMatch(ctx, q, func(a extract.Article) error {
		if enc != nil {
			return enc.Encode(a)
		}
		for _, r := range csvRows(a) {
			if err := cw.Write(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

func csvRows(a extract.Article) [][]string {
	base := []string{string(a.ID), a.URL, a.Title, string(a.Published), a.Site, strconv.FormatBool(a.Cooperation)}
	if len(a.Events) == 0 {
		return [][]string{cells(append(base, make([]string, len(CSVHeader)-len(base))...))}
	}
	var out [][]string
	for _, e := range a.Events {
		var names, kinds, states, ags, people []string
		for _, p := range e.Partners {
			names = append(names, p.Name)
			kinds = append(kinds, string(p.Kind))
			states = append(states, p.State)
			ags = append(ags, p.AGS)
		}
		for _, p := range e.People {
			s := p.Name
			if p.Role != "" || p.Org != "" {
				s += " (" + strings.Trim(p.Role+", "+p.Org, ", ") + ")"
			}
			people = append(people, s)
		}
		row := append(slices.Clone(base), string(e.ID), string(e.Type), string(e.Date), string(e.Status),
			strconv.FormatFloat(e.Confidence, 'f', 2, 64),
			strings.Join(names, "; "), strings.Join(kinds, "; "), strings.Join(states, "; "), strings.Join(ags, "; "),
			strings.Join(people, "; "), e.Instrument, strings.Join(e.Evidence, " | "))
		out = append(out, cells(row))
	}
	return out
}

// cells defuses spreadsheet formulas: a cell an office suite would
// evaluate (starting with =, +, -, @, tab or CR) gets a leading apostrophe.
// Extracted text is untrusted.
func cells(row []string) []string {
	for i, c := range row {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			row[i] = "'" + c
		}
	}
	return row
}

// eachMatch calls fn with every stored article matching q, in q's order,
// up to MaxExport.
func (ix *Index) eachMatch(ctx context.Context, q Query, fn func(extract.Article) error) error {
	q.Limit, q.Offset = 1, 0
	req, err := searchRequest(q)
	if err != nil {
		return err
	}
	req.Size, req.From = MaxExport, 0
	req.Facets, req.Highlight = nil, nil
	rdb, bl, release, err := ix.reader()
	if err != nil {
		return err
	}
	defer release()
	res, err := bl.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("search %q: %w", q.Text, err)
	}
	ids := make([]extract.ArticleID, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = extract.ArticleID(h.ID)
	}
	for chunk := range slices.Chunk(ids, maxVars) {
		arts, err := loadArticles(ctx, rdb, chunk)
		if err != nil {
			return err
		}
		for _, a := range arts {
			if err := fn(a); err != nil {
				return err
			}
		}
	}
	return nil
}

// Network is the cooperation network of a set of articles: bodies as
// nodes, events they share as weighted edges. Rejected events do not
// count.
type Network struct {
	Nodes    []Node // most events first
	Edges    []Edge // heaviest first
	Articles int    // articles the network was built from
	Dropped  int    // nodes left out by maxNodes
}

// Node is a body in a Network.
type Node struct {
	Name   string
	Kind   extract.PartnerKind
	State  string
	AGS    string
	Events int // events of the body in the articles
}

// Edge joins two nodes (indexes into Network.Nodes) that are partners in
// Weight events.
type Edge struct {
	Source, Target int
	Weight         int
}

// Network builds the partner network of the articles matching q (up to
// MaxExport; Limit and Offset are ignored). maxNodes > 0 keeps only the
// maxNodes bodies with most events, and the edges between them.
func (ix *Index) Network(ctx context.Context, q Query, maxNodes int) (Network, error) {
	q.Sort = SortDateDesc // the order does not matter; skip scoring
	if q.Text != "" {
		q.Sort = SortRelevance
	}
	nodes := map[string]*Node{}
	type pair struct{ a, b string }
	weights := map[pair]int{}
	var n Network
	err := ix.eachMatch(ctx, q, func(a extract.Article) error {
		n.Articles++
		for _, e := range a.Events {
			if e.Status == extract.Rejected {
				continue
			}
			var names []string
			for _, p := range e.Partners {
				if slices.Contains(names, p.Name) {
					continue
				}
				names = append(names, p.Name)
				nd := nodes[p.Name]
				if nd == nil {
					nd = &Node{Name: p.Name, Kind: p.Kind, State: p.State, AGS: p.AGS}
					nodes[p.Name] = nd
				}
				nd.Events++
			}
			slices.Sort(names)
			for i := range names {
				for j := i + 1; j < len(names); j++ {
					weights[pair{names[i], names[j]}]++
				}
			}
		}
		return nil
	})
	if err != nil {
		return Network{}, fmt.Errorf("network: %w", err)
	}
	for _, nd := range nodes {
		n.Nodes = append(n.Nodes, *nd)
	}
	slices.SortFunc(n.Nodes, func(a, b Node) int {
		return cmp.Or(cmp.Compare(b.Events, a.Events), strings.Compare(a.Name, b.Name))
	})
	if maxNodes > 0 && len(n.Nodes) > maxNodes {
		n.Dropped = len(n.Nodes) - maxNodes
		n.Nodes = n.Nodes[:maxNodes]
	}
	idx := make(map[string]int, len(n.Nodes))
	for i, nd := range n.Nodes {
		idx[nd.Name] = i
	}
	for p, w := range weights {
		s, ok1 := idx[p.a]
		t, ok2 := idx[p.b]
		if ok1 && ok2 {
			n.Edges = append(n.Edges, Edge{Source: s, Target: t, Weight: w})
		}
	}
	slices.SortFunc(n.Edges, func(a, b Edge) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.Source, b.Source), cmp.Compare(a.Target, b.Target))
	})
	return n, nil
}

// writeGraphML writes n as GraphML with the node attributes kind, state,
// ags and events and the edge attribute weight.
func writeGraphML(w io.Writer, n Network) error {
	var b strings.Builder
	esc := func(s string) string {
		var sb strings.Builder
		_ = xml.EscapeText(&sb, []byte(s))
		return sb.String()
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="kind" for="node" attr.name="kind" attr.type="string"/>
  <key id="state" for="node" attr.name="state" attr.type="string"/>
  <key id="ags" for="node" attr.name="ags" attr.type="string"/>
  <key id="events" for="node" attr.name="events" attr.type="int"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <graph id="coopwatch" edgedefault="undirected">
`)
	for i, nd := range n.Nodes {
		fmt.Fprintf(&b, `    <node id="n%d"><data key="label">%s</data><data key="kind">%s</data><data key="state">%s</data><data key="ags">%s</data><data key="events">%d</data></node>`+"\n",
			i, esc(nd.Name), esc(string(nd.Kind)), esc(nd.State), esc(nd.AGS), nd.Events)
	}
	for i, e := range n.Edges {
		fmt.Fprintf(&b, `    <edge id="e%d" source="n%d" target="n%d"><data key="weight">%d</data></edge>`+"\n", i, e.Source, e.Target, e.Weight)
	}
	b.WriteString("  </graph>\n</graphml>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("export graphml: %w", err)
	}
	return nil
}
