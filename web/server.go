package web

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"time"

	"github.com/coopwatch/coopwatch/extract"
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

// Config configures a Server.
type Config struct {
	Searcher Searcher
	Log      zerolog.Logger // defaults to no logging when left zero
	// MaxBodyBytes bounds request bodies; 0 means 1 MiB.
	MaxBodyBytes int64
}

// Server is the HTTP handler of coopwatch. It is safe for concurrent use.
type Server struct {
	search  Searcher
	log     zerolog.Logger
	maxBody int64
	tmpl    *template.Template
	mux     *http.ServeMux
}

// NewServer returns a Server for cfg. It panics only if the embedded
// templates do not parse, which the package's tests rule out.
func NewServer(cfg Config) *Server {
	s := &Server{search: cfg.Searcher, log: cfg.Log, maxBody: cfg.MaxBodyBytes}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	s.tmpl = template.Must(template.New("").Funcs(funcs).ParseFS(assets, "templates/*.html"))
	static, _ := fs.Sub(assets, "static")

	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/search", s.apiSearch)
	mux.HandleFunc("GET /api/articles/{id}", s.apiArticle)
	mux.HandleFunc("GET /{$}", s.pageSearch)
	mux.HandleFunc("GET /articles/{id}", s.pageArticle)
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
	EInvalid  = "invalid"
	ENotFound = "not_found"
	EInternal = "internal"
)

// Error is an error whose message may be shown to the user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

func invalidf(format string, args ...any) error {
	return &Error{Code: EInvalid, Message: fmt.Sprintf(format, args...)}
}

// errorStatus maps an error to its HTTP status and the message the user may see.
func errorStatus(err error) (int, string) {
	var we *Error
	var qe *index.QueryError
	switch {
	case errors.As(err, &qe):
		return http.StatusBadRequest, qe.Error()
	case errors.As(err, &we) && we.Code == EInvalid:
		return http.StatusBadRequest, we.Message
	case errors.As(err, &we) && we.Code == ENotFound:
		return http.StatusNotFound, we.Message
	case errors.Is(err, index.ErrNotFound):
		return http.StatusNotFound, "not found"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "request cancelled or timed out"
	}
	return http.StatusInternalServerError, "internal error"
}
