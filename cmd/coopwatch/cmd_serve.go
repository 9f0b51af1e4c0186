package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
	"github.com/coopwatch/coopwatch/web"
	"github.com/rs/zerolog"
)

func runServe(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "serve", "[--data DIR] [--addr HOST:PORT] [--trust-proxy]", `
Serve the search UI and the JSON API on the data in DIR until interrupted.
The researchers' side is read-only and needs no login. Editors log in at
/login with an account made by "coopwatch user add NAME", or call the API
with a token from "coopwatch token create NAME".

Behind a reverse proxy that terminates TLS, pass --trust-proxy so that the
session cookie is marked Secure and the login rate limit sees the client's
address (X-Forwarded-Proto, X-Forwarded-For); never pass it when clients
reach coopwatch directly.`)
	data := fs.String("data", defaultDataDir(), "data `DIR` holding the store and the index")
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	trust := fs.Bool("trust-proxy", false, "believe X-Forwarded-Proto and X-Forwarded-For (only behind a reverse proxy that sets them)")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	ix, err := index.Open(ctx, *data, index.Options{Log: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	return serveWith(ctx, *addr, ix, log, e.stdout, serveOptions{trustProxy: *trust})
}

// serveOptions are the settings of serve beyond the address and the data.
type serveOptions struct {
	trustProxy bool
}

// serve listens on addr, prints "serving http://HOST:PORT" once it
// accepts connections, and shuts down gracefully when ctx is cancelled,
// returning nil.
func serve(ctx context.Context, addr string, ix *index.Index, log zerolog.Logger, stdout io.Writer) error {
	return serveWith(ctx, addr, ix, log, stdout, serveOptions{})
}

// serveWith is serve with options: the researchers' pages and API, and the
// editors' login, review pages and API, on ix.
func serveWith(ctx context.Context, addr string, ix *index.Index, log zerolog.Logger, stdout io.Writer, opts serveOptions) error {
	x, err := extract.New()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another coopwatch running? choose another port with --addr)", addr, err)
	}
	hs := &http.Server{
		// GET /metrics (metrics.go) beside the UI and the API.
		Handler: withMetrics(web.NewServer(web.Config{
			Searcher: ix, Explorer: ix, Accounts: ix, Reviewer: ix, Places: x.Gazetteer(),
			TrustProxy: opts.trustProxy, Log: log,
		}), ix),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	// Read what searches keep in memory now rather than on the first
	// researcher's search (about half a second at 200,000 articles).
	warmed := make(chan struct{})
	go func() {
		defer close(warmed)
		if err := ix.Warm(ctx); err != nil && ctx.Err() == nil {
			log.Warn().Err(err).Msg("could not prepare the search index; the first search will")
		}
	}()
	defer func() { <-warmed }()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "serving http://%s\n", ln.Addr())
	log.Info().Str("addr", ln.Addr().String()).Msg("serving")
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down server: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info().Msg("server stopped")
	// A signal is how a server is meant to stop: after a graceful
	// shutdown that is success (exit 0), not an interrupted command, so
	// that service managers do not record a failure.
	return nil
}
