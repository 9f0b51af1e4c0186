package index

// schemaCrawl is migration step 3: resumable crawls. A crawl is identified
// by a key the caller derives from what it crawls (seeds, hosts, patterns);
// its frontier holds every URL it discovered with its state, so a crawl
// killed at any moment continues where it stopped. Body fingerprints find
// the same page under two URLs across crawls, and fetches gain the
// validators (ETag, Last-Modified) that make a re-crawl conditional.
const schemaCrawl = `
CREATE TABLE crawls (
	id          INTEGER PRIMARY KEY,
	key         TEXT NOT NULL,             -- same key, same crawl: an unfinished one is resumed
	started_at  TEXT NOT NULL,             -- RFC 3339, UTC
	updated_at  TEXT NOT NULL,
	finished_at TEXT,                      -- NULL while the frontier still holds work
	runs        INTEGER NOT NULL DEFAULT 1,-- processes that worked on it (1 + resumes)
	stats       TEXT NOT NULL DEFAULT '{}' -- JSON: counts per outcome, summed over runs
) STRICT;
CREATE INDEX crawls_key ON crawls(key, finished_at);

CREATE TABLE crawl_frontier (
	crawl_id        INTEGER NOT NULL REFERENCES crawls(id) ON DELETE CASCADE,
	url             TEXT NOT NULL,         -- canonical
	kind            TEXT NOT NULL,         -- page | sitemap | feed
	depth           INTEGER NOT NULL,
	discovered_from TEXT NOT NULL DEFAULT '',
	priority        INTEGER NOT NULL,      -- lower first; then in order of discovery (rowid)
	optional        INTEGER NOT NULL DEFAULT 0,
	state           TEXT NOT NULL CHECK (state IN ('queued', 'leased', 'done', 'failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_try        INTEGER NOT NULL DEFAULT 0, -- Unix nanoseconds; queued entries wait for it
	outcome         TEXT NOT NULL DEFAULT '',
	status          INTEGER NOT NULL DEFAULT 0,
	error           TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (crawl_id, url)
) STRICT;
CREATE INDEX crawl_frontier_queue ON crawl_frontier(crawl_id, state, priority);

CREATE TABLE crawl_fingerprints (
	hash       TEXT PRIMARY KEY,           -- SHA-256 of the decoded body, hex
	url        TEXT NOT NULL,              -- the URL it was first fetched from
	first_seen TEXT NOT NULL
) STRICT;

ALTER TABLE fetches ADD COLUMN etag TEXT NOT NULL DEFAULT '';
ALTER TABLE fetches ADD COLUMN last_modified TEXT NOT NULL DEFAULT '';
`

// schemaCrawlResources is migration step 4: the robots.txt files, sitemaps
// and feeds a crawl read, with their validators, so that a re-crawl asks
// for them conditionally; robots.txt keeps its body, because a 304 answer
// confirms rules the crawler must still apply.
const schemaCrawlResources = `
CREATE TABLE crawl_resources (
	url           TEXT PRIMARY KEY,        -- canonical URL of the robots.txt, sitemap or feed
	kind          TEXT NOT NULL,           -- robots | sitemap | feed
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	body          BLOB,                    -- robots.txt only: the rules a 304 confirms
	fetched_at    TEXT NOT NULL            -- RFC 3339, UTC: the last 200 answer
) STRICT;
`
