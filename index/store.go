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
	"github.com/rs/zerolog"
)

// querier is what reads need of *sql.DB and *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// maxVars bounds the ids bound in one "IN (...)" list.
const maxVars = 500

// PutArticles stores arts and indexes them for search. Each article is
// upserted by ID (filled from URL when empty) in one SQLite transaction for
// the whole call, then written to Bleve in batches of Options.BatchSize.
// Every URL an article was seen under (URL and URLs) is kept across calls.
//
// Events are matched by ID: a pending event is replaced by the new
// extraction or deleted when the extraction no longer has it; an event an
// editor has reviewed (any status but pending) keeps its reviewed content
// and status, is marked as disagreeing when the new extraction says
// something else about it, and as stale when the extraction lost it. The
// status of an incoming event is stored only for events the store does not
// hold yet.
//
// PutArticles checks every article with Validate before writing anything
// and returns the first invalid one's error. When the Bleve write fails the
// articles are stored all the same and Open indexes them next time. arts is
// not modified.
func (ix *Index) PutArticles(ctx context.Context, arts []extract.Article) error {
	if len(arts) == 0 {
		return nil
	}
	prepared, err := prepareArticles(arts)
	if err != nil {
		return err
	}
	return ix.withArticleWriter(ctx, "put articles", func(tx *sql.Tx, w *articleWriter) error {
		for _, a := range prepared {
			if err := w.put(a); err != nil {
				return fmt.Errorf("put article %s: %w", a.URL, err)
			}
		}
		docs, err := w.searchable()
		if err != nil {
			return fmt.Errorf("put articles: %w", err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("put articles: %w", err)
		}
		return ix.indexStored(ctx, docs, w.ids)
	})
}

// withArticleWriter runs fn with a write transaction and an article
// writer on it, holding the write lock throughout, so that fn can commit
// and then index what it committed before another writer runs. The
// transaction is rolled back unless fn committed it.
func (ix *Index) withArticleWriter(ctx context.Context, op string, fn func(tx *sql.Tx, w *articleWriter) error) error {
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
	w := ix.newArticleWriter(ctx, tx)
	defer w.close()
	return fn(tx, w)
}

// prepareArticles returns copies of arts, normalized and validated.
func prepareArticles(arts []extract.Article) ([]extract.Article, error) {
	prepared := make([]extract.Article, len(arts))
	for i, a := range arts {
		a.Events = slices.Clone(a.Events) // Normalize writes to the events
		a.Normalize()
		if err := a.Validate(); err != nil {
			return nil, fmt.Errorf("put article %s: %w", a.URL, err)
		}
		prepared[i] = a
	}
	return prepared, nil
}

// indexStored writes docs, the articles of ids as stored, to Bleve and
// marks ids indexed; the caller holds wmu and has committed them.
func (ix *Index) indexStored(ctx context.Context, docs []extract.Article, ids []extract.ArticleID) error {
	if err := ix.indexArticles(ctx, ix.bl, docs); err != nil {
		return fmt.Errorf("put articles: stored, but not yet searchable: %w", err)
	}
	return ix.markIndexed(ctx, ids)
}

// Statements of the article writer, prepared once per transaction.
const (
	sqlPutArticle = `
INSERT INTO articles (id, url, site, title, kicker, published, text, json, cooperation, fetched_at, created_at, updated_at, indexed)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
ON CONFLICT (id) DO UPDATE SET
	url = excluded.url, site = excluded.site, title = excluded.title, kicker = excluded.kicker,
	published = excluded.published, text = excluded.text, json = excluded.json,
	cooperation = excluded.cooperation, fetched_at = coalesce(excluded.fetched_at, fetched_at),
	updated_at = excluded.updated_at, indexed = 0`
	sqlPutArticleURL = `INSERT INTO article_urls (article_id, url, first_seen) VALUES (?, ?, ?)
ON CONFLICT DO NOTHING`
	sqlStoredEvents = `SELECT id, status, extracted_json, pos FROM events WHERE article_id = ?`
	sqlKeepReviewed = `UPDATE events SET extracted_json = ?, disagrees = disagrees OR ?,
stale = 0, pos = ?, updated_at = ? WHERE id = ?`
	// The WHERE keeps a reviewed event of another article (an ID
	// collision) untouched.
	sqlPutEvent = `
INSERT INTO events (id, article_id, pos, type, date, status, confidence, json, extracted_json, disagrees, stale, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)
ON CONFLICT (id) DO UPDATE SET
	article_id = excluded.article_id, pos = excluded.pos, type = excluded.type, date = excluded.date,
	status = excluded.status, confidence = excluded.confidence, json = excluded.json,
	extracted_json = excluded.extracted_json, disagrees = 0, stale = 0, updated_at = excluded.updated_at
WHERE events.status = 'pending'`
	sqlStaleEvent  = `UPDATE events SET stale = (origin = 'extractor'), pos = ?, updated_at = ? WHERE id = ?`
	sqlDeleteEvent = `DELETE FROM events WHERE id = ?`
)

// articleWriter upserts articles in one transaction with statements
// prepared once, and keeps what the search index needs of them.
type articleWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	log   zerolog.Logger
	now   string
	stmts map[string]*sql.Stmt

	ids []extract.ArticleID // in order of first appearance
	// docs holds an article's search document built from what was given:
	// exact when none of its events was reviewed, so the store holds the
	// article as given. Articles with a reviewed event are read back.
	docs     map[extract.ArticleID]*extract.Article
	readBack map[extract.ArticleID]bool
}

