package web

import (
	"cmp"
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"time"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/extract/gazetteer"
	"github.com/coopwatch/coopwatch/index"
	"github.com/rs/zerolog"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Searcher is what the researchers' pages need of the store.
type Searcher interface {
	Search(ctx context.Context, q index.Query) (index.Result, error)
	Article(ctx context.Context, id extract.ArticleID) (extract.Article, error)
}

// Explorer is what the partner pages, the network view and the exports
// need of the store.
type Explorer interface {
	Partner(ctx context.Context, key string) (index.PartnerPage, error)
	Network(ctx context.Context, q index.Query, maxNodes int) (index.Network, error)
	Export(ctx context.Context, q index.Query, format string, w io.Writer) error
	ArticleHistory(ctx context.Context, id extract.ArticleID) ([]index.Change, error)
	History(ctx context.Context, id extract.EventID) ([]index.Change, error)
}

// Accounts is what logging editors in needs of the store.
type Accounts interface {
	Authenticate(ctx context.Context, name, password string) error
	NewSession(ctx context.Context, user string, ttl time.Duration) (index.Session, error)
	Session(ctx context.Context, token string) (index.Session, error)
	EndSession(ctx context.Context, token string) error
	TokenUser(ctx context.Context, token string) (string, error)
}

// Reviewer is what the editors' review needs of the store.
type Reviewer interface {
	Queue(ctx context.Context, q index.QueueQuery) (index.QueueResult, error)
	Confirm(ctx context.Context, user string, id extract.EventID, reason string) error
	Reject(ctx context.Context, user string, id extract.EventID, reason string) error
	Correct(ctx context.Context, user string, id extract.EventID, fix extract.Event, reason string) error
	AddEvent(ctx context.Context, user string, article extract.ArticleID, ev extract.Event, reason string) (extract.EventID, error)
	Split(ctx context.Context, user string, id extract.EventID, moved []string, reason string) (extract.EventID, error)
	Merge(ctx context.Context, user string, into extract.EventID, others []extract.EventID, reason string) error
	AllHistory(ctx context.Context) ([]index.Change, error)
	SuggestPartners(ctx context.Context, prefix string, limit int) ([]extract.Partner, error)
}

// Places completes names of places and bodies from the reference data,
// for the editors' autocomplete; *gazetteer.Gazetteer implements it.
type Places interface {
	Complete(prefix string, n int) []gazetteer.Completion
}

// Config configures a Server. Searcher is required; without Explorer the
// partner pages, network and export answer 404; without Accounts and
// Reviewer the editors' side does.
type Config struct {
	Searcher Searcher
	Explorer Explorer
	Accounts Accounts
	Reviewer Reviewer
	Places   Places // optional: autocomplete from the gazetteer besides the stored partners

	// TrustProxy makes the server believe X-Forwarded-Proto and
	// X-Forwarded-For, as it must behind a reverse proxy that sets them
	// (and only then: a client could set them too).
	TrustProxy bool
	// SessionTTL is how long a login lasts; 0 means 12 hours.
	SessionTTL time.Duration
	// Login rate limits: failed logins allowed per client IP and per
	// account name within LoginWindow; 0 means 20, 5 and 15 minutes.
	LoginFailuresPerIP, LoginFailuresPerUser int
	LoginWindow                              time.Duration

	Log zerolog.Logger // defaults to no logging when left zero
	// MaxBodyBytes bounds request bodies; 0 means 1 MiB.
	MaxBodyBytes int64
	// Now is the clock of the rate limiter; nil means time.Now.
	Now func() time.Time
}

// Server is the HTTP handler of coopwatch. It is safe for concurrent use.
type Server struct {
	search     Searcher
	explore    Explorer
	accounts   Accounts
	review     Reviewer
	places     Places
	trustProxy bool
	sessionTTL time.Duration
	log        zerolog.Logger
	maxBody    int64
	tmpl       *template.Template
	mux        *http.ServeMux
	ipLimit    *limiter // failed logins per client IP
	userLimit  *limiter // failed logins per account name
}

// NewServer returns a Server for cfg. It panics only if the embedded
// templates do not parse, which the package's tests rule out.
func NewServer(cfg Config) *Server {
	s := &Server{search: cfg.Searcher, explore: cfg.Explorer, accounts: cfg.Accounts, review: cfg.Reviewer,
		places: cfg.Places, trustProxy: cfg.TrustProxy, sessionTTL: cfg.SessionTTL, log: cfg.Log, maxBody: cfg.MaxBodyBytes}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	if s.sessionTTL <= 0 {
		s.sessionTTL = 12 * time.Hour
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	window := cmp.Or(cfg.LoginWindow, 15*time.Minute)
	s.ipLimit = newLimiter(cmp.Or(cfg.LoginFailuresPerIP, 20), window, now)
	s.userLimit = newLimiter(cmp.Or(cfg.LoginFailuresPerUser, 5), window, now)
	s.tmpl = template.Must(template.New("").Funcs(funcs).ParseFS(assets, "templates/*.html"))
	static, _ := fs.Sub(assets, "static")

	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/search", s.apiSearch)
	mux.HandleFunc("GET /api/articles/{id}", s.apiArticle)
	mux.HandleFunc("GET /{$}", s.pageSearch)
	mux.HandleFunc("GET /articles/{id}", s.pageArticle)
	if s.explore != nil {
		mux.HandleFunc("GET /partner/{key...}", s.pagePartner)
		mux.HandleFunc("GET /api/partners/{key...}", s.apiPartner)
		mux.HandleFunc("GET /network", s.pageNetwork)
		mux.HandleFunc("GET /api/network", s.apiNetwork)
		mux.HandleFunc("GET /api/export", s.apiExport)
		mux.HandleFunc("GET /api/events/{id}/history", s.apiHistory)
	}
	if s.accounts != nil && s.review != nil {
		s.editorRoutes(mux)
	}
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	s.mux = mux
	return s
}

// ServeHTTP adds a request ID and a request-scoped logger, bounds the body,
// sets security headers, and dispatches.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := requestID()
	l := s.log.With().Str("req_id", id).Logger()
	r = r.WithContext(l.WithContext(r.Context()))
	r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(sw, r)
	l.Debug().Str("method", r.Method).Str("url", r.URL.RequestURI()).Int("status", sw.status).Dur("took", time.Since(start)).Msg("request")
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func requestID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// Error codes of user-facing errors.
const (
	EInvalid      = "invalid"
	ENotFound     = "not_found"
	EUnauthorized = "unauthorized" // no valid session or token: 401
	EForbidden    = "forbidden"    // a missing or wrong CSRF token: 403
	ETooMany      = "too_many"     // rate-limited: 429
	EInternal     = "internal"
)

// Error is an error whose message may be shown to the user.
type Error struct {
	Code    string
	Message string
	// RetryAfter, for ETooMany, is how long the client should wait.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Message }

func invalidf(format string, args ...any) error {
	return &Error{Code: EInvalid, Message: fmt.Sprintf(format, args...)}
}

// errorStatus maps an error to its HTTP status and the message the user may see.
func errorStatus(err error) (int, string) {
	var we *Error
	var qe *index.QueryError
	var ie *index.InvalidError
	switch {
	case errors.As(err, &qe):
		return http.StatusBadRequest, qe.Error()
	case errors.As(err, &ie):
		return http.StatusBadRequest, ie.Error()
	case errors.As(err, &we):
		switch we.Code {
		case EInvalid:
			return http.StatusBadRequest, we.Message
		case ENotFound:
			return http.StatusNotFound, we.Message
		case EUnauthorized:
			return http.StatusUnauthorized, we.Message
		case EForbidden:
			return http.StatusForbidden, we.Message
		case ETooMany:
			return http.StatusTooManyRequests, we.Message
		}
	case errors.Is(err, index.ErrNotFound):
		return http.StatusNotFound, "not found"
	case errors.Is(err, index.ErrUnauthorized):
		return http.StatusUnauthorized, "login required: wrong or expired session, token, name or password"
	case errors.Is(err, index.ErrExists):
		return http.StatusConflict, "exists already"
	case errors.As(err, new(*http.MaxBytesError)):
		return http.StatusRequestEntityTooLarge, "request body too large"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "request cancelled or timed out"
	}
	return http.StatusInternalServerError, "internal error"
}
