package index

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coopwatch/coopwatch/extract"
)

// Action is what an editor did to an event, as recorded in its history.
type Action string

// The review actions.
const (
	ActionConfirm Action = "confirm" // the event is right as it stands
	ActionReject  Action = "reject"  // the event is wrong; Reason says why
	ActionCorrect Action = "correct" // fields were changed; one history row per field
	ActionAdd     Action = "add"     // an editor added an event the extractor missed
	ActionSplit   Action = "split"   // some partners moved to a new event
	ActionMerge   Action = "merge"   // events were merged into one
)

// maxReason bounds the reason of a review, in bytes.
const maxReason = 2000

// Change is one row of the review history: who did what to which field of
// an event, when and why. Before and After are the JSON of the field's
// value ("" when there was none, as for an added event).
type Change struct {
	ID      int64
	Event   extract.EventID
	Article extract.ArticleID
	User    string
	At      time.Time
	Action  Action
	Field   string // status, type, date, partners, people, instrument, topics, evidence
	Before  string
	After   string
	Reason  string
}

// Confirm records that user checked the event id and found it right. It
// clears the event's disagreement flag. It returns an error wrapping
// ErrNotFound when there is no such event.
func (ix *Index) Confirm(ctx context.Context, user string, id extract.EventID, reason string) error {
	return ix.review(ctx, "confirm event "+string(id), user, func(r *reviewTx) error {
		ev, err := r.load(id)
		if err != nil {
			return err
		}
		before := ev.Event.Status
		ev.Event.Status = extract.Confirmed
		if err := r.save(ev); err != nil {
			return err
		}
		return r.record(ev, ActionConfirm, "status", before, ev.Event.Status, reason)
	})
}

// Reject records that user found the event id wrong, for reason, which
// must not be empty (an *InvalidError otherwise). A rejected event stays
// in the store, so a re-extraction does not bring it back, but no longer
// counts in searches by partner, Land, kind, person or type.
func (ix *Index) Reject(ctx context.Context, user string, id extract.EventID, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return &InvalidError{Field: "reason", Msg: "a rejection needs a reason: say what is wrong with the event"}
	}
	return ix.review(ctx, "reject event "+string(id), user, func(r *reviewTx) error {
		ev, err := r.load(id)
		if err != nil {
			return err
		}
		before := ev.Event.Status
		ev.Event.Status = extract.Rejected
		if err := r.save(ev); err != nil {
			return err
		}
		return r.record(ev, ActionReject, "status", before, ev.Event.Status, reason)
	})
}

// Correct replaces the content of the event id (type, date, partners,
// people, instrument, topics) by that of fix, which must pass
// extract.Event.Validate, and sets its status to corrected. Its ID,
// evidence and confidence stay. Each changed field gets its own history
// row. A correction that changes nothing is an *InvalidError.
func (ix *Index) Correct(ctx context.Context, user string, id extract.EventID, fix extract.Event, reason string) error {
	fix = cleanEvent(fix)
	fix.Status, fix.Confidence = "", 0
	if err := fix.Validate(); err != nil {
		return &InvalidError{Field: "event", Msg: err.Error(), Err: err}
	}
	return ix.review(ctx, "correct event "+string(id), user, func(r *reviewTx) error {
		ev, err := r.load(id)
		if err != nil {
			return err
		}
		old := ev.Event
		ev.Event.Type, ev.Event.Date = fix.Type, fix.Date
		ev.Event.Partners, ev.Event.People = fix.Partners, fix.People
		ev.Event.Instrument, ev.Event.Topics = fix.Instrument, fix.Topics
		changed := 0
		for _, f := range eventFields {
			b, a := f.get(old), f.get(ev.Event)
			if b == a {
				continue
			}
			changed++
			if err := r.recordJSON(ev, ActionCorrect, f.name, b, a, reason); err != nil {
				return err
			}
		}
		if changed == 0 {
			return &InvalidError{Field: "event", Msg: "the correction changes nothing: confirm the event instead"}
		}
		before := old.Status
		ev.Event.Status = extract.Corrected
		if err := r.save(ev); err != nil {
			return err
		}
		if before != extract.Corrected {
			return r.record(ev, ActionCorrect, "status", before, ev.Event.Status, reason)
		}
		return nil
	})
}

