package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/coopwatch/coopwatch/extract"
)

// maxInputBytes bounds one input file of extract: real article pages are
// far smaller, so anything bigger is not a page.
const maxInputBytes = 32 << 20

func runExtract(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "extract", "[--url URL] [--fetched-at TIME] FILE...", `
Print the article JSON of each HTML file: one object per line, in input
order, with the fields of DESIGN.md (url, site, title, kicker, published,
authors, keywords, text, cooperation, events, people). "-" reads standard
input. A file that cannot be read, is empty or binary, or holds no article
gets a message on stderr; the other files are still processed, and the exit
status is 1 at the end.`)
	pageURL := fs.String("url", "", "the `URL` the page was fetched from (used when the page names no canonical URL)")
	fetched := fs.String("fetched-at", "", "when the page was fetched, as RFC 3339 or `YYYY-MM-DD`: the reference for \"heute\" and visit-day headers")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	if _, err := lf.logger(e.stderr); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		fs.Usage()
		return usagef("extract: no FILE given (use - for standard input)")
	}
	var fetchedAt time.Time
	if *fetched != "" {
		t, err := parseTime(*fetched)
		if err != nil {
			return usagef("invalid --fetched-at %q: want RFC 3339 (2021-04-29T10:00:00Z) or a date (2021-04-29)", *fetched)
		}
		fetchedAt = t
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		a, err := extractFile(x, e.stdin, name, *pageURL, fetchedAt)
		if err != nil {
			fmt.Fprintf(e.stderr, "coopwatch extract: %v\n", err)
			failed++
			continue
		}
		if err := enc.Encode(a); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "coopwatch extract: %d of %d inputs failed\n", failed, len(files))
		return errReported
	}
	return nil
}

func extractFile(x *extract.Extractor, stdin io.Reader, name, pageURL string, fetchedAt time.Time) (extract.Article, error) {
	var r io.Reader
	label := name
	if name == "-" {
		r, label = stdin, "standard input"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return extract.Article{}, err // *PathError names the file and the reason
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return extract.Article{}, fmt.Errorf("%s: is a directory, not an HTML file", name)
		}
		r = f
	}
	body, err := io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	if err != nil {
		return extract.Article{}, fmt.Errorf("read %s: %w", label, err)
	}
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return extract.Article{}, fmt.Errorf("%s: empty input", label)
	case len(body) > maxInputBytes:
		return extract.Article{}, fmt.Errorf("%s: larger than %d MiB, not an article page", label, maxInputBytes>>20)
	}
	a, err := x.Extract(extract.Source{URL: pageURL, FetchedAt: fetchedAt, Body: body})
	switch {
	case errors.Is(err, extract.ErrNoContent):
		return a, fmt.Errorf("%s: not an HTML page (binary, or no readable text)", label)
	case errors.Is(err, extract.ErrNotArticle):
		return a, fmt.Errorf("%s: holds no article (a list, home or archive page)", label)
	case err != nil:
		return a, fmt.Errorf("%s: %w", label, err)
	}
	return a, nil
}

func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}
