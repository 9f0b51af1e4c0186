// Command bench measures coopwatch beside the best Go extractors and
// measures its pipeline, in one process run, and writes the results as
// Markdown (BENCHMARKS.md). It lives in a module of its own so that the
// product never depends on the peers it is compared with.
//
// Usage (from the repository root, see scripts/bench.sh):
//
//	go build -o bin/coopwatch ./cmd/coopwatch
//	cd bench && go run . -coopwatch ../bin/coopwatch -out ../BENCHMARKS.md
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

type config struct {
	sample    string
	genPages  int
	seed      uint64
	minTime   time.Duration
	out       string
	only      string
	coopwatch string
	e2ePages  int
	e2eMemory int
	parallel  int
	events    int
	indexDocs int
	queries   int
	work      string
	keep      bool
	serve     string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func defaultSample() string {
	if d := os.Getenv("COOPWATCH_EVAL_SAMPLE"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "extraction-eval-sample")
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.sample, "sample", defaultSample(), "extraction-eval-sample `DIR` (env COOPWATCH_EVAL_SAMPLE); skipped with a message when absent")
	fs.IntVar(&c.genPages, "gen-pages", 200, "generated `pages` for the extraction comparison")
	fs.Uint64Var(&c.seed, "seed", 1, "corpus `seed`")
	fs.DurationVar(&c.minTime, "min-time", 3*time.Second, "least `time` per speed measurement")
	fs.StringVar(&c.out, "out", "", "write the Markdown report to `FILE` (default: standard output)")
	fs.StringVar(&c.only, "only", "all", "run only `PARTS`, comma-separated: extract, index, search, e2e, reindex")
	fs.StringVar(&c.coopwatch, "coopwatch", filepath.Join("..", "bin", "coopwatch"), "coopwatch `BINARY` for the end-to-end and reindex runs")
	fs.IntVar(&c.e2ePages, "e2e-pages", 10000, "generated `pages` crawled end to end")
	fs.IntVar(&c.e2eMemory, "e2e-memory", 100000, "generated `pages` of one more end-to-end crawl, for the peak-memory target (0: skip it)")
	fs.IntVar(&c.parallel, "parallel", 4, "crawler requests at once in the end-to-end run")
	fs.IntVar(&c.events, "events", 100000, "indexed `events` for the search and reindex runs")
	fs.IntVar(&c.indexDocs, "index-docs", 5000, "`articles` for the indexing comparison")
	fs.IntVar(&c.queries, "queries", 1000, "`number` of mixed queries for search latency")
	fs.StringVar(&c.work, "work", "", "working `DIR` for indexes (default: a temporary directory, removed)")
	fs.BoolVar(&c.keep, "keep", false, "keep the working directory")
	fs.StringVar(&c.serve, "serve", "", "only serve -e2e-pages generated pages on `ADDR` (e.g. 127.0.0.1:8021) until interrupted, for profiling a crawl by hand")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if c.serve != "" {
		return serveCorpus(ctx, c, stderr)
	}
	parts := map[string]bool{}
	for _, p := range strings.Split(c.only, ",") {
		parts[strings.TrimSpace(p)] = true
	}
	all := parts["all"]
	if c.work == "" {
		d, err := os.MkdirTemp("", "coopwatch-bench-")
		if err != nil {
			return err
		}
		c.work = d
		if !c.keep {
			defer os.RemoveAll(d)
		}
	}
	rep := &report{started: time.Now(), config: c}
	rep.machine = describeMachine()
	logf := func(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) }
	if all || parts["extract"] {
		if err := runExtraction(ctx, c, rep, logf); err != nil {
			return err
		}
	}
	if all || parts["index"] {
		if err := runIndexing(ctx, c, rep, logf); err != nil {
			return err
		}
	}
	if all || parts["search"] || parts["reindex"] {
		if err := runSearchAndReindex(ctx, c, rep, logf, all || parts["search"], all || parts["reindex"]); err != nil {
			return err
		}
	}
	if all || parts["e2e"] {
		if err := runEndToEnd(ctx, c, rep, logf); err != nil {
			return err
		}
	}
	rep.finished = time.Now()
	w := stdout
	if c.out != "" {
		f, err := os.Create(c.out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return rep.write(w)
}