// AddEvent adds an event the extractor missed to the article with the
// given ID, on behalf of user, and returns its new ID. ev must pass
// extract.Event.Validate and name at least one partner; its ID, status and
// confidence are set by the store (status confirmed, confidence 1). A
// re-extraction never removes or flags it.
func (ix *Index) AddEvent(ctx context.Context, user string, article extract.ArticleID, ev extract.Event, reason string) (extract.EventID, error) {
	ev = cleanEvent(ev)
	ev.Status, ev.Confidence = extract.Confirmed, 1
	if err := ev.Validate(); err != nil {
		return "", &InvalidError{Field: "event", Msg: err.Error(), Err: err}
	}
	if len(ev.Partners) == 0 {
		return "", &InvalidError{Field: "partners", Msg: "an event needs at least one partner"}
	}
	err := ix.review(ctx, "add event to article "+string(article), user, func(r *reviewTx) error {
		var u string
		err := r.tx.QueryRowContext(ctx, `SELECT url FROM articles WHERE id = ?`, article).Scan(&u)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		ev.ID = extract.NewEventID(u, "editor\x00"+user+"\x00"+r.now+"\x00"+newToken())
		row := eventRow{Event: ev, Article: article, origin: "editor"}
		if err := r.insert(row); err != nil {
			return err
		}
		return r.recordJSON(row, ActionAdd, "event", "", mustJSON(ev), reason)
	})
	if err != nil {
		return "", err
	}
	return ev.ID, nil
}

// Split moves the partners named in moved out of the event id into a new
// event of the same article (same type, date, instrument and evidence)
// and returns the new event's ID. moved must name some but not all of the
// event's partners. Both events are corrected afterwards.
func (ix *Index) Split(ctx context.Context, user string, id extract.EventID, moved []string, reason string) (extract.EventID, error) {
	if len(moved) == 0 {
		return "", &InvalidError{Field: "partners", Msg: "name the partners that move to the new event"}
	}
	var newID extract.EventID
	err := ix.review(ctx, "split event "+string(id), user, func(r *reviewTx) error {
		ev, err := r.load(id)
		if err != nil {
			return err
		}
		var keep, move []extract.Partner
		for _, p := range ev.Event.Partners {
			if slices.Contains(moved, p.Name) {
				move = append(move, p)
			} else {
				keep = append(keep, p)
			}
		}
		if len(move) != len(slices.Compact(slices.Sorted(slices.Values(moved)))) {
			return &InvalidError{Field: "partners", Value: strings.Join(moved, ", "), Msg: "name partners of the event"}
		}
		if len(keep) == 0 {
			return &InvalidError{Field: "partners", Msg: "leave at least one partner in the event: this is a correction, not a split"}
		}
		nu := ev.Event
		nu.Partners = move
		nu.People = slices.Clone(ev.Event.People)
		nu.Status, nu.Confidence = extract.Corrected, 1
		nu.ID = extract.NewEventID(ev.url, "split\x00"+string(id)+"\x00"+strings.Join(moved, "\x00")+"\x00"+r.now)
		newID = nu.ID
		before := ev.Event
		ev.Event.Partners = keep
		ev.Event.Status = extract.Corrected
		if err := r.save(ev); err != nil {
			return err
		}
		if err := r.recordJSON(ev, ActionSplit, "partners", mustJSON(before.Partners), mustJSON(keep), reason); err != nil {
			return err
		}
		if before.Status != extract.Corrected {
			if err := r.record(ev, ActionSplit, "status", before.Status, ev.Event.Status, reason); err != nil {
				return err
			}
		}
		row := eventRow{Event: nu, Article: ev.Article, origin: "editor"}
		if err := r.insert(row); err != nil {
			return err
		}
		return r.recordJSON(row, ActionSplit, "event", "", mustJSON(nu), "split from "+string(id)+withReason(reason))
	})
	if err != nil {
		return "", err
	}
	return newID, nil
}

