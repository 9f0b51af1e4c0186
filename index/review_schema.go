package index

// schemaReviews is migration step 2: editors' accounts, sessions, API
// tokens and the audit history of their decisions.
//
// review_history has no foreign keys on purpose: the audit trail keeps its
// rows when an event is split, merged or deleted with its article, and
// when an account is removed. Secrets (session and API tokens) are stored
// only as SHA-256 hashes, passwords only as bcrypt hashes.
//
// events.origin tells events the extractor found from events an editor
// added; an editor's event is never marked stale by a re-extraction that
// does not find it (the extractor never found it).
const schemaReviews = `
CREATE TABLE users (
	name          TEXT PRIMARY KEY,
	password_hash TEXT NOT NULL,          -- bcrypt
	created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,          -- hex SHA-256 of the cookie value
	user_name  TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,             -- the CSRF token of the session's forms
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_name);

CREATE TABLE api_tokens (
	token_hash TEXT PRIMARY KEY,          -- hex SHA-256 of the token
	user_name  TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	last_used  TEXT
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens(user_name);

CREATE TABLE review_history (
	id         INTEGER PRIMARY KEY,
	event_id   TEXT NOT NULL,
	article_id TEXT NOT NULL,
	user_name  TEXT NOT NULL,
	at         TEXT NOT NULL,             -- RFC 3339, UTC
	action     TEXT NOT NULL,             -- confirm, reject, correct, add, split, merge
	field      TEXT NOT NULL DEFAULT '',  -- status, type, date, partners, people, instrument, topics, evidence
	before     TEXT,                      -- JSON of the field's value before; NULL for a new event
	after      TEXT,                      -- JSON of the field's value after
	reason     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX review_history_event ON review_history(event_id, id);
CREATE INDEX review_history_article ON review_history(article_id, id);

ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'extractor' CHECK (origin IN ('extractor', 'editor'));
`
