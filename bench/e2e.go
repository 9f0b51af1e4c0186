package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/coopwatch/coopwatch/corpus"
	"github.com/coopwatch/coopwatch/extract"
)

// rssRun is one run of the coopwatch binary: how long it took and its
// peak resident set size.
type rssRun struct {
	args   []string
	took   time.Duration
	maxRSS int64 // bytes: the last VmHWM read from /proc/PID/status
	// The largest RssAnon (the heap, stacks: memory the process itself
	// holds) and RssFile (file pages mapped in: the index's mmapped
	// segments) seen, in bytes; they need not peak at the same moment.
	maxAnon, maxFile int64
	stdout           string
	err              string
}

// runMeasured runs bin with args and measures it. The peak RSS is the
// child's own VmHWM, read every 20 ms while it runs: getrusage's
// ru_maxrss cannot be used, because Linux carries the parent's high-water
// mark into a child across fork and exec, so every child would report at
// least this process's peak.
func runMeasured(ctx context.Context, bin string, args ...string) rssRun {
	r := rssRun{args: args}
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		r.err = fmt.Sprintf("%s %v: %v", bin, args, err)
		return r
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var err error
wait:
	for {
		select {
		case err = <-done:
			break wait
		case <-tick.C:
			st := procStatus(status)
			r.maxRSS = max(r.maxRSS, st["VmHWM:"])
			r.maxAnon = max(r.maxAnon, st["RssAnon:"])
			r.maxFile = max(r.maxFile, st["RssFile:"])
		}
	}
	r.took = time.Since(start)
	r.stdout = out.String()
	if err != nil {
		tail := errb.String()
		if len(tail) > 2000 {
			tail = tail[len(tail)-2000:]
		}
		r.err = fmt.Sprintf("%s %v: %v\n%s", bin, args, err, tail)
	}
	return r
}

// procStatus returns the sizes (lines in kB) of a /proc/PID/status file in
// bytes, by their names with the colon ("VmHWM:"); nil when it cannot be
// read.
func procStatus(path string) map[string]int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	out := map[string]int64{}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[2] == "kB" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			out[f[0]] = kb * 1024
		}
	}
	return out
}

// e2eStats are the counts of the crawl report the binary prints.
type e2eStats struct {
	pages, fetched, articles int
	small                    *rssRun // a run on a fifth of the pages, to show whether memory grows with pages
	smallPages               int
	large                    *rssRun // a run on -e2e-memory pages, for the peak-memory target
	largePages               int
}

var (
	fetchedRE  = regexp.MustCompile(`(?m)^\s*fetched\s+(\d+)`)
	articlesRE = regexp.MustCompile(`(?m)^\s*articles\s+(\d+)`)
)

// runEndToEnd serves c.e2ePages generated pages on loopback and runs
// "coopwatch crawl" on them with no politeness delay: fetch, decode,
// extract, store and index, in a process of its own so that its peak RSS
// is its own.
func runEndToEnd(ctx context.Context, c config, rep *report, logf func(string, ...any)) error {
	if _, err := os.Stat(c.coopwatch); err != nil {
		rep.notes = append(rep.notes, fmt.Sprintf("End-to-end and reindex runs need the coopwatch binary (-coopwatch %s): %v", c.coopwatch, err))
		return nil
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	crawl := func(n int) (rssRun, int, int) {
		srv := httptest.NewServer(corpus.NewSite(corpus.New(x.Gazetteer(), c.seed), n))
		defer srv.Close()
		dir := filepath.Join(c.work, "e2e-"+strconv.Itoa(n))
		os.RemoveAll(dir)
		defer os.RemoveAll(dir)
		logf("e2e: crawling %d generated pages", n)
		r := runMeasured(ctx, c.coopwatch, "crawl", "--data", dir, "--seed", srv.URL+"/", "--delay", "0",
			"--max-pages", "0", "--max-depth", "1", "--parallel", strconv.Itoa(c.parallel), "--log-level", "warn")
		fetched, articles := 0, 0
		if m := fetchedRE.FindStringSubmatch(r.stdout); m != nil {
			fetched, _ = strconv.Atoi(m[1])
		}
		if m := articlesRE.FindStringSubmatch(r.stdout); m != nil {
			articles, _ = strconv.Atoi(m[1])
		}
		return r, fetched, articles
	}
	small := max(c.e2ePages/5, 1)
	sr, _, _ := crawl(small)
	r, fetched, articles := crawl(c.e2ePages)
	rep.e2e = &r
	rep.e2eStats = e2eStats{pages: c.e2ePages, fetched: fetched, articles: articles, small: &sr, smallPages: small}
	if c.e2eMemory > 0 {
		lr, _, _ := crawl(c.e2eMemory)
		rep.e2eStats.large, rep.e2eStats.largePages = &lr, c.e2eMemory
	}
	return nil
}

// serveCorpus serves the corpus on c.serve until ctx is done.
func serveCorpus(ctx context.Context, c config, stderr io.Writer) error {
	x, err := extract.New()
	if err != nil {
		return err
	}
	srv := &http.Server{Addr: c.serve, Handler: corpus.NewSite(corpus.New(x.Gazetteer(), c.seed), c.e2ePages), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stderr, "serving %d generated pages (seed %d) on http://%s/\n", c.e2ePages, c.seed, c.serve)
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