// Merge merges the events others into the event into, which must all be
// events of one article: into gets the union of their partners, people,
// topics and evidence and is corrected; the others are rejected with a
// reason naming into, so a re-extraction does not bring them back.
func (ix *Index) Merge(ctx context.Context, user string, into extract.EventID, others []extract.EventID, reason string) error {
	if len(others) == 0 {
		return &InvalidError{Field: "events", Msg: "name the events to merge into this one"}
	}
	return ix.review(ctx, "merge into event "+string(into), user, func(r *reviewTx) error {
		dst, err := r.load(into)
		if err != nil {
			return err
		}
		before := dst.Event
		for _, oid := range others {
			if oid == into {
				return &InvalidError{Field: "events", Value: string(oid), Msg: "an event cannot be merged into itself"}
			}
			src, err := r.load(oid)
			if err != nil {
				return err
			}
			if src.Article != dst.Article {
				return &InvalidError{Field: "events", Value: string(oid), Msg: "only events of the same article can be merged"}
			}
			for _, p := range src.Event.Partners {
				if !slices.ContainsFunc(dst.Event.Partners, func(q extract.Partner) bool { return q.Name == p.Name }) {
					dst.Event.Partners = append(dst.Event.Partners, p)
				}
			}
			for _, p := range src.Event.People {
				if !slices.ContainsFunc(dst.Event.People, func(q extract.Person) bool { return q.Name == p.Name }) {
					dst.Event.People = append(dst.Event.People, p)
				}
			}
			dst.Event.Topics = union(dst.Event.Topics, src.Event.Topics)
			dst.Event.Evidence = union(dst.Event.Evidence, src.Event.Evidence)
			sb := src.Event.Status
			src.Event.Status = extract.Rejected
			if err := r.save(src); err != nil {
				return err
			}
			if err := r.record(src, ActionMerge, "status", sb, src.Event.Status, "merged into "+string(into)+withReason(reason)); err != nil {
				return err
			}
		}
		dst.Event.Status = extract.Corrected
		if err := r.save(dst); err != nil {
			return err
		}
		for _, f := range append(slices.Clone(eventFields), evidenceField) {
			if b, a := f.get(before), f.get(dst.Event); b != a {
				if err := r.recordJSON(dst, ActionMerge, f.name, b, a, reason); err != nil {
					return err
				}
			}
		}
		if before.Status != extract.Corrected {
			return r.record(dst, ActionMerge, "status", before.Status, dst.Event.Status, reason)
		}
		return nil
	})
}

// History returns the review history of the event id, oldest first; it is
// empty, not an error, for an event nobody reviewed.
func (ix *Index) History(ctx context.Context, id extract.EventID) ([]Change, error) {
	return ix.history(ctx, `event_id = ?`, string(id))
}

// ArticleHistory returns the review history of all events of the article
// id, oldest first.
func (ix *Index) ArticleHistory(ctx context.Context, id extract.ArticleID) ([]Change, error) {
	return ix.history(ctx, `article_id = ?`, string(id))
}

// AllHistory returns the whole review history, oldest first, for export.
func (ix *Index) AllHistory(ctx context.Context) ([]Change, error) {
	return ix.history(ctx, `1 = 1`)
}

