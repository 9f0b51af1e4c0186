package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/coopwatch/coopwatch/index"
)

func runSearch(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "search", "[--data DIR] [--json] [--limit N] [filters] QUERY...", `
Search the articles in DIR and print the hits as a table (or as JSON with
--json). QUERY is German full text: +word must occur, -word must not,
"a phrase", title:word, koop* (wildcard), word~ (fuzzy). There is no AND,
OR, NOT or parentheses: use the filter flags, which combine with AND across
flags and OR within one flag. An empty QUERY lists everything, newest first.`)
	data := fs.String("data", defaultDataDir(), "data `DIR` holding the store and the index")
	asJSON := fs.Bool("json", false, "print the result as JSON (hits and facets)")
	limit := fs.Int("limit", 20, "print at most `N` hits (1-100)")
	offset := fs.Int("offset", 0, "skip the first `N` hits")
	qf := addQueryFlags(fs)
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	if *limit < 1 || *limit > 100 || *offset < 0 {
		return usagef("search: --limit must be 1-100 and --offset not negative")
	}
	q, err := qf.query("search", fs.Args())
	if err != nil {
		return err
	}
	q.Limit, q.Offset = *limit, *offset
	ix, err := index.Open(ctx, *data, index.Options{Log: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Search(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tTITLE\tSITE\tEVENTS\tPARTNERS")
	for _, h := range res.Hits {
		d := string(h.Published)
		if d == "" {
			d = "-"
		}
		var types, partners []string
		seen := map[string]bool{}
		for _, ev := range h.Events {
			types = append(types, string(ev.Type))
			for _, p := range ev.Partners {
				if !seen[p.Name] {
					seen[p.Name] = true
					partners = append(partners, p.Name)
				}
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d, clip(h.Title, 60), h.Site, strings.Join(types, ","), clip(strings.Join(partners, ", "), 70))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d of %d hits\n", len(res.Hits), res.Total)
	return nil
}

// clip shortens s to at most n characters, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
