package index

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
)

// FrontierEntry is one URL of a crawl's frontier, as the store keeps it.
// Its fields mirror crawler.Entry (index does not import crawler: cmd
// converts).
type FrontierEntry struct {
	URL      string
	Kind     string // page, sitemap, feed
	Depth    int
	From     string // discovered on
	Priority int
	Optional bool
	State    string // queued, leased, done, failed
	Attempts int
	NextTry  time.Time
	Outcome  string
	Status   int
	Error    string
}

// Crawl is one crawl's state in the store: its frontier (queue and
// visited set) and its counts. It is safe for concurrent use; its writes
// go through the Index's single writer.
//
// Leases live in memory, not in the store: one process works on a stored
// crawl (the Index's directory lock), and a lease ends with its process
// anyway, so Next reads without writing and the entries a killed process
// had leased are simply still queued. Fingerprints are recorded in memory
// too and written with the crawl's next write (at the latest with the
// batch that stores the page, see Ingest): a crash loses only those of
// pages not yet stored, which are fetched again. So the crawler's hot
// path (Next, Fingerprint, Pending) never waits for the writer or an
// fsync.
type Crawl struct {
	ix      *Index
	ID      int64
	Key     string
	Resumed bool // an unfinished crawl with the same key was taken up
	Carried int  // entries a new crawl took over from the previous crawl with its key

	// mu guards leased and prints, and is held across the commit of every
	// write of the crawl, so that readers never see the store and these
	// disagree. Lock order: Index.wmu before mu.
	mu     sync.Mutex
	leased map[string]bool   // URLs handed out by Next and not yet updated
	prints map[string]string // body hash → URL, not yet written
	// ahead are the next queued entries, read ahead by Next at aheadAt so
	// that it does not read the leased entries again on every call; any
	// write that queues an entry drops them.
	ahead   []FrontierEntry
	aheadAt time.Time
}

// Next reads up to readAhead entries ahead, for at most aheadFor.
const (
	readAhead = 64
	aheadFor  = time.Second
)

// CrawlInfo summarises a crawl for reports.
type CrawlInfo struct {
	ID         int64
	Key        string
	StartedAt  time.Time
	UpdatedAt  time.Time
	FinishedAt time.Time // zero while unfinished
	Runs       int
	Stats      map[string]int // counts per outcome, summed over runs
	States     map[string]int // frontier entries per state
}

