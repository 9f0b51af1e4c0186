// Package web serves coopwatch to people: the researchers' search, article,
// partner and network pages with their JSON API and exports, and the
// editors' login, review queue and review actions (HTML forms and a JSON
// API for scripts with Bearer tokens). Handlers speak to the store through
// the small interfaces this package declares (Searcher, Explorer,
// Accounts, Reviewer), so tests can use fakes and cmd fills them with the
// real index.
//
// web renders with html/template (every extracted string is escaped),
// embeds its templates and assets with go:embed and serves no external
// script, font or style; it never prints, and it maps errors to HTTP
// statuses in one place, writeError. Editor endpoints answer 401 without a
// session or token and 403 for a state-changing request without the
// session's CSRF token; failed logins are rate-limited per address and per
// account name by state held in the Server.
//
// Usage:
//
//	srv := web.NewServer(web.Config{Searcher: ix, Explorer: ix, Accounts: ix, Reviewer: ix, Log: log})
//	hs := &http.Server{Addr: addr, Handler: srv, ReadHeaderTimeout: 5 * time.Second}
package web
