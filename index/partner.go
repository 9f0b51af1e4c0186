package index

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/coopwatch/coopwatch/extract"
)

// MaxCoPartners is the number of co-partners a PartnerPage lists.
const MaxCoPartners = 20

// PartnerPage is every cooperation of one body over time and the bodies it
// cooperates with most.
type PartnerPage struct {
	Key        string              // as asked for: a name or an AGS
	Name       string              // the name most events use
	Names      []string            // every spelling of the body in the events, most used first
	Kind       extract.PartnerKind // the kind most events give
	State      string
	AGS        string
	Events     []PartnerEvent // oldest first; events without any date last
	CoPartners []CoPartner    // most shared events first, at most MaxCoPartners
}

// PartnerEvent is one event of a partner with its article.
type PartnerEvent struct {
	Event     extract.Event
	Article   extract.ArticleID
	Title     string
	URL       string
	Site      string
	Published extract.Date
	When      extract.Date // the event's date, else the article's; "" when neither is known
}

// CoPartner is a body that shares events with the partner of a page.
type CoPartner struct {
	Name   string
	Kind   extract.PartnerKind
	State  string
	AGS    string
	Events int // events shared
}

// Partner returns the page of the body key names: a partner name exactly
// as stored ("Landkreis Gifhorn") or an official key (AGS, digits only).
// A name also finds the events that give the body's AGS under another
// spelling. Rejected events do not count. It returns an error wrapping
// ErrNotFound when no event names the body.
func (ix *Index) Partner(ctx context.Context, key string) (PartnerPage, error) {
	key = strings.TrimSpace(key)
	page := PartnerPage{Key: key, Events: []PartnerEvent{}, CoPartners: []CoPartner{}}
	if key == "" {
		return page, &InvalidError{Field: "partner", Msg: "want a partner name or an AGS"}
	}
	rdb, _, release, err := ix.reader()
	if err != nil {
		return page, err
	}
	defer release()
	isAGS := strings.Trim(key, "0123456789") == ""
	agsList := []string{}
	if isAGS {
		agsList = append(agsList, key)
	} else {
		err := eachRow(ctx, rdb, `SELECT DISTINCT json_extract(p.value, '$.ags') FROM events e, json_each(e.json, '$.partners') p
WHERE e.status <> 'rejected' AND json_extract(p.value, '$.name') = ? AND coalesce(json_extract(p.value, '$.ags'), '') <> ''`,
			[]any{key}, func(rows *sql.Rows) error {
				var a string
				if err := rows.Scan(&a); err != nil {
					return err
				}
				agsList = append(agsList, a)
				return nil
			})
		if err != nil {
			return page, fmt.Errorf("partner %s: %w", key, err)
		}
	}
	agsIn, agsArgs := inList(append(agsList, "\x00")) // never empty
	isThis := func(p extract.Partner) bool {
		return (!isAGS && p.Name == key) || (p.AGS != "" && slices.Contains(agsList, p.AGS))
	}
	names := map[string]int{}
	kinds := map[extract.PartnerKind]int{}
	co := map[string]*CoPartner{}
	args := append([]any{key}, agsArgs...)
	err = eachRow(ctx, rdb, `SELECT e.json, a.id, a.title, a.url, a.site, coalesce(a.published, '') FROM events e JOIN articles a ON a.id = e.article_id
WHERE e.status <> 'rejected' AND EXISTS (SELECT 1 FROM json_each(e.json, '$.partners') p
	WHERE json_extract(p.value, '$.name') = ? OR json_extract(p.value, '$.ags') IN `+agsIn+`)
ORDER BY coalesce(e.date, a.published) IS NULL, coalesce(e.date, a.published), a.id, e.pos`, args, func(rows *sql.Rows) error {
		var pe PartnerEvent
		var body []byte
		if err := rows.Scan(&body, &pe.Article, &pe.Title, &pe.URL, &pe.Site, &pe.Published); err != nil {
			return err
		}
		if err := json.Unmarshal(body, &pe.Event); err != nil {
			return fmt.Errorf("decode stored event: %w", err)
		}
		pe.When = cmp.Or(pe.Event.Date, pe.Published)
		if !isAGS && !slices.ContainsFunc(pe.Event.Partners, isThis) {
			return nil // matched "name = key" of another partner's AGS row: cannot happen, but stay exact
		}
		for _, p := range pe.Event.Partners {
			if isThis(p) {
				names[p.Name]++
				kinds[p.Kind]++
				if page.State == "" {
					page.State = p.State
				}
				if page.AGS == "" {
					page.AGS = p.AGS
				}
				continue
			}
			c := co[p.Name]
			if c == nil {
				c = &CoPartner{Name: p.Name, Kind: p.Kind, State: p.State, AGS: p.AGS}
				co[p.Name] = c
			}
			c.Events++
		}
		page.Events = append(page.Events, pe)
		return nil
	})
	if err != nil {
		return page, fmt.Errorf("partner %s: %w", key, err)
	}
	if len(page.Events) == 0 {
		return page, fmt.Errorf("partner %s: %w", key, ErrNotFound)
	}
	page.Names = mostUsed(names)
	page.Name = page.Names[0]
	if ks := mostUsed(kinds); len(ks) > 0 {
		page.Kind = ks[0]
	}
	for _, c := range co {
		page.CoPartners = append(page.CoPartners, *c)
	}
	slices.SortFunc(page.CoPartners, func(a, b CoPartner) int {
		return cmp.Or(cmp.Compare(b.Events, a.Events), strings.Compare(a.Name, b.Name))
	})
	if len(page.CoPartners) > MaxCoPartners {
		page.CoPartners = page.CoPartners[:MaxCoPartners]
	}
	return page, nil
}

// mostUsed returns the keys of counts, most counted first, ties by key.
func mostUsed[K ~string](counts map[K]int) []K {
	keys := make([]K, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(string(a), string(b)))
	})
	return keys
}

// SuggestPartners returns up to limit distinct partners of stored events
// whose name contains prefix at the start of a word (case-insensitive
// for ASCII letters), the most frequent first, for an editor's
// autocomplete. Rejected events do not count.
func (ix *Index) SuggestPartners(ctx context.Context, prefix string, limit int) ([]extract.Partner, error) {
	prefix = strings.TrimSpace(prefix)
	out := []extract.Partner{}
	if prefix == "" || limit <= 0 {
		return out, nil
	}
	rdb, _, release, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer release()
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(prefix)
	err = eachRow(ctx, rdb, `SELECT json_extract(p.value, '$.name') AS name, json_extract(p.value, '$.kind'),
	coalesce(json_extract(p.value, '$.state'), ''), coalesce(json_extract(p.value, '$.ags'), ''), count(*) AS n
FROM events e, json_each(e.json, '$.partners') p
WHERE e.status <> 'rejected' AND (name LIKE ? ESCAPE '\' OR name LIKE ? ESCAPE '\')
GROUP BY name ORDER BY n DESC, name LIMIT ?`, []any{esc + "%", "% " + esc + "%", limit}, func(rows *sql.Rows) error {
		var p extract.Partner
		var n int
		if err := rows.Scan(&p.Name, &p.Kind, &p.State, &p.AGS, &n); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("suggest partners %q: %w", prefix, err)
	}
	return out, nil
}
