package index

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Outcome is what came of fetching a URL. The crawl pipeline may record
// other values; these are the ones cmd writes.
type Outcome string

// Common fetch outcomes.
const (
	OutcomeArticle      Outcome = "article"       // extracted and stored
	OutcomeNotArticle   Outcome = "not-article"   // a list, home or archive page, or no content
	OutcomeExtractError Outcome = "extract-error" // extraction failed; Error says why
	OutcomeFetchError   Outcome = "fetch-error"   // no usable response; Error says why
	OutcomeDuplicate    Outcome = "duplicate"     // same body as another URL, recorded as one more URL of its article
)

// Fetch is the crawl state of one URL: its latest fetch.
type Fetch struct {
	URL       string    // the URL fetched
	Canonical string    // the canonical URL of the article found there; "" if none
	Status    int       // HTTP status; 0 when there was no response
	Outcome   Outcome   // what came of it
	FetchedAt time.Time // when; the zero time means now
	Hash      string    // hash of the body, to notice unchanged pages; "" if none
	Error     string    // what went wrong, for failed fetches
	Attempts  int       // how often the URL was fetched; set by the store, ignored by RecordFetch
	ETag      string    // validators of the response, sent on the next fetch; "" if none
	LastMod   string    // Last-Modified header value; "" if none
}

// sqlRecordFetch records a fetch as the latest of its URL.
const sqlRecordFetch = `
INSERT INTO fetches (url, canonical, status, outcome, fetched_at, content_hash, error, attempts, etag, last_modified)
VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
ON CONFLICT (url) DO UPDATE SET
	canonical = excluded.canonical, status = excluded.status, outcome = excluded.outcome,
	fetched_at = excluded.fetched_at, content_hash = excluded.content_hash, error = excluded.error,
	attempts = attempts + 1, etag = excluded.etag, last_modified = excluded.last_modified`

// RecordFetch records f as the latest fetch of f.URL and counts the
// attempt. URL and Outcome must not be empty.
func (ix *Index) RecordFetch(ctx context.Context, f Fetch) error {
	if f.URL == "" {
		return errors.New("record fetch: url is empty")
	}
	if f.Outcome == "" {
		return fmt.Errorf("record fetch of %s: outcome is empty", f.URL)
	}
	at := f.FetchedAt
	if at.IsZero() {
		at = ix.now()
	}
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if err := ix.writable(); err != nil {
		return err
	}
	_, err := ix.db.ExecContext(ctx, sqlRecordFetch, f.URL, f.Canonical, f.Status, string(f.Outcome), at.UTC().Format(time.RFC3339Nano), f.Hash, f.Error, f.ETag, f.LastMod)
	if err != nil {
		return fmt.Errorf("record fetch of %s: %w", f.URL, err)
	}
	return nil
}

// LastFetch returns the latest recorded fetch of u, or an error wrapping
// ErrNotFound when u was never fetched.
func (ix *Index) LastFetch(ctx context.Context, u string) (Fetch, error) {
	rdb, _, release, err := ix.reader()
	if err != nil {
		return Fetch{}, err
	}
	defer release()
	f := Fetch{URL: u}
	var at string
	err = rdb.QueryRowContext(ctx, `SELECT canonical, status, outcome, fetched_at, content_hash, error, attempts, etag, last_modified
FROM fetches WHERE url = ?`, u).Scan(&f.Canonical, &f.Status, &f.Outcome, &at, &f.Hash, &f.Error, &f.Attempts, &f.ETag, &f.LastMod)
	if errors.Is(err, sql.ErrNoRows) {
		return Fetch{}, fmt.Errorf("last fetch of %s: %w", u, ErrNotFound)
	}
	if err != nil {
		return Fetch{}, fmt.Errorf("last fetch of %s: %w", u, err)
	}
	if f.FetchedAt, err = time.Parse(time.RFC3339Nano, at); err != nil {
		return Fetch{}, fmt.Errorf("last fetch of %s: fetched_at %q: %w", u, at, err)
	}
	return f, nil
}

// Stats counts what the store holds.
type Stats struct {
	Articles            int            // stored articles
	CooperationArticles int            // articles reporting a cooperation, as extracted
	Events              int            // stored events
	EventsByStatus      map[string]int // events per review status
	DisagreeingEvents   int            // reviewed events the latest extraction disagrees with
	Fetches             map[string]int // fetched URLs per outcome of their latest fetch
	Unindexed           int            // articles stored but not yet in the search index
	SearchDocs          uint64         // documents in the search index
}

// Stats returns counts of articles, events and fetches.
func (ix *Index) Stats(ctx context.Context) (Stats, error) {
	rdb, bl, release, err := ix.reader()
	if err != nil {
		return Stats{}, err
	}
	defer release()
	st := Stats{EventsByStatus: map[string]int{}, Fetches: map[string]int{}}
	err = rdb.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(cooperation), 0), coalesce(sum(indexed = 0), 0) FROM articles`).
		Scan(&st.Articles, &st.CooperationArticles, &st.Unindexed)
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	err = rdb.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(disagrees), 0) FROM events`).Scan(&st.Events, &st.DisagreeingEvents)
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	for _, c := range []struct {
		query string
		dst   map[string]int
	}{
		{`SELECT status, count(*) FROM events GROUP BY status`, st.EventsByStatus},
		{`SELECT outcome, count(*) FROM fetches GROUP BY outcome`, st.Fetches},
	} {
		err := eachRow(ctx, rdb, c.query, nil, func(rows *sql.Rows) error {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				return err
			}
			c.dst[k] = n
			return nil
		})
		if err != nil {
			return Stats{}, fmt.Errorf("stats: %w", err)
		}
	}
	if st.SearchDocs, err = bl.DocCount(); err != nil {
		return Stats{}, fmt.Errorf("stats: count search documents: %w", err)
	}
	return st, nil
}
