package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/coopwatch/coopwatch/eval"
	"github.com/coopwatch/coopwatch/extract"
)

func runEval(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "eval", "--gold FILE [--pages DIR] [--min METRIC=VALUE]...", `
Extract every page a gold file annotates and measure the result against it:
partners, people and keywords (precision, recall, F1), partner kind and role
accuracy, published, title, cooperation and event type accuracy, as defined
in shared/gold/README.md. Prints each metric, then each miss (article,
field, expected, got). With --min, exits 1 when a metric is below its
threshold, so CI can hold the line.`)
	gold := fs.String("gold", filepath.Join("fixtures", "gold.json"), "gold annotations `FILE` (JSON, the format of shared/gold/seeds.json)")
	pages := fs.String("pages", "", "`DIR` the gold entries' files are relative to (default: the gold file's directory)")
	var mins stringList
	fs.Var(&mins, "min", "fail when `METRIC=VALUE` is not reached, e.g. partners_f1=0.95 (repeatable)")
	quiet := fs.Bool("quiet", false, "print only the metrics, not every miss")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	if _, err := lf.logger(e.stderr); err != nil {
		return err
	}
	thresholds, err := eval.ParseThresholds(mins)
	if err != nil {
		return usageError{err.Error()}
	}
	golds, err := eval.LoadGold(*gold)
	if err != nil {
		return err
	}
	dir := *pages
	if dir == "" {
		dir = filepath.Dir(*gold)
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	rep, err := eval.Run(golds, dir, x)
	if err != nil {
		return err
	}
	if *quiet {
		rep.Misses = nil
	}
	if err := rep.WriteText(e.stdout); err != nil {
		return err
	}
	if err := rep.Check(thresholds); err != nil {
		fmt.Fprintf(e.stderr, "coopwatch eval: %v\n", err)
		return errReported
	}
	return nil
}
