package index

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema steps in order; migrations[i] brings the
// database from user_version i to i+1. Each runs in one transaction with the
// version bump, so a crash leaves the database at a whole step. Never edit a
// released step: append a new one.
var migrations = []string{
	// 1: articles, their URLs, their events, and the crawl state.
	`
CREATE TABLE articles (
	id          TEXT PRIMARY KEY,          -- extract.ArticleID: hash of the canonical URL
	url         TEXT NOT NULL,             -- canonical URL
	site        TEXT NOT NULL,
	title       TEXT NOT NULL,
	kicker      TEXT NOT NULL DEFAULT '',
	published   TEXT,                      -- YYYY, YYYY-MM or YYYY-MM-DD; NULL when unknown
	text        TEXT NOT NULL,
	json        TEXT NOT NULL,             -- the article as last extracted (the API JSON)
	cooperation INTEGER NOT NULL,          -- 0 or 1, as last extracted
	fetched_at  TEXT,                      -- RFC 3339, UTC
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	indexed     INTEGER NOT NULL DEFAULT 0 -- 1 when the Bleve index holds this version
) STRICT;
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_unindexed ON articles(id) WHERE indexed = 0;

CREATE TABLE article_urls (
	article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	url        TEXT NOT NULL,              -- every URL the article was seen under, the canonical one included
	first_seen TEXT NOT NULL,
	PRIMARY KEY (article_id, url)
) STRICT;
CREATE INDEX article_urls_url ON article_urls(url);

-- events: json is the event as it stands (the reviewed version once an
-- editor has decided); extracted_json is what the extractor said last.
-- Re-extraction replaces pending events and never touches the json or
-- status of a reviewed one: it sets disagrees when the extractor now says
-- something else, and stale when it no longer finds the event at all.
CREATE TABLE events (
	id             TEXT PRIMARY KEY,       -- extract.EventID
	article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	pos            INTEGER NOT NULL,       -- order within the article
	type           TEXT NOT NULL,
	date           TEXT,                   -- YYYY, YYYY-MM or YYYY-MM-DD; NULL when unknown
	status         TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'corrected', 'rejected')),
	confidence     REAL NOT NULL,
	json           TEXT NOT NULL,
	extracted_json TEXT NOT NULL,
	disagrees      INTEGER NOT NULL DEFAULT 0,
	stale          INTEGER NOT NULL DEFAULT 0,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	reviewed_at    TEXT                    -- when the status last left or returned to pending by an editor
) STRICT;
CREATE INDEX events_article ON events(article_id, pos);
CREATE INDEX events_review ON events(status, confidence);

-- fetches: the crawl state, one row per fetched URL (its latest fetch).
CREATE TABLE fetches (
	url          TEXT PRIMARY KEY,
	canonical    TEXT NOT NULL DEFAULT '',
	status       INTEGER NOT NULL,         -- HTTP status; 0 when no response
	outcome      TEXT NOT NULL,
	fetched_at   TEXT NOT NULL,
	content_hash TEXT NOT NULL DEFAULT '',
	error        TEXT NOT NULL DEFAULT '',
	attempts     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX fetches_outcome ON fetches(outcome);

-- meta: small settings of the store, e.g. the version of the Bleve mapping
-- the search index was last built with.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
`,
	// 2: editors' accounts, sessions, tokens and the review history
	// (review_schema.go).
	schemaReviews,
	// 3: the crawl frontier and per-URL validators for resumable,
	// conditional re-crawls (crawl_schema.go).
	schemaCrawl,
	// 4: validators of robots.txt files, sitemaps and feeds, and the
	// robots.txt bodies, for conditional re-crawls (crawl_schema.go).
	schemaCrawlResources,
}

// SchemaVersion is the database schema version this package writes (SQLite
// PRAGMA user_version). Open migrates older databases to it and refuses
// newer ones.
const SchemaVersion = 4

// migrate brings db to SchemaVersion, one step per transaction.
func migrate(ctx context.Context, db *sql.DB) error {
	if len(migrations) != SchemaVersion {
		return fmt.Errorf("migrate: %d steps for schema version %d", len(migrations), SchemaVersion)
	}
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > SchemaVersion {
		return fmt.Errorf("schema version %d is newer than this program's %d: upgrade coopwatch", v, SchemaVersion)
	}
	for ; v < SchemaVersion; v++ {
		if err := migrateStep(ctx, db, v); err != nil {
			return err
		}
	}
	return nil
}

func migrateStep(ctx context.Context, db *sql.DB, from int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate to schema version %d: %w", from+1, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, migrations[from]); err != nil {
		return fmt.Errorf("migrate to schema version %d: %w", from+1, err)
	}
	// PRAGMA takes no bound parameters; from+1 is an int we control.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", from+1)); err != nil {
		return fmt.Errorf("migrate to schema version %d: %w", from+1, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate to schema version %d: %w", from+1, err)
	}
	return nil
}
