package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coopwatch/coopwatch/index"
	"github.com/rs/zerolog"
)

// Cookie names.
const (
	sessionCookie = "cw_session"
	loginCSRF     = "cw_login" // double-submit token of the login form, before there is a session
)

// editor is the editor a request acts for.
type editor struct {
	Name     string
	CSRF     string // the session's CSRF token; "" for API tokens, which need none
	viaToken bool
}

type editorKey struct{}

// editorOf returns the editor the request authenticates as: by a Bearer
// API token, else by the session cookie. ok is false for anonymous
// requests; err is set only when the store failed.
func (s *Server) editorOf(r *http.Request) (ed editor, ok bool, err error) {
	if s.accounts == nil {
		return editor{}, false, nil
	}
	if h := r.Header.Get("Authorization"); h != "" {
		tok, found := strings.CutPrefix(h, "Bearer ")
		if !found {
			return editor{}, false, nil
		}
		user, err := s.accounts.TokenUser(r.Context(), strings.TrimSpace(tok))
		if errors.Is(err, index.ErrUnauthorized) {
			return editor{}, false, nil
		}
		if err != nil {
			return editor{}, false, err
		}
		return editor{Name: user, viaToken: true}, true, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return editor{}, false, nil
	}
	sess, err := s.accounts.Session(r.Context(), c.Value)
	if errors.Is(err, index.ErrUnauthorized) {
		return editor{}, false, nil
	}
	if err != nil {
		return editor{}, false, err
	}
	return editor{Name: sess.User, CSRF: sess.CSRF}, true, nil
}

// editorOnly wraps an editors' handler: 401 without a valid session or
// token, and 403 for a state-changing request of a session without its
// CSRF token (form field "csrf" or header X-CSRF-Token). API tokens need
// no CSRF token: browsers never send them on their own.
func (s *Server) editorOnly(h func(http.ResponseWriter, *http.Request, editor)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ed, ok, err := s.editorOf(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if !ok {
			s.writeError(w, r, &Error{Code: EUnauthorized, Message: "login required: sign in at /login, or send an API token as \"Authorization: Bearer TOKEN\""})
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !ed.viaToken {
			got := r.Header.Get("X-CSRF-Token")
			if got == "" {
				if err := r.ParseForm(); err != nil {
					if mbe := new(http.MaxBytesError); errors.As(err, &mbe) {
						s.writeError(w, r, err)
						return
					}
				}
				got = r.PostFormValue("csrf")
			}
			if got == "" || !index.SameToken(got, ed.CSRF) {
				s.writeError(w, r, &Error{Code: EForbidden, Message: "missing or wrong CSRF token: reload the page and try again"})
				return
			}
		}
		l := zerolog.Ctx(r.Context()).With().Str("editor", ed.Name).Logger()
		ctx := context.WithValue(l.WithContext(r.Context()), editorKey{}, ed)
		h(w, r.WithContext(ctx), ed)
	}
}

// secure reports whether the client reached us over TLS, directly or
// through a proxy we were told to trust.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || (s.trustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

// clientIP is the client's address: the proxy's view of it behind a
// trusted proxy (the last X-Forwarded-For entry, the one the proxy added),
// else the peer address.
func (s *Server) clientIP(r *http.Request) string {
	if s.trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// localPath returns next when it is a path on this site, else "/review":
// a login must not redirect anywhere else (open redirect).
func localPath(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) {
		return "/review"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/review"
	}
	return next
}

func (s *Server) pageLogin(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, http.StatusOK, r.URL.Query().Get("next"), "", "")
}

// renderLogin shows the login form with a fresh double-submit CSRF token.
func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, next, name, msg string) {
	tok := randomToken()
	http.SetCookie(w, &http.Cookie{Name: loginCSRF, Value: tok, Path: "/login", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.secure(r), MaxAge: 3600})
	s.render(w, r, status, "login.html", map[string]any{
		"Title": "Anmelden", "LoginCSRF": tok, "Next": localPath(next), "Name": name, "Error": msg,
	})
}

func (s *Server) postLogin(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.writeError(w, r, invalidf("cannot read the login form: %v", err))
		return
	}
	c, err := r.Cookie(loginCSRF)
	if err != nil || c.Value == "" || !index.SameToken(c.Value, r.PostFormValue("csrf")) {
		s.writeError(w, r, &Error{Code: EForbidden, Message: "missing or wrong CSRF token: reload the login page and try again"})
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	next := r.PostFormValue("next")
	ipKey, userKey := "ip "+s.clientIP(r), "user "+name
	if wait := max(s.ipLimit.blocked(ipKey), s.userLimit.blocked(userKey)); wait > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		s.renderLogin(w, r, http.StatusTooManyRequests, next, name,
			fmt.Sprintf("Zu viele fehlgeschlagene Anmeldungen. Bitte in %d Minuten erneut versuchen.", int(wait.Minutes())+1))
		return
	}
	err = s.accounts.Authenticate(r.Context(), name, r.PostFormValue("password"))
	if errors.Is(err, index.ErrUnauthorized) {
		s.ipLimit.fail(ipKey)
		s.userLimit.fail(userKey)
		zerolog.Ctx(r.Context()).Info().Str("user", name).Str("ip", s.clientIP(r)).Msg("login failed")
		s.renderLogin(w, r, http.StatusUnauthorized, next, name, "Name oder Passwort ist falsch.")
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.userLimit.reset(userKey)
	sess, err := s.accounts.NewSession(r.Context(), name, s.sessionTTL)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sess.Token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: int(s.sessionTTL.Seconds())})
	http.SetCookie(w, &http.Cookie{Name: loginCSRF, Value: "", Path: "/login", MaxAge: -1})
	zerolog.Ctx(r.Context()).Info().Str("user", name).Msg("login")
	http.Redirect(w, r, localPath(next), http.StatusSeeOther)
}

func (s *Server) postLogout(w http.ResponseWriter, r *http.Request, ed editor) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.accounts.EndSession(r.Context(), c.Value); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: -1})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// limiter counts failures per key in a sliding window. It lives in the
// Server, so each Server (and each test) has its own. Safe for concurrent
// use.
type limiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu   sync.Mutex
	hits map[string][]time.Time // failures per key within the window, oldest first
}

// maxLimiterKeys bounds the memory of a limiter under a flood of names.
const maxLimiterKeys = 100000

func newLimiter(max int, window time.Duration, now func() time.Time) *limiter {
	return &limiter{max: max, window: window, now: now, hits: map[string][]time.Time{}}
}

// blocked returns how long key must still wait, or 0.
func (l *limiter) blocked(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.recent(key)
	if len(h) < l.max {
		return 0
	}
	return h[len(h)-l.max].Add(l.window).Sub(l.now())
}

func (l *limiter) fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.hits) >= maxLimiterKeys {
		for k := range l.hits {
			if len(l.recent(k)) == 0 {
				delete(l.hits, k)
			}
		}
	}
	l.hits[key] = append(l.recent(key), l.now())
}

func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.hits, key)
}

// recent drops the failures of key older than the window; l.mu is held.
func (l *limiter) recent(key string) []time.Time {
	h := l.hits[key]
	cut := l.now().Add(-l.window)
	i := 0
	for i < len(h) && !h[i].After(cut) {
		i++
	}
	if i == len(h) {
		delete(l.hits, key)
		return nil
	}
	h = h[i:]
	l.hits[key] = h
	return h
}