func (ix *Index) history(ctx context.Context, where string, args ...any) ([]Change, error) {
	rdb, _, release, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer release()
	out := []Change{}
	err = eachRow(ctx, rdb, `SELECT id, event_id, article_id, user_name, at, action, field, coalesce(before, ''), coalesce(after, ''), reason
FROM review_history WHERE `+where+` ORDER BY id`, args, func(rows *sql.Rows) error {
		var c Change
		var at string
		if err := rows.Scan(&c.ID, &c.Event, &c.Article, &c.User, &at, &c.Action, &c.Field, &c.Before, &c.After, &c.Reason); err != nil {
			return err
		}
		c.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("review history: %w", err)
	}
	return out, nil
}

// eventField is a field of an event a correction may change.
type eventField struct {
	name string
	get  func(extract.Event) string // the field's value as JSON
}

var eventFields = []eventField{
	{"type", func(e extract.Event) string { return mustJSON(e.Type) }},
	{"date", func(e extract.Event) string { return mustJSON(e.Date) }},
	{"partners", func(e extract.Event) string { return mustJSON(e.Partners) }},
	{"people", func(e extract.Event) string { return mustJSON(e.People) }},
	{"instrument", func(e extract.Event) string { return mustJSON(e.Instrument) }},
	{"topics", func(e extract.Event) string { return mustJSON(orEmpty(e.Topics)) }},
}

var evidenceField = eventField{"evidence", func(e extract.Event) string { return mustJSON(e.Evidence) }}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null" // cannot happen for the plain values stored here
	}
	return string(b)
}

// cleanEvent trims what an editor typed and drops empty entries, so that
// blank form rows do not become partners.
func cleanEvent(e extract.Event) extract.Event {
	e.Instrument = strings.TrimSpace(e.Instrument)
	var ps []extract.Partner
	for _, p := range e.Partners {
		p.Name, p.State, p.AGS = strings.TrimSpace(p.Name), strings.TrimSpace(p.State), strings.TrimSpace(p.AGS)
		if p.Name == "" || slices.ContainsFunc(ps, func(q extract.Partner) bool { return q.Name == p.Name }) {
			continue
		}
		ps = append(ps, p)
	}
	var people []extract.Person
	for _, p := range e.People {
		p.Name, p.Role, p.Org = strings.TrimSpace(p.Name), strings.TrimSpace(p.Role), strings.TrimSpace(p.Org)
		if p.Name == "" || slices.ContainsFunc(people, func(q extract.Person) bool { return q.Name == p.Name }) {
			continue
		}
		people = append(people, p)
	}
	e.Partners = orEmpty(ps)
	e.People = orEmpty(people)
	e.Topics = union(nil, e.Topics)
	e.Evidence = orEmpty(union(nil, e.Evidence))
	return e
}

// orEmpty returns s, or an empty slice for nil, so JSON shows [].
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// union appends to a the non-empty strings of b it lacks.
func union(a, b []string) []string {
	for _, s := range b {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(a, s) {
			a = append(a, s)
		}
	}
	return a
}

func withReason(reason string) string {
	if reason = strings.TrimSpace(reason); reason != "" {
		return ": " + reason
	}
	return ""
}

// eventRow is an event as the review code reads and writes it.
type eventRow struct {
	Event   extract.Event
	Article extract.ArticleID
	url     string // the article's canonical URL
	origin  string
}

// reviewTx is the state of one review: its transaction, the editor, the
// time and the articles whose search documents must be rebuilt.
type reviewTx struct {
	ctx      context.Context
	tx       *sql.Tx
	user     string
	now      string
	articles []extract.ArticleID
}

func (r *reviewTx) touch(id extract.ArticleID) {
	if !slices.Contains(r.articles, id) {
		r.articles = append(r.articles, id)
	}
}

