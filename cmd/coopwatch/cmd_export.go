package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

func runExport(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "export", "[--data DIR] --format csv|jsonl|graphml [--output FILE] [filters] [QUERY...]", `
Export every article matching QUERY and the filters (all of them, not one
page) as CSV (one row per event), JSON Lines (one article per line, the
API's article JSON) or GraphML (the partner network, for Gephi). QUERY and
the filters work as in "coopwatch search" and on the search page; an empty
QUERY exports everything.`)
	data := fs.String("data", defaultDataDir(), "data `DIR` holding the store and the index")
	format := fs.String("format", "", "`FORMAT`: csv, jsonl or graphml")
	output := fs.String("output", "-", "write to `FILE` (- for standard output)")
	sortBy := fs.String("sort", "", "`order`: relevance (default with a query), -date (newest first) or date")
	var partners, kinds, states, people, keywords, types, sites, statuses, years stringList
	fs.Var(&partners, "partner", "only events with this partner `NAME` (repeatable)")
	fs.Var(&kinds, "kind", "only partners of this `KIND` (stadt, landkreis, land, …)")
	fs.Var(&states, "state", "only partners in this `LAND`")
	fs.Var(&people, "person", "only articles naming this `PERSON`")
	fs.Var(&keywords, "keyword", "only articles with this site `KEYWORD`")
	fs.Var(&types, "type", "only events of this `TYPE` (founded, joined, extended, ended, planned)")
	fs.Var(&sites, "site", "only articles of this `SITE` (kommune21.de)")
	fs.Var(&statuses, "status", "only events with this review `STATUS` (pending, confirmed, corrected, rejected)")
	fs.Var(&years, "year", "only articles published in `YEAR`")
	from := fs.String("from", "", "published on or after `DATE` (2021, 2021-04 or 2021-04-29)")
	to := fs.String("to", "", "published on or before `DATE`")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	if !slices.Contains(index.ExportFormats, *format) {
		return usagef("export: invalid --format %q: want csv, jsonl or graphml", *format)
	}
	q := index.Query{Text: strings.Join(fs.Args(), " "), Sort: *sortBy, Partners: partners, Kinds: kinds, States: states,
		People: people, Keywords: keywords, Types: types, Sites: sites, Statuses: statuses}
	for _, y := range years {
		n, err := strconv.Atoi(y)
		if err != nil {
			return usagef("export: invalid --year %q: want a year like 2021", y)
		}
		q.Years = append(q.Years, n)
	}
	for _, d := range []struct {
		flag, s string
		dst     *extract.Date
	}{{"--from", *from, &q.From}, {"--to", *to, &q.To}} {
		if d.s == "" {
			continue
		}
		if extract.Date(d.s).Validate() != nil {
			return usagef("export: invalid %s %q: want a date like 2021-04-29, 2021-04 or 2021", d.flag, d.s)
		}
		*d.dst = extract.Date(d.s)
	}
	ix, err := index.Open(ctx, *data, index.Options{Log: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	var w io.Writer = e.stdout
	var f *os.File
	if *output != "-" {
		if f, err = os.Create(*output); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := ix.Export(ctx, q, *format, bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}
