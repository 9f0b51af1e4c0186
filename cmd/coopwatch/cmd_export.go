package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"

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
	qf := addQueryFlags(fs)
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
	q, err := qf.query("export", fs.Args())
	if err != nil {
		return err
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
