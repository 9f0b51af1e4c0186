package index

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/coopwatch/coopwatch/extract"
)

// Orders of the review queue.
const (
	QueueByConfidence = "confidence" // least confident first: what most needs an editor's eye; the default
	QueueByDate       = "date"       // newest first, by the event's date, else the article's
)

// QueueQuery selects events for review. Filters are ANDed across fields
// and ORed within one, as in Query.
type QueueQuery struct {
	Text     string   // full-text query on the article, in the syntax and with the analysis of Query.Text
	Partners []string // partner names, exactly as stored
	Kinds    []string
	States   []string
	Types    []string
	Sites    []string
	Years    []int    // years of the event's date, else of the article's publication
	Statuses []string // review statuses; nil means pending events and reviewed ones the extractor now disagrees with

	// Disagrees, when true, keeps only events flagged "extractor
	// disagrees".
	Disagrees bool

	Order  string // QueueByConfidence (default) or QueueByDate
	Limit  int    // 1 to MaxLimit; 0 means DefaultLimit
	Offset int    // 0 to MaxOffset
}

// QueueItem is one event in the review queue with its article.
type QueueItem struct {
	Event     extract.Event
	Article   extract.ArticleID
	Title     string
	URL       string
	Site      string
	Published extract.Date
	Disagrees bool   // reviewed, but the extractor now says something else
	Stale     bool   // reviewed, but the extractor no longer finds it
	Origin    string // "extractor" or "editor"
}

// QueueResult is one page of the review queue.
type QueueResult struct {
	Total int
	Items []QueueItem
}