func (ix *Index) newArticleWriter(ctx context.Context, tx *sql.Tx) *articleWriter {
	return &articleWriter{ctx: ctx, tx: tx, log: ix.log, now: ix.timestamp(), stmts: map[string]*sql.Stmt{},
		docs: map[extract.ArticleID]*extract.Article{}, readBack: map[extract.ArticleID]bool{}}
}

// stmt returns the statement for query, prepared on first use.
func (w *articleWriter) stmt(query string) (*sql.Stmt, error) {
	if st := w.stmts[query]; st != nil {
		return st, nil
	}
	st, err := w.tx.PrepareContext(w.ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

func (w *articleWriter) exec(query string, args ...any) (sql.Result, error) {
	st, err := w.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(w.ctx, args...)
}

func (w *articleWriter) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// put upserts a, normalized and validated.
func (w *articleWriter) put(a extract.Article) error {
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	var fetched any
	if !a.FetchedAt.IsZero() {
		fetched = a.FetchedAt.UTC().Format(time.RFC3339Nano)
	}
	if _, err := w.exec(sqlPutArticle, a.ID, a.URL, a.Site, a.Title, a.Kicker, nullDate(a.Published), a.Text, string(body),
		a.Cooperation, fetched, w.now, w.now); err != nil {
		return err
	}
	for _, u := range append([]string{a.URL}, a.URLs...) {
		if u == "" {
			continue
		}
		if _, err := w.exec(sqlPutArticleURL, a.ID, u, w.now); err != nil {
			return err
		}
	}
	events, exact, err := w.putEvents(a)
	if err != nil {
		return err
	}
	if _, ok := w.docs[a.ID]; !ok {
		w.ids = append(w.ids, a.ID)
	}
	a.Events = events
	for _, e := range events {
		if e.Status == extract.Confirmed || e.Status == extract.Corrected {
			a.Cooperation = true // as loadArticles says
		}
	}
	w.docs[a.ID] = &a
	w.readBack[a.ID] = !exact
	return nil
}

// storedEvent is what putEvents needs to know of an event already stored.
type storedEvent struct {
	status    extract.Status
	extracted string
	pos       int
}

// putEvents stores a's events and returns them as stored (IDs filled,
// repeats dropped), and whether the store now holds exactly these: no
// event of a was reviewed and none collided with another article's
// reviewed event.
func (w *articleWriter) putEvents(a extract.Article) ([]extract.Event, bool, error) {
	st, err := w.stmt(sqlStoredEvents)
	if err != nil {
		return nil, false, err
	}
	rows, err := st.QueryContext(w.ctx, a.ID)
	if err != nil {
		return nil, false, err
	}
	existing := map[extract.EventID]storedEvent{}
	exact := true
	for rows.Next() {
		var id extract.EventID
		var se storedEvent
		if err := rows.Scan(&id, &se.status, &se.extracted, &se.pos); err != nil {
			rows.Close()
			return nil, false, err
		}
		existing[id] = se
		if se.status != extract.Pending {
			exact = false
		}
	}
	if err := rows.Close(); err != nil {
		return nil, false, err
	}

	seen := map[extract.EventID]bool{}
	stored := make([]extract.Event, 0, len(a.Events))
	for pos, e := range a.Events {
		if e.ID == "" {
			first := ""
			if len(e.Evidence) > 0 {
				first = e.Evidence[0]
			}
			e.ID = extract.NewEventID(a.URL, first)
		}
		if seen[e.ID] {
			w.log.Warn().Str("url", a.URL).Str("event_id", string(e.ID)).Msg("duplicate event id in article: later event dropped")
			continue
		}
		seen[e.ID] = true
		extracted, err := extractedJSON(e)
		if err != nil {
			return nil, false, err
		}
		if old, ok := existing[e.ID]; ok && old.status != extract.Pending {
			// An editor's decision: keep it, note what the extractor says now.
			disagrees := !sameExtraction(old.extracted, extracted)
			if _, err := w.exec(sqlKeepReviewed, extracted, disagrees, pos, w.now, e.ID); err != nil {
				return nil, false, fmt.Errorf("event %s: %w", e.ID, err)
			}
			continue
		}
		body, err := json.Marshal(e)
		if err != nil {
			return nil, false, err
		}
		res, err := w.exec(sqlPutEvent, e.ID, a.ID, pos, e.Type, nullDate(e.Date), e.Status, e.Confidence, string(body), extracted, w.now, w.now)
		if err != nil {
			return nil, false, fmt.Errorf("event %s: %w", e.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			exact = false // another article's reviewed event kept its row
		}
		stored = append(stored, e)
	}
	for id, old := range existing {
		if seen[id] {
			continue
		}
		// A reviewed event the extractor lost stays, after the events
		// it still finds. An event an editor added was never the
		// extractor's to lose: it is not stale.
		q, args := sqlStaleEvent, []any{len(a.Events) + old.pos, w.now, id}
		if old.status == extract.Pending {
			q, args = sqlDeleteEvent, []any{id}
		}
		if _, err := w.exec(q, args...); err != nil {
			return nil, false, fmt.Errorf("event %s: %w", id, err)
		}
	}
	return stored, exact, nil
}

// searchable returns the search documents of the articles written, in
// order of first appearance: as given where that is what the store holds,
// read back from the transaction where an editor's review shapes them.
func (w *articleWriter) searchable() ([]extract.Article, error) {
	var back []extract.ArticleID
	for _, id := range w.ids {
		if w.readBack[id] {
			back = append(back, id)
		}
	}
	if len(back) > 0 {
		stored, err := loadArticles(w.ctx, w.tx, back)
		if err != nil {
			return nil, err
		}
		for i := range stored {
			w.docs[stored[i].ID] = &stored[i]
		}
	}
	out := make([]extract.Article, 0, len(w.ids))
	for _, id := range w.ids {
		out = append(out, *w.docs[id])
	}
	return out, nil
}

// extractedJSON is e as the extractor said it, without the review status.
func extractedJSON(e extract.Event) (string, error) {
	e.Status = ""
	b, err := json.Marshal(e)
	return string(b), err
}

// sameExtraction reports whether two extracted_json values say the same
// about an event. The confidence is the extractor's bookkeeping, not
// content: a new extractor version that only rescores agrees.
func sameExtraction(a, b string) bool {
	if a == b {
		return true
	}
	var ea, eb extract.Event
	if json.Unmarshal([]byte(a), &ea) != nil || json.Unmarshal([]byte(b), &eb) != nil {
		return false
	}
	ea.Confidence, eb.Confidence = 0, 0
	ja, _ := json.Marshal(ea)
	jb, _ := json.Marshal(eb)
	return string(ja) == string(jb)
}

func nullDate(d extract.Date) any {
	if d.IsZero() {
		return nil
	}
	return string(d)
}

// Article returns the stored article with the given ID: as last extracted,
// with every URL it was seen under (canonical first) and its events as they
// stand (reviewed versions included). Cooperation is true when the
// extraction says so or an editor confirmed or corrected one of its events.
// It returns an error wrapping ErrNotFound when there is no such article.
func (ix *Index) Article(ctx context.Context, id extract.ArticleID) (extract.Article, error) {
	rdb, _, release, err := ix.reader()
	if err != nil {
		return extract.Article{}, err
	}
	defer release()
	arts, err := loadArticles(ctx, rdb, []extract.ArticleID{id})
	if err != nil {
		return extract.Article{}, fmt.Errorf("article %s: %w", id, err)
	}
	if len(arts) == 0 {
		return extract.Article{}, fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	return arts[0], nil
}

// loadArticles returns the stored articles of ids, in the order of ids,
// skipping ids not stored.
func loadArticles(ctx context.Context, q querier, ids []extract.ArticleID) ([]extract.Article, error) {
	byID := make(map[extract.ArticleID]*extract.Article, len(ids))
	for chunk := range slices.Chunk(ids, maxVars) {
		in, args := inList(chunk)
		err := eachRow(ctx, q, `SELECT id, json FROM articles WHERE id IN `+in, args, func(rows *sql.Rows) error {
			var id extract.ArticleID
			var body []byte
			if err := rows.Scan(&id, &body); err != nil {
				return err
			}
			a := new(extract.Article)
			if err := json.Unmarshal(body, a); err != nil {
				return fmt.Errorf("article %s: decode stored json: %w", id, err)
			}
			a.ID = id
			a.URLs = []string{a.URL}
			a.Events = []extract.Event{}
			byID[id] = a
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = eachRow(ctx, q, `SELECT article_id, url FROM article_urls WHERE article_id IN `+in+` ORDER BY article_id, first_seen, rowid`, args, func(rows *sql.Rows) error {
			var id extract.ArticleID
			var u string
			if err := rows.Scan(&id, &u); err != nil {
				return err
			}
			if a := byID[id]; a != nil && u != a.URL {
				a.URLs = append(a.URLs, u)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = eachRow(ctx, q, `SELECT article_id, json FROM events WHERE article_id IN `+in+` ORDER BY article_id, pos, id`, args, func(rows *sql.Rows) error {
			var id extract.ArticleID
			var body []byte
			if err := rows.Scan(&id, &body); err != nil {
				return err
			}
			var e extract.Event
			if err := json.Unmarshal(body, &e); err != nil {
				return fmt.Errorf("article %s: decode stored event: %w", id, err)
			}
			if a := byID[id]; a != nil {
				a.Events = append(a.Events, e)
				if e.Status == extract.Confirmed || e.Status == extract.Corrected {
					a.Cooperation = true
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]extract.Article, 0, len(byID))
	for _, id := range ids {
		if a := byID[id]; a != nil {
			out = append(out, *a)
			delete(byID, id) // an id given twice yields one article
		}
	}
	return out, nil
}

// inList returns "(?, ?, ...)" and the arguments for ids.
func inList[T ~string](ids []T) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = string(id)
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")", args
}

func eachRow(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SetEventStatus records an editor's verdict on the event with the given ID
// and updates the search index. It clears the event's disagreement flag
// (the editor has looked again). It returns an error wrapping ErrNotFound
// when there is no such event and a descriptive error for an invalid
// status.
//
// TODO(index): editors' corrections of an event's content and the history
// of decisions come with the review tables.
func (ix *Index) SetEventStatus(ctx context.Context, id extract.EventID, status extract.Status) error {
	if !status.Valid() {
		return fmt.Errorf("set status of event %s: invalid status %q: want pending, confirmed, corrected or rejected", id, status)
	}
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if err := ix.writable(); err != nil {
		return err
	}
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set status of event %s: %w", id, err)
	}
	defer tx.Rollback()
	now := ix.timestamp()
	var articleID extract.ArticleID
	err = tx.QueryRowContext(ctx, `UPDATE events SET status = ?, json = json_set(json, '$.status', ?),
disagrees = 0, reviewed_at = ?, updated_at = ? WHERE id = ? RETURNING article_id`,
		status, status, now, now, id).Scan(&articleID)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("set status of event %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("set status of event %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET indexed = 0 WHERE id = ?`, articleID); err != nil {
		return fmt.Errorf("set status of event %s: %w", id, err)
	}
	stored, err := loadArticles(ctx, tx, []extract.ArticleID{articleID})
	if err != nil {
		return fmt.Errorf("set status of event %s: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("set status of event %s: %w", id, err)
	}
	if err := ix.indexArticles(ctx, ix.bl, stored); err != nil {
		return fmt.Errorf("set status of event %s: stored, but not yet searchable: %w", id, err)
	}
	return ix.markIndexed(ctx, []extract.ArticleID{articleID})
}

// markIndexed records that the search index holds the current version of
// ids; the caller holds wmu.
func (ix *Index) markIndexed(ctx context.Context, ids []extract.ArticleID) error {
	for chunk := range slices.Chunk(ids, maxVars) {
		in, args := inList(chunk)
		if _, err := ix.db.ExecContext(ctx, `UPDATE articles SET indexed = 1 WHERE id IN `+in, args...); err != nil {
			return fmt.Errorf("mark articles indexed: %w", err)
		}
	}
	return nil
}
