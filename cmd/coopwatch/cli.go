package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/term"
)

// errHelp is returned when the user asked for help and got it.
var errHelp = errors.New("help requested")

// errReported is returned when the command already told the user what went
// wrong (per-file messages of extract, an eval below threshold).
var errReported = errors.New("errors reported above")

// usageError is a mistake in how the command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// env is what every subcommand gets: its arguments and the process's streams.
type env struct {
	args   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env) error
}

func commands() []command {
	return []command{
		{"demo", "crawl the bundled fixture site over loopback, extract, index, and serve the UI", runDemo},
		{"crawl", "crawl news sites, extract every article, store and index it", runCrawl},
		{"extract", "print the article JSON of HTML files (one line per file)", runExtract},
		{"search", "search the index from the command line", runSearch},
		{"serve", "serve the search UI and JSON API", runServe},
		{"reindex", "rebuild the search index from the store", runReindex},
		{"eval", "measure extraction quality against gold annotations", runEval},
		{"gen", "generate a synthetic corpus of news pages with gold, for benchmarks", runGen},
		{"user", "add, list or remove editors' accounts", runUser},
		{"token", "create an API token for an editor", runToken},
		{"export", "export search results as CSV, JSON Lines or GraphML", runExport},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		printUsage(stderr)
		return usagef("no command given")
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, stdin, stdout, stderr)
		}
		printUsage(stdout)
		return errHelp
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, env{args: args[1:], stdin: stdin, stdout: stdout, stderr: stderr})
		}
	}
	printUsage(stderr)
	return usagef("unknown command %q", name)
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `coopwatch finds cooperations between German public bodies in e-government news.

Usage:
  coopwatch COMMAND [flags] [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s  %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "coopwatch COMMAND --help" for the flags of a command.
Start with "coopwatch demo": it needs no network and no setup.
`)
}

// newFlags returns a flag set for a subcommand with the shared logging
// flags, and a usage text made of synopsis, description and the flags.
func newFlags(e env, name, synopsis, description string) (*flag.FlagSet, *logFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	lf := &logFlags{}
	fs.StringVar(&lf.level, "log-level", "info", "log `level`: debug, info, warn or error")
	fs.StringVar(&lf.format, "log-format", "auto", "log `format`: console, json, or auto (console when stderr is a terminal)")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: coopwatch %s %s\n\n%s\n\nFlags:\n", name, synopsis, strings.TrimSpace(description))
		fs.PrintDefaults()
	}
	return fs, lf
}

// parseFlags parses args, turning -h into errHelp and flag mistakes into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(nil)
		return errHelp
	}
	if err != nil {
		return usageError{err.Error()}
	}
	return nil
}

type logFlags struct{ level, format string }

// logger builds the one root logger of the process, on stderr.
func (lf *logFlags) logger(stderr io.Writer) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(lf.level)
	if err != nil || lf.level == "" {
		return zerolog.Nop(), usagef("invalid --log-level %q: want debug, info, warn or error", lf.level)
	}
	var w io.Writer
	switch lf.format {
	case "json":
		w = stderr
	case "console":
		w = zerolog.ConsoleWriter{Out: stderr, TimeFormat: time.TimeOnly, NoColor: !isTerminal(stderr)}
	case "auto", "":
		if isTerminal(stderr) {
			w = zerolog.ConsoleWriter{Out: stderr, TimeFormat: time.TimeOnly}
		} else {
			w = stderr
		}
	default:
		return zerolog.Nop(), usagef("invalid --log-format %q: want console, json or auto", lf.format)
	}
	return zerolog.New(w).Level(lvl).With().Timestamp().Logger(), nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// stringList is a repeatable string flag; commas also separate values.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ",") }

func (s *stringList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*s = append(*s, p)
		}
	}
	return nil
}

// defaultDataDir is where coopwatch keeps its store and index unless --data says otherwise.
func defaultDataDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "coopwatch")
	}
	return filepath.Join(os.TempDir(), "coopwatch")
}