// OpenCrawl returns the unfinished crawl with key, with the entries a
// killed process had leased queued again, or starts a new one. Only one
// process may work on a stored crawl at a time: the Index's directory lock
// sees to it.
//
// A new crawl takes over the frontier of the latest earlier crawl with key
// (Crawl.Carried counts the entries), so a re-crawl neither forgets what it
// learnt nor fetches what it need not:
//   - pages whose latest fetch stored an article or recorded a duplicate,
//     pages refused for good (not HTML, too large, a duplicate body, 404,
//     410) and canonical URLs named by fetched pages stay done: a re-crawl
//     does not fetch them again;
//   - everything else (home and list pages, sitemaps, feeds, URLs that
//     failed or that robots.txt refused, pages whose extraction failed) is
//     queued again with its last outcome, so the crawler asks for it again,
//     conditionally when it was read before: a 304 loses nothing, its links
//     are in the frontier already, and a page that changed is read anew;
//   - redirect targets are dropped: fetching their source finds them again.
//
// With fresh, an unfinished crawl with key is closed unfinished and the new
// crawl queues every URL of the earlier one again (canonical URLs named by
// pages apart), articles included: a full re-crawl, conditional wherever
// validators are stored. Frontier rows of older crawls with key are
// deleted (their counts stay).
func (ix *Index) OpenCrawl(ctx context.Context, key string, fresh bool) (*Crawl, error) {
	if key == "" {
		return nil, errors.New("open crawl: key is empty")
	}
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if err := ix.writable(); err != nil {
		return nil, err
	}
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("open crawl %s: %w", key, err)
	}
	defer tx.Rollback()
	now := ix.timestamp()
	c := &Crawl{ix: ix, Key: key, leased: map[string]bool{}, prints: map[string]string{}}
	err = tx.QueryRowContext(ctx, `SELECT id FROM crawls WHERE key = ? AND finished_at IS NULL ORDER BY id DESC LIMIT 1`, key).Scan(&c.ID)
	switch {
	case err == nil && fresh:
		if _, err := tx.ExecContext(ctx, `UPDATE crawls SET finished_at = ?, updated_at = ? WHERE id = ?`, now, now, c.ID); err != nil {
			return nil, fmt.Errorf("open crawl %s: %w", key, err)
		}
		c.ID = 0
	case err == nil:
		c.Resumed = true
		if _, err := tx.ExecContext(ctx, `UPDATE crawl_frontier SET state = 'queued' WHERE crawl_id = ? AND state = 'leased'`, c.ID); err != nil {
			return nil, fmt.Errorf("open crawl %s: %w", key, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE crawls SET runs = runs + 1, updated_at = ? WHERE id = ?`, now, c.ID); err != nil {
			return nil, fmt.Errorf("open crawl %s: %w", key, err)
		}
	case errors.Is(err, sql.ErrNoRows):
	default:
		return nil, fmt.Errorf("open crawl %s: %w", key, err)
	}
	if c.ID == 0 {
		var prev int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM crawls WHERE key = ? ORDER BY id DESC LIMIT 1`, key).Scan(&prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("open crawl %s: %w", key, err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO crawls (key, started_at, updated_at) VALUES (?, ?, ?)`, key, now, now)
		if err != nil {
			return nil, fmt.Errorf("open crawl %s: %w", key, err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return nil, fmt.Errorf("open crawl %s: %w", key, err)
		}
		if prev != 0 {
			settled := settledNormal
			if fresh {
				settled = settledFresh
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO crawl_frontier
(crawl_id, url, kind, depth, discovered_from, priority, optional, state, attempts, next_try, outcome, status, error)
SELECT ?, cf.url, cf.kind, cf.depth, cf.discovered_from, cf.priority, cf.optional,
	CASE WHEN `+settled+` THEN 'done' ELSE 'queued' END, 0, 0, cf.outcome, cf.status, ''
FROM crawl_frontier cf WHERE cf.crawl_id = ? AND cf.outcome != 'redirect-target' ORDER BY cf.rowid`, c.ID, prev)
			if err != nil {
				return nil, fmt.Errorf("open crawl %s: take over the frontier of crawl %d: %w", key, prev, err)
			}
			n, _ := res.RowsAffected()
			c.Carried = int(n)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM crawl_frontier WHERE crawl_id IN (SELECT id FROM crawls WHERE key = ? AND id != ?)`, key, c.ID); err != nil {
			return nil, fmt.Errorf("open crawl %s: %w", key, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("open crawl %s: %w", key, err)
	}
	return c, nil
}

// SQL conditions on a frontier row cf of the previous crawl that keep it
// done in the next one; the outcomes are the crawler's (crawler.Outcome*,
// and the "canonical-of" bookkeeping entries) and the store's fetch
// outcomes. settledNormal: the page's article is stored or the URL is no
// page worth asking for again; settledFresh: only URLs never fetched.
const (
	settledNormal = `(cf.outcome IN ('canonical-of', 'not-html', 'too-large', 'duplicate')
	OR (cf.state = 'failed' AND cf.outcome = 'http-error' AND cf.status IN (404, 410))
	OR (cf.kind = 'page' AND cf.state = 'done' AND cf.outcome IN ('ok', 'not-modified')
		AND EXISTS (SELECT 1 FROM fetches f WHERE f.url = cf.url AND f.outcome IN ('article', 'duplicate'))))`
	settledFresh = `cf.outcome = 'canonical-of'`
)

// write runs fn in one write transaction of the index (Index.write),
// together with the fingerprints recorded since the last write. ended are
// the URLs whose leases the transaction ends: they are released, the
// written fingerprints forgotten and, when queued is true (the transaction
// queues an entry), the entries Next read ahead dropped, under mu in the
// same moment the transaction commits.
func (c *Crawl) write(ctx context.Context, op string, ended []string, queued bool, fn func(*sql.Tx) error) error {
	var prints map[string]string
	locked := false
	err := c.ix.write(ctx, op, func(tx *sql.Tx) error {
		var err error
		if prints, err = c.writePrints(ctx, tx); err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		c.mu.Lock() // held across the commit; released below
		locked = true
		return nil
	})
	if locked {
		if err == nil {
			c.committed(prints, ended, queued)
		}
		c.mu.Unlock()
	}
	return err
}

// writePrints writes the fingerprints recorded in memory in tx and returns
// them, for committed.
func (c *Crawl) writePrints(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	c.mu.Lock()
	prints := maps.Clone(c.prints)
	c.mu.Unlock()
	if len(prints) == 0 {
		return nil, nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO crawl_fingerprints (hash, url, first_seen) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	now := c.ix.timestamp()
	for sum, u := range prints {
		if _, err := st.ExecContext(ctx, sum, u, now); err != nil {
			return nil, fmt.Errorf("fingerprint %s: %w", u, err)
		}
	}
	return prints, nil
}

// committed forgets the fingerprints written, releases the leases of
// ended and, when queued, drops the entries read ahead; the caller holds
// mu and has just committed them.
func (c *Crawl) committed(prints map[string]string, ended []string, queued bool) {
	for sum, u := range prints {
		if c.prints[sum] == u {
			delete(c.prints, sum)
		}
	}
	for _, u := range ended {
		delete(c.leased, u)
	}
	if queued {
		c.ahead = nil
	}
	if len(c.ahead) > 0 && len(ended) > 0 { // written without a lease
		gone := make(map[string]bool, len(ended))
		for _, u := range ended {
			gone[u] = true
		}
		c.ahead = slices.DeleteFunc(c.ahead, func(e FrontierEntry) bool { return gone[e.URL] })
	}
}

// Add inserts the entries whose URL the crawl's frontier does not hold
// yet (State "" means queued) and returns how many were new. When the
// frontier holds every URL already (the navigation links of most pages),
// it writes nothing.
func (c *Crawl) Add(ctx context.Context, es []FrontierEntry) (int, error) {
	es, err := c.unknown(ctx, es)
	if err != nil || len(es) == 0 {
		return 0, err
	}
	n := 0
	err = c.write(ctx, "add to frontier", nil, true, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO crawl_frontier
(crawl_id, url, kind, depth, discovered_from, priority, optional, state, attempts, next_try, outcome, status, error)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, e := range es {
			if e.State == "" {
				e.State = "queued"
			}
			res, err := st.ExecContext(ctx, c.ID, e.URL, e.Kind, e.Depth, e.From, e.Priority, e.Optional, e.State,
				e.Attempts, unixNano(e.NextTry), e.Outcome, e.Status, e.Error)
			if err != nil {
				return fmt.Errorf("%s: %w", e.URL, err)
			}
			if k, _ := res.RowsAffected(); k > 0 {
				n++
			}
		}
		return nil
	})
	return n, err
}

// unknown returns the entries of es whose URL the frontier does not hold,
// read without the writer.
func (c *Crawl) unknown(ctx context.Context, es []FrontierEntry) ([]FrontierEntry, error) {
	if len(es) == 0 {
		return nil, nil
	}
	rdb, _, release, err := c.ix.reader()
	if err != nil {
		return nil, err
	}
	defer release()
	known := make(map[string]bool, len(es))
	urls := make([]string, len(es))
	for i, e := range es {
		urls[i] = e.URL
	}
	for chunk := range slices.Chunk(urls, maxVars) {
		in, args := inList(chunk)
		err := eachRow(ctx, rdb, `SELECT url FROM crawl_frontier WHERE crawl_id = ? AND url IN `+in, append([]any{c.ID}, args...),
			func(rows *sql.Rows) error {
				var u string
				if err := rows.Scan(&u); err != nil {
					return err
				}
				known[u] = true
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("add to frontier: %w", err)
		}
	}
	return slices.DeleteFunc(slices.Clone(es), func(e FrontierEntry) bool { return known[e.URL] }), nil
}

// Next leases up to n queued entries due at now, lowest priority first,
// then in order of discovery. It writes nothing (see Crawl).
func (c *Crawl) Next(ctx context.Context, now time.Time, n int) ([]FrontierEntry, error) {
	if n <= 0 {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.ahead) < n || now.Before(c.aheadAt) || now.Sub(c.aheadAt) > aheadFor {
		if err := c.readAhead(ctx, now, max(n, readAhead)); err != nil {
			return nil, fmt.Errorf("next from frontier: %w", err)
		}
	}
	out := slices.Clone(c.ahead[:min(n, len(c.ahead))])
	c.ahead = c.ahead[len(out):]
	for i := range out {
		out[i].State = "leased"
		c.leased[out[i].URL] = true
	}
	return out, nil
}

// readAhead reads up to n queued entries due at now that are not leased
// into c.ahead; the caller holds mu.
func (c *Crawl) readAhead(ctx context.Context, now time.Time, n int) error {
	rdb, _, release, err := c.ix.reader()
	if err != nil {
		return err
	}
	defer release()
	var out []FrontierEntry
	// The entries leased already are still queued in the store: skip them.
	err = eachRow(ctx, rdb, `SELECT url, kind, depth, discovered_from, priority, optional, attempts, next_try, outcome, status, error
FROM crawl_frontier WHERE crawl_id = ? AND state = 'queued' AND next_try <= ? ORDER BY priority, rowid LIMIT ?`,
		[]any{c.ID, now.UnixNano(), n + len(c.leased)}, func(rows *sql.Rows) error {
			if len(out) == n {
				return nil
			}
			var e FrontierEntry
			var next int64
			if err := rows.Scan(&e.URL, &e.Kind, &e.Depth, &e.From, &e.Priority, &e.Optional, &e.Attempts, &next, &e.Outcome, &e.Status, &e.Error); err != nil {
				return err
			}
			if c.leased[e.URL] {
				return nil
			}
			if next != 0 {
				e.NextTry = time.Unix(0, next)
			}
			out = append(out, e)
			return nil
		})
	if err != nil {
		return err
	}
	c.ahead, c.aheadAt = out, now
	return nil
}

// sqlUpdateEntry stores the new state of a frontier entry.
const sqlUpdateEntry = `UPDATE crawl_frontier SET state = ?, attempts = ?, next_try = ?, outcome = ?, status = ?, error = ?
WHERE crawl_id = ? AND url = ?`

// Update stores the new state of an entry of the frontier, which ends its
// lease.
func (c *Crawl) Update(ctx context.Context, e FrontierEntry) error {
	return c.write(ctx, "update frontier entry "+e.URL, []string{e.URL}, e.State == "queued" || e.State == "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, sqlUpdateEntry, e.State, e.Attempts, unixNano(e.NextTry), e.Outcome, e.Status, e.Error, c.ID, e.URL)
		return err
	})
}

// Pending returns the number of queued and leased entries and the
// earliest next try of the queued ones.
func (c *Crawl) Pending(ctx context.Context) (queued, leased int, next time.Time, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rdb, _, release, err := c.ix.reader()
	if err != nil {
		return 0, 0, time.Time{}, err
	}
	defer release()
	var minNext sql.NullInt64
	// Rows in state leased are those of a version that kept leases in
	// the store; OpenCrawl queues them again.
	err = rdb.QueryRowContext(ctx, `SELECT coalesce(sum(state = 'queued'), 0), coalesce(sum(state = 'leased'), 0),
min(CASE WHEN state = 'queued' THEN next_try END) FROM crawl_frontier WHERE crawl_id = ? AND state IN ('queued', 'leased')`, c.ID).
		Scan(&queued, &leased, &minNext)
	if err != nil {
		return 0, 0, time.Time{}, fmt.Errorf("frontier pending: %w", err)
	}
	// Leased entries are queued in the store until their update commits,
	// which releases them in the same moment (mu).
	held := min(len(c.leased), queued)
	queued, leased = queued-held, leased+held
	if queued > 0 && minNext.Valid {
		next = time.Unix(0, minNext.Int64)
	}
	return queued, leased, next, nil
}

// Fingerprint records that a body with hash sum came from url, unless a
// body with that hash is recorded already, and returns the URL recorded
// for it first. The record is written with the crawl's next write (see
// Crawl).
func (c *Crawl) Fingerprint(ctx context.Context, sum, url string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if first, ok := c.prints[sum]; ok {
		return first, nil
	}
	rdb, _, release, err := c.ix.reader()
	if err != nil {
		return "", err
	}
	defer release()
	var first string
	err = rdb.QueryRowContext(ctx, `SELECT url FROM crawl_fingerprints WHERE hash = ?`, sum).Scan(&first)
	switch {
	case err == nil:
		return first, nil
	case errors.Is(err, sql.ErrNoRows):
		c.prints[sum] = url
		return url, nil
	default:
		return "", fmt.Errorf("fingerprint %s: %w", url, err)
	}
}

// Finish adds stats (counts per outcome of this run) to the crawl's
// counts and, when complete, marks it finished: the next OpenCrawl with
// its key starts a new crawl.
func (c *Crawl) Finish(ctx context.Context, stats map[string]int, complete bool) error {
	return c.write(ctx, "finish crawl", nil, false, func(tx *sql.Tx) error {
		var raw string
		if err := tx.QueryRowContext(ctx, `SELECT stats FROM crawls WHERE id = ?`, c.ID).Scan(&raw); err != nil {
			return err
		}
		sum := map[string]int{}
		if err := json.Unmarshal([]byte(raw), &sum); err != nil {
			sum = map[string]int{}
		}
		for k, v := range stats {
			sum[k] += v
		}
		b, err := json.Marshal(sum)
		if err != nil {
			return err
		}
		now := c.ix.timestamp()
		var finished any
		if complete {
			finished = now
		}
		_, err = tx.ExecContext(ctx, `UPDATE crawls SET stats = ?, updated_at = ?, finished_at = coalesce(finished_at, ?) WHERE id = ?`,
			string(b), now, finished, c.ID)
		return err
	})
}

// Crawls returns the latest n crawls, newest first, with their counts and
// the states of their frontier entries.
func (ix *Index) Crawls(ctx context.Context, n int) ([]CrawlInfo, error) {
	rdb, _, release, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer release()
	var out []CrawlInfo
	err = eachRow(ctx, rdb, `SELECT id, key, started_at, updated_at, coalesce(finished_at, ''), runs, stats FROM crawls ORDER BY id DESC LIMIT ?`,
		[]any{n}, func(rows *sql.Rows) error {
			var ci CrawlInfo
			var started, updated, finished, stats string
			if err := rows.Scan(&ci.ID, &ci.Key, &started, &updated, &finished, &ci.Runs, &stats); err != nil {
				return err
			}
			ci.StartedAt, _ = time.Parse(time.RFC3339Nano, started)
			ci.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
			if finished != "" {
				ci.FinishedAt, _ = time.Parse(time.RFC3339Nano, finished)
			}
			ci.Stats = map[string]int{}
			_ = json.Unmarshal([]byte(stats), &ci.Stats)
			ci.States = map[string]int{}
			out = append(out, ci)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list crawls: %w", err)
	}
	for i := range out {
		states := map[string]int{}
		err := eachRow(ctx, rdb, `SELECT state, count(*) FROM crawl_frontier WHERE crawl_id = ? GROUP BY state`, []any{out[i].ID}, func(rows *sql.Rows) error {
			var s string
			var k int
			if err := rows.Scan(&s, &k); err != nil {
				return err
			}
			states[s] = k
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("list crawls: %w", err)
		}
		maps.Copy(out[i].States, states)
	}
	return out, nil
}

// Validators returns the ETag and Last-Modified recorded with the latest
// fetch of url ("" when none), and whether that fetch stored the page's
// content (an article, or a duplicate of one): then a 304 answer loses
// nothing, even to a crawl that never read the page's links.
func (ix *Index) Validators(ctx context.Context, url string) (etag, lastModified string, stored bool, err error) {
	rdb, _, release, err := ix.reader()
	if err != nil {
		return "", "", false, err
	}
	defer release()
	var outcome string
	err = rdb.QueryRowContext(ctx, `SELECT etag, last_modified, outcome FROM fetches WHERE url = ?`, url).Scan(&etag, &lastModified, &outcome)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("validators of %s: %w", url, err)
	}
	stored = outcome == string(OutcomeArticle) || outcome == string(OutcomeDuplicate)
	return etag, lastModified, stored, nil
}

// CrawlResource is a robots.txt, sitemap or feed as a crawl last read it.
type CrawlResource struct {
	URL       string
	Kind      string // robots, sitemap, feed
	ETag      string
	LastMod   string
	Body      []byte // robots.txt only
	FetchedAt time.Time
}

// CrawlResource returns the resource recorded for url; ok is false when
// none is.
func (ix *Index) CrawlResource(ctx context.Context, url string) (r CrawlResource, ok bool, err error) {
	rdb, _, release, err := ix.reader()
	if err != nil {
		return CrawlResource{}, false, err
	}
	defer release()
	r.URL = url
	var at string
	err = rdb.QueryRowContext(ctx, `SELECT kind, etag, last_modified, body, fetched_at FROM crawl_resources WHERE url = ?`, url).
		Scan(&r.Kind, &r.ETag, &r.LastMod, &r.Body, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return CrawlResource{}, false, nil
	}
	if err != nil {
		return CrawlResource{}, false, fmt.Errorf("crawl resource %s: %w", url, err)
	}
	r.FetchedAt, _ = time.Parse(time.RFC3339Nano, at)
	return r, true, nil
}

// PutCrawlResource records r as the latest read of r.URL.
func (ix *Index) PutCrawlResource(ctx context.Context, r CrawlResource) error {
	if r.URL == "" || r.Kind == "" {
		return fmt.Errorf("record crawl resource %q: url and kind are required", r.URL)
	}
	at := r.FetchedAt
	if at.IsZero() {
		at = ix.now()
	}
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if err := ix.writable(); err != nil {
		return err
	}
	_, err := ix.db.ExecContext(ctx, `INSERT INTO crawl_resources (url, kind, etag, last_modified, body, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, etag = excluded.etag, last_modified = excluded.last_modified,
	body = excluded.body, fetched_at = excluded.fetched_at`,
		r.URL, r.Kind, r.ETag, r.LastMod, r.Body, at.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("record crawl resource %s: %w", r.URL, err)
	}
	return nil
}

// AddArticleURL records url as one more URL of the article stored under
// known (any URL it was seen under). It reports false when no stored
// article has known.
func (ix *Index) AddArticleURL(ctx context.Context, known, url string) (bool, error) {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if err := ix.writable(); err != nil {
		return false, err
	}
	res, err := ix.db.ExecContext(ctx, `INSERT INTO article_urls (article_id, url, first_seen)
SELECT article_id, ?, ? FROM article_urls WHERE url = ? LIMIT 1 ON CONFLICT DO NOTHING`, url, ix.timestamp(), known)
	if err != nil {
		return false, fmt.Errorf("add url %s to the article of %s: %w", url, known, err)
	}
	n, _ := res.RowsAffected()
	if n > 0 {
		return true, nil
	}
	var one int
	err = ix.db.QueryRowContext(ctx, `SELECT 1 FROM article_urls WHERE url = ? LIMIT 1`, known).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("add url %s to the article of %s: %w", url, known, err)
	}
	return true, nil
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}