// Queue returns the events waiting for review that match q. It returns a
// *QueryError for an out-of-range Limit or Offset, an unknown Order, type,
// status or kind, or a Text that is not a valid query.
func (ix *Index) Queue(ctx context.Context, q QueueQuery) (QueueResult, error) {
	where, args, err := queueWhere(q)
	if err != nil {
		return QueueResult{}, err
	}
	limit := q.Limit
	switch {
	case limit == 0:
		limit = DefaultLimit
	case limit < 0 || limit > MaxLimit:
		return QueueResult{}, &QueryError{Field: "limit", Query: strconv.Itoa(q.Limit), Msg: fmt.Sprintf("want a number of events from 1 to %d", MaxLimit)}
	}
	if q.Offset < 0 || q.Offset > MaxOffset {
		return QueueResult{}, &QueryError{Field: "offset", Query: strconv.Itoa(q.Offset), Msg: fmt.Sprintf("want a number of events to skip from 0 to %d", MaxOffset)}
	}
	var order string
	switch q.Order {
	case "", QueueByConfidence:
		order = `e.confidence, coalesce(e.date, a.published) DESC, e.id`
	case QueueByDate:
		order = `coalesce(e.date, a.published) DESC NULLS LAST, e.confidence, e.id`
	default:
		return QueueResult{}, &QueryError{Field: "order", Query: q.Order, Msg: "want confidence (least confident first) or date (newest first)"}
	}
	rdb, bl, release, err := ix.reader()
	if err != nil {
		return QueueResult{}, err
	}
	defer release()
	if text := strings.TrimSpace(q.Text); text != "" {
		ids, err := textMatches(ctx, bl, text)
		if err != nil {
			return QueueResult{}, err
		}
		where += ` AND a.id IN (SELECT value FROM json_each(?))`
		args = append(args, ids)
	}
	from := ` FROM events e JOIN articles a ON a.id = e.article_id WHERE ` + where
	out := QueueResult{Items: []QueueItem{}}
	if err := rdb.QueryRowContext(ctx, `SELECT count(*)`+from, args...).Scan(&out.Total); err != nil {
		return QueueResult{}, fmt.Errorf("review queue: %w", err)
	}
	err = eachRow(ctx, rdb, `SELECT e.json, e.disagrees, e.stale, e.origin, a.id, a.title, a.url, a.site, coalesce(a.published, '')`+from+
		` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, q.Offset), func(rows *sql.Rows) error {
		var it QueueItem
		var body []byte
		if err := rows.Scan(&body, &it.Disagrees, &it.Stale, &it.Origin, &it.Article, &it.Title, &it.URL, &it.Site, &it.Published); err != nil {
			return err
		}
		if err := json.Unmarshal(body, &it.Event); err != nil {
			return fmt.Errorf("decode stored event: %w", err)
		}
		out.Items = append(out.Items, it)
		return nil
	})
	if err != nil {
		return QueueResult{}, fmt.Errorf("review queue: %w", err)
	}
	return out, nil
}

// queueWhere builds the SQL condition of q over events e joined with
// articles a.
func queueWhere(q QueueQuery) (string, []any, error) {
	for _, c := range []struct {
		field string
		vals  []string
		valid func(string) bool
		want  string
	}{
		{"types", q.Types, func(s string) bool { return extract.EventType(s).Valid() }, "founded, joined, extended, ended or planned"},
		{"statuses", q.Statuses, func(s string) bool { return extract.Status(s).Valid() }, "pending, confirmed, corrected or rejected"},
		{"kinds", q.Kinds, func(s string) bool { return extract.PartnerKind(s).Valid() }, "gemeinde, stadt, landkreis, land, bund, behoerde, it-dienstleister, verband, unternehmen or sonstige"},
	} {
		for _, v := range c.vals {
			if !c.valid(v) {
				return "", nil, &QueryError{Field: c.field, Query: v, Msg: "want " + c.want}
			}
		}
	}
	var conds []string
	var args []any
	in := func(expr string, vals []string) {
		if len(vals) == 0 {
			return
		}
		l, a := inList(vals)
		conds = append(conds, expr+" IN "+l)
		args = append(args, a...)
	}
	if len(q.Statuses) == 0 {
		conds = append(conds, `(e.status = 'pending' OR e.disagrees = 1)`)
	} else {
		in("e.status", q.Statuses)
	}
	if q.Disagrees {
		conds = append(conds, `e.disagrees = 1`)
	}
	in("e.type", q.Types)
	in("a.site", q.Sites)
	for _, p := range []struct {
		key  string
		vals []string
	}{{"name", q.Partners}, {"kind", q.Kinds}, {"state", q.States}} {
		if len(p.vals) == 0 {
			continue
		}
		l, a := inList(p.vals)
		conds = append(conds, `EXISTS (SELECT 1 FROM json_each(e.json, '$.partners') p WHERE json_extract(p.value, '$.`+p.key+`') IN `+l+`)`)
		args = append(args, a...)
	}
	if len(q.Years) > 0 {
		ys := make([]string, len(q.Years))
		for i, y := range q.Years {
			if y < 1900 || y > 2199 {
				return "", nil, &QueryError{Field: "years", Query: strconv.Itoa(y), Msg: "want a year from 1900 to 2199"}
			}
			ys[i] = strconv.Itoa(y)
		}
		in("substr(coalesce(e.date, a.published), 1, 4)", ys)
	}
	return strings.Join(conds, " AND "), args, nil
}

// textMatches returns the ids of the articles that match the full-text
// query text, as the search finds them (German stemming, compounds, the
// query syntax), as a JSON array for json_each.
func textMatches(ctx context.Context, bl bleve.Index, text string) (string, error) {
	tq, err := parseText(text)
	if err != nil {
		return "", err
	}
	n, err := bl.DocCount()
	if err != nil {
		return "", fmt.Errorf("review queue: count documents: %w", err)
	}
	b := query.NewBooleanQuery(nil, nil, nil)
	b.AddMust(tq)
	req := bleve.NewSearchRequestOptions(b, int(n), 0, false)
	req.SortBy([]string{"_id"})
	res, err := bl.SearchInContext(ctx, req)
	if err != nil {
		return "", fmt.Errorf("review queue: search %q: %w", text, err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	js, err := json.Marshal(ids)
	if err != nil {
		return "", fmt.Errorf("review queue: %w", err)
	}
	return string(js), nil
}
