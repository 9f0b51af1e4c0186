package index

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/coopwatch/coopwatch/extract"
)

// ErrNotSearchable is wrapped by the error of an Ingest whose batch was
// stored but could not be written to the search index: nothing is lost,
// Open indexes the articles next time.
var ErrNotSearchable = errors.New("stored, but not yet searchable")

// ArticleURL is one more URL of a stored article: a page whose body is the
// same as that of a page stored before.
type ArticleURL struct {
	Known string // any URL the article is stored under
	URL   string // the new one
}

// IngestBatch is what a crawl stores of a group of pages at once (see
// Ingest).
type IngestBatch struct {
	// Articles are upserted as by PutArticles.
	Articles []extract.Article
	// URLs are added to stored articles as by AddArticleURL, after
	// Articles, so a page and its duplicate may come in one batch. A URL
	// whose Known article is not stored is skipped.
	URLs []ArticleURL
	// Fetches are recorded as by RecordFetch, after Articles: a
	// validator is never stored without its article.
	Fetches []Fetch
	// Frontier are entries of the crawl in their new state, stored as by
	// Crawl.Update (typically: done, once the page is stored). Only
	// Crawl.Ingest takes them.
	Frontier []FrontierEntry
}

// Ingest stores b in one SQLite transaction, then indexes its articles in
// Bleve, so that a batch of crawled pages costs one commit instead of
// several per page, and the search index gets one batch instead of one
// segment per page. It validates everything first and writes nothing
// when something is invalid. When the transaction committed but the
// search index failed, the error wraps ErrNotSearchable.
func (ix *Index) Ingest(ctx context.Context, b IngestBatch) error {
	if len(b.Frontier) > 0 {
		return errors.New("ingest: frontier entries need the crawl: use Crawl.Ingest")
	}
	return ix.ingest(ctx, nil, b)
}

// Ingest is Index.Ingest that also stores b.Frontier, the new states of
// entries of c, in the same transaction: once a page's entry is done, its
// article and fetch are stored, and the other way round. It writes the
// fingerprints recorded since the crawl's last write too.
func (c *Crawl) Ingest(ctx context.Context, b IngestBatch) error {
	return c.ix.ingest(ctx, c, b)
}

func (ix *Index) ingest(ctx context.Context, c *Crawl, b IngestBatch) error {
	arts, err := prepareArticles(b.Articles)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	for _, f := range b.Fetches {
		if f.URL == "" || f.Outcome == "" {
			return fmt.Errorf("ingest: fetch %q: url and outcome are required", f.URL)
		}
	}
	ended := make([]string, len(b.Frontier))
	queued := false
	for i, e := range b.Frontier {
		ended[i] = e.URL
		queued = queued || e.State == "queued" || e.State == ""
	}

	return ix.withArticleWriter(ctx, "ingest", func(tx *sql.Tx, w *articleWriter) error {
		for _, a := range arts {
			if err := w.put(a); err != nil {
				return fmt.Errorf("ingest: article %s: %w", a.URL, err)
			}
		}
		for _, u := range b.URLs {
			if _, err := w.exec(`INSERT INTO article_urls (article_id, url, first_seen)
SELECT article_id, ?, ? FROM article_urls WHERE url = ? LIMIT 1 ON CONFLICT DO NOTHING`, u.URL, w.now, u.Known); err != nil {
				return fmt.Errorf("ingest: add url %s to the article of %s: %w", u.URL, u.Known, err)
			}
		}
		for _, f := range b.Fetches {
			at := f.FetchedAt
			if at.IsZero() {
				at = ix.now()
			}
			if _, err := w.exec(sqlRecordFetch, f.URL, f.Canonical, f.Status, string(f.Outcome), at.UTC().Format(time.RFC3339Nano),
				f.Hash, f.Error, f.ETag, f.LastMod); err != nil {
				return fmt.Errorf("ingest: record fetch of %s: %w", f.URL, err)
			}
		}
		var prints map[string]string
		if c != nil {
			var err error
			if prints, err = c.writePrints(ctx, tx); err != nil {
				return fmt.Errorf("ingest: %w", err)
			}
			for _, e := range b.Frontier {
				if _, err := w.exec(sqlUpdateEntry, e.State, e.Attempts, unixNano(e.NextTry), e.Outcome, e.Status, e.Error, c.ID, e.URL); err != nil {
					return fmt.Errorf("ingest: update frontier entry %s: %w", e.URL, err)
				}
			}
		}
		docs, err := w.searchable()
		if err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
		if err := ix.commitCrawl(tx, c, prints, ended, queued); err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
		if len(docs) == 0 {
			return nil
		}
		if err := ix.indexArticles(ctx, ix.bl, docs); err != nil {
			return fmt.Errorf("ingest %d articles: %w: %w", len(docs), ErrNotSearchable, err)
		}
		return ix.markIndexed(ctx, w.ids)
	})
}

// commitCrawl commits tx; with a crawl, under its mu, releasing the leases
// of ended and forgetting the fingerprints written (Crawl.committed).
func (ix *Index) commitCrawl(tx *sql.Tx, c *Crawl, prints map[string]string, ended []string, queued bool) error {
	if c == nil {
		return tx.Commit()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := tx.Commit(); err != nil {
		return err
	}
	c.committed(prints, ended, queued)
	return nil
}
