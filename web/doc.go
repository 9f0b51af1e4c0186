// Package web serves coopwatch to people: the researchers' search pages and
// JSON API, and (later) the editors' review pages. Handlers speak to the
// store through the small interfaces this package declares (Searcher), so
// tests use fakes and cmd fills them with the real index.
//
// web renders with html/template (every extracted string is escaped) and
// embeds its templates and assets with go:embed; it never prints, and it
// maps errors to HTTP statuses in one place, writeError.
//
// Usage:
//
//	srv := web.NewServer(web.Config{Searcher: ix, Log: log})
//	hs := &http.Server{Addr: addr, Handler: srv, ReadHeaderTimeout: 5 * time.Second}
package web
