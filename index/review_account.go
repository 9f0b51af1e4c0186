package index

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// ErrExists is returned by AddUser when the account exists already.
var ErrExists = errors.New("exists already")

// ErrUnauthorized is returned when a name and password, a session or an
// API token do not identify an editor: wrong, unknown, expired or revoked.
// It never says which, so that it tells an attacker nothing.
var ErrUnauthorized = errors.New("not authorized")

// Account limits.
const (
	MinPasswordLen = 10 // characters
	maxPasswordLen = 72 // bytes: bcrypt ignores the rest
	bcryptCost     = 11 // ~100 ms per check on a laptop: slow enough against guessing
	tokenBytes     = 32 // entropy of session and API tokens
	tokenPrefix    = "cw_"
)

// userNameRE is what an account name may be: a login, not a display name.
var userNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// dummyHash is compared against when a user does not exist, so that a
// login takes as long for an unknown name as for a wrong password.
var dummyHash = []byte("$2a$11$.McqdjykQcgs3ZWXVy70SejbjjAwzptpGMpR9Ldgj6Bloq.f6HZFa")

// User is an editor's account.
type User struct {
	Name      string
	CreatedAt time.Time
	Tokens    int // API tokens
	Sessions  int // open sessions
}

// Session is a login of an editor in a browser.
type Session struct {
	Token   string // the cookie value; only NewSession returns it, Session leaves it empty
	User    string
	CSRF    string // the token every state-changing form of the session carries
	Expires time.Time
}

// ValidateUserName says what is wrong with an account name, or nil.
func ValidateUserName(name string) error {
	if !userNameRE.MatchString(name) {
		return &InvalidError{Field: "name", Value: name, Msg: "want 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"}
	}
	return nil
}

// ValidatePassword says what is wrong with a password, or nil.
func ValidatePassword(pw string) error {
	switch {
	case len([]rune(pw)) < MinPasswordLen:
		return &InvalidError{Field: "password", Msg: fmt.Sprintf("too short: want at least %d characters", MinPasswordLen)}
	case len(pw) > maxPasswordLen:
		return &InvalidError{Field: "password", Msg: fmt.Sprintf("too long: want at most %d bytes", maxPasswordLen)}
	}
	return nil
}

// AddUser creates the editor account name with a bcrypt hash of password.
// It returns an *InvalidError for a bad name or password and an error
// wrapping ErrExists when the name is taken.
func (ix *Index) AddUser(ctx context.Context, name, password string) error {
	if err := ValidateUserName(name); err != nil {
		return err
	}
	if err := ValidatePassword(password); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return fmt.Errorf("add user %s: %w", name, err)
	}
	return ix.write(ctx, "add user "+name, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users (name, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			name, string(hash), ix.timestamp())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrExists
		}
		return nil
	})
}

// RemoveUser deletes the account name with its sessions and API tokens;
// its review history stays. It returns an error wrapping ErrNotFound when
// there is no such account.
func (ix *Index) RemoveUser(ctx context.Context, name string) error {
	return ix.write(ctx, "remove user "+name, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE name = ?`, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// Users returns the accounts ordered by name.
func (ix *Index) Users(ctx context.Context) ([]User, error) {
	rdb, _, release, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer release()
	var out []User
	now := ix.timestamp()
	err = eachRow(ctx, rdb, `SELECT u.name, u.created_at,
	(SELECT count(*) FROM api_tokens t WHERE t.user_name = u.name),
	(SELECT count(*) FROM sessions s WHERE s.user_name = u.name AND s.expires_at > ?)
FROM users u ORDER BY u.name`, []any{now}, func(rows *sql.Rows) error {
		var u User
		var created string
		if err := rows.Scan(&u.Name, &created, &u.Tokens, &u.Sessions); err != nil {
			return err
		}
		u.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, u)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// Authenticate checks name and password. It returns an error wrapping
// ErrUnauthorized when they do not match an account, taking about as long
// for an unknown name as for a wrong password.
func (ix *Index) Authenticate(ctx context.Context, name, password string) error {
	rdb, _, release, err := ix.reader()
	if err != nil {
		return err
	}
	var hash []byte
	err = rdb.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE name = ?`, name).Scan(&hash)
	release()
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return fmt.Errorf("log in %s: %w", name, ErrUnauthorized)
	case err != nil:
		return fmt.Errorf("log in %s: %w", name, err)
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil {
		return fmt.Errorf("log in %s: %w", name, ErrUnauthorized)
	}
	return nil
}