func (r *reviewTx) load(id extract.EventID) (eventRow, error) {
	var row eventRow
	var body []byte
	err := r.tx.QueryRowContext(r.ctx, `SELECT e.article_id, e.json, e.origin, a.url FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id = ?`, id).
		Scan(&row.Article, &body, &row.origin, &row.url)
	if errors.Is(err, sql.ErrNoRows) {
		return row, fmt.Errorf("event %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return row, err
	}
	if err := json.Unmarshal(body, &row.Event); err != nil {
		return row, fmt.Errorf("event %s: decode stored json: %w", id, err)
	}
	row.Event = cleanEvent(row.Event)
	row.Event.ID = id
	return row, nil
}

// save writes the event as it now stands; the editor has looked at it, so
// it no longer disagrees.
func (r *reviewTx) save(row eventRow) error {
	body, err := json.Marshal(row.Event)
	if err != nil {
		return err
	}
	_, err = r.tx.ExecContext(r.ctx, `UPDATE events SET type = ?, date = ?, status = ?, json = ?, disagrees = 0,
reviewed_at = ?, updated_at = ? WHERE id = ?`,
		row.Event.Type, nullDate(row.Event.Date), row.Event.Status, string(body), r.now, r.now, row.Event.ID)
	if err != nil {
		return fmt.Errorf("event %s: %w", row.Event.ID, err)
	}
	r.touch(row.Article)
	return nil
}

// insert adds an event an editor made (added or split off) after the
// article's other events.
func (r *reviewTx) insert(row eventRow) error {
	body, err := json.Marshal(row.Event)
	if err != nil {
		return err
	}
	_, err = r.tx.ExecContext(r.ctx, `
INSERT INTO events (id, article_id, pos, type, date, status, confidence, json, extracted_json, disagrees, stale, created_at, updated_at, reviewed_at, origin)
VALUES (?, ?, (SELECT coalesce(max(pos), -1) + 1 FROM events WHERE article_id = ?), ?, ?, ?, ?, ?, '{}', 0, 0, ?, ?, ?, 'editor')`,
		row.Event.ID, row.Article, row.Article, row.Event.Type, nullDate(row.Event.Date), row.Event.Status,
		row.Event.Confidence, string(body), r.now, r.now, r.now)
	if err != nil {
		return fmt.Errorf("event %s: %w", row.Event.ID, err)
	}
	r.touch(row.Article)
	return nil
}

func (r *reviewTx) record(row eventRow, a Action, field string, before, after extract.Status, reason string) error {
	return r.recordJSON(row, a, field, mustJSON(before), mustJSON(after), reason)
}

func (r *reviewTx) recordJSON(row eventRow, a Action, field, before, after, reason string) error {
	if len(reason) > maxReason {
		return &InvalidError{Field: "reason", Msg: fmt.Sprintf("too long: want at most %d bytes", maxReason)}
	}
	var b any
	if before != "" {
		b = before
	}
	_, err := r.tx.ExecContext(r.ctx, `INSERT INTO review_history (event_id, article_id, user_name, at, action, field, before, after, reason)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, row.Event.ID, row.Article, r.user, r.now, string(a), field, b, after, strings.TrimSpace(reason))
	return err
}

// review runs fn as one editor's action: in one SQLite transaction with
// its history rows, committed before review returns (so an acknowledged
// review survives a crash), then brings the search documents of the
// touched articles up to date. user must be a known account.
func (ix *Index) review(ctx context.Context, op, user string, fn func(r *reviewTx) error) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if err := ix.writable(); err != nil {
		return err
	}
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name = ?`, user).Scan(&n); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: editor %q: %w", op, user, ErrUnauthorized)
	}
	r := &reviewTx{ctx: ctx, tx: tx, user: user, now: ix.timestamp()}
	if err := fn(r); err != nil {
		var ie *InvalidError
		if errors.As(err, &ie) {
			return err
		}
		return fmt.Errorf("%s: %w", op, err)
	}
	for chunk := range slices.Chunk(r.articles, maxVars) {
		in, args := inList(chunk)
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET indexed = 0 WHERE id IN `+in, args...); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
	}
	stored, err := loadArticles(ctx, tx, r.articles)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	// Stored: from here on the review is safe. A failed index write is
	// repaired by the next Open (the articles are marked unindexed).
	if err := ix.indexArticles(ctx, ix.bl, stored); err != nil {
		return fmt.Errorf("%s: stored, but not yet searchable: %w", op, err)
	}
	return ix.markIndexed(ctx, r.articles)
}