// NewSession opens a session of user that lasts ttl and returns it with
// its token; only a hash of the token is stored.
func (ix *Index) NewSession(ctx context.Context, user string, ttl time.Duration) (Session, error) {
	s := Session{Token: newToken(), CSRF: newToken(), User: user, Expires: ix.now().Add(ttl).UTC()}
	err := ix.write(ctx, "open session of "+user, func(tx *sql.Tx) error {
		// Expired sessions of everyone go now: the table stays small.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, ix.timestamp()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_name, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			hashToken(s.Token), user, s.CSRF, ix.timestamp(), s.Expires.Format(time.RFC3339Nano))
		return err
	})
	if err != nil {
		return Session{}, err
	}
	return s, nil
}

// Session returns the open session whose token is token, without the
// token. It returns an error wrapping ErrUnauthorized when there is none or
// it expired.
func (ix *Index) Session(ctx context.Context, token string) (Session, error) {
	rdb, _, release, err := ix.reader()
	if err != nil {
		return Session{}, err
	}
	defer release()
	var s Session
	var exp string
	err = rdb.QueryRowContext(ctx, `SELECT user_name, csrf, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?`,
		hashToken(token), ix.timestamp()).Scan(&s.User, &s.CSRF, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("session: %w", ErrUnauthorized)
	}
	if err != nil {
		return Session{}, fmt.Errorf("session: %w", err)
	}
	s.Expires, _ = time.Parse(time.RFC3339Nano, exp)
	return s, nil
}

// EndSession closes the session whose token is token; closing a session
// that does not exist is not an error.
func (ix *Index) EndSession(ctx context.Context, token string) error {
	return ix.write(ctx, "close session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token))
		return err
	})
}

// NewToken creates an API token for user and returns it. The token is
// shown only now: the store keeps its hash. It returns an error wrapping
// ErrNotFound when there is no such account.
func (ix *Index) NewToken(ctx context.Context, user string) (string, error) {
	tok := tokenPrefix + newToken()
	err := ix.write(ctx, "create token for "+user, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name = ?`, user).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (token_hash, user_name, created_at) VALUES (?, ?, ?)`,
			hashToken(tok), user, ix.timestamp())
		return err
	})
	if err != nil {
		return "", err
	}
	return tok, nil
}

// TokenUser returns the account an API token belongs to. It returns an
// error wrapping ErrUnauthorized for an unknown or revoked token.
func (ix *Index) TokenUser(ctx context.Context, token string) (string, error) {
	rdb, _, release, err := ix.reader()
	if err != nil {
		return "", err
	}
	defer release()
	var user string
	err = rdb.QueryRowContext(ctx, `SELECT user_name FROM api_tokens WHERE token_hash = ?`, hashToken(token)).Scan(&user)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("api token: %w", ErrUnauthorized)
	}
	if err != nil {
		return "", fmt.Errorf("api token: %w", err)
	}
	return user, nil
}

// newToken returns 32 random bytes, base64url-encoded.
func newToken() string {
	var b [tokenBytes]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// SameToken compares two secrets in constant time.
func SameToken(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// write runs fn in one write transaction and commits it: when write
// returns nil the change is durable (synchronous=FULL). op names the
// operation in errors.
func (ix *Index) write(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
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
	if err := fn(tx); err != nil {
		var ie *InvalidError
		if errors.As(err, &ie) {
			return err
		}
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// InvalidError reports input an editor gave that the store cannot take:
// a bad account name, a reject without a reason, an invalid correction.
// Its message says what is wrong and what is accepted, and may be shown to
// the user as it is.
type InvalidError struct {
	Field string // the input that is wrong: "name", "password", "reason", "partners[0]" ...
	Value string // the offending value, when it may be shown
	Msg   string
	Err   error // the underlying validation error, if any
}

func (e *InvalidError) Error() string {
	if e.Value != "" {
		return fmt.Sprintf("invalid %s %q: %s", e.Field, e.Value, e.Msg)
	}
	return fmt.Sprintf("invalid %s: %s", e.Field, e.Msg)
}

// Unwrap returns the underlying validation error, or nil.
func (e *InvalidError) Unwrap() error { return e.Err }
