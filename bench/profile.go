package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/google/pprof/profile"
)

// cpuShare is one function's share of the CPU time of a profiled run.
type cpuShare struct {
	fn    string
	cum   float64 // fraction of samples with fn on the stack
	ms    float64 // milliseconds per page
	about string
}

// profileRun is a CPU profile of one extractor on one page set.
type profileRun struct {
	set, extractor string
	pages          int
	took           time.Duration
	shares         []cpuShare
	file           string // where the profile was written, "" if not kept
	top            []string
}

// profiledFuncs are the parts of coopwatch's extraction the report breaks
// the time into.
var profiledFuncs = []struct{ fn, about string }{
	{"extract.(*Extractor).content", "content path: decode, parse, headline, main text, date, keywords (the content-only cost)"},
	{"golang.org/x/net/html.ParseWithOptions", "of which HTML parsing (once per page)"},
	{"extract.(*Extractor).analyze", "entities: sentences, partners, people, events"},
	{"extract.(*Extractor).findMentions", "of which finding bodies and places"},
	{"extract.(*Extractor).buildEvents", "of which event types, dates, evidence"},
	{"regexp.(*Regexp).doExecute", "regular expressions, all callers"},
	{"runtime.gcBgMarkWorker", "garbage collection (background marking)"},
}

// profileExtraction runs e over set with the CPU profiler on, single-threaded,
// and returns the time shares of profiledFuncs. The profile is written to
// dir when dir is not "".
func profileExtraction(e extractor, set pageSet, minTime time.Duration, dir string) (profileRun, error) {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	run := profileRun{set: set.name, extractor: e.name}
	var buf bytes.Buffer
	if err := pprof.StartCPUProfile(&buf); err != nil {
		return run, fmt.Errorf("profile: %w", err)
	}
	start := time.Now()
	for time.Since(start) < minTime || run.pages == 0 {
		for _, p := range set.pages {
			_, _ = e.run(p)
		}
		run.pages += len(set.pages)
	}
	run.took = time.Since(start)
	pprof.StopCPUProfile()
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err == nil {
			run.file = filepath.Join(dir, "cpu-"+set.name+"-"+strings.ReplaceAll(e.name, " ", "-")+".pprof")
			if err := os.WriteFile(run.file, buf.Bytes(), 0o644); err != nil {
				run.file = ""
			}
		}
	}
	prof, err := profile.Parse(&buf)
	if err != nil {
		return run, fmt.Errorf("profile: %w", err)
	}
	var total int64
	on := make([]int64, len(profiledFuncs))
	for _, s := range prof.Sample {
		v := s.Value[0]
		total += v
		seen := make([]bool, len(profiledFuncs))
		for _, loc := range s.Location {
			for _, line := range loc.Line {
				if line.Function == nil {
					continue
				}
				for i, f := range profiledFuncs {
					if !seen[i] && strings.HasSuffix(line.Function.Name, f.fn) {
						seen[i] = true
						on[i] += v
					}
				}
			}
		}
	}
	run.top = topFuncs(prof, 25)
	msPerPage := float64(run.took) / float64(time.Millisecond) / float64(run.pages)
	for i, f := range profiledFuncs {
		share := 0.0
		if total > 0 {
			share = float64(on[i]) / float64(total)
		}
		run.shares = append(run.shares, cpuShare{fn: f.fn, cum: share, ms: share * msPerPage, about: f.about})
	}
	return run, nil
}

// topFuncs lists the n functions of a profile file with the most
// cumulative time, for the report.
func topFuncs(prof *profile.Profile, n int) []string {
	cum := map[string]int64{}
	var total int64
	for _, s := range prof.Sample {
		total += s.Value[0]
		seen := map[string]bool{}
		for _, loc := range s.Location {
			for _, line := range loc.Line {
				if line.Function != nil && !seen[line.Function.Name] {
					seen[line.Function.Name] = true
					cum[line.Function.Name] += s.Value[0]
				}
			}
		}
	}
	names := make([]string, 0, len(cum))
	for k := range cum {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int { return int(cum[b] - cum[a]) })
	var out []string
	for _, k := range names {
		if len(out) == n {
			break
		}
		out = append(out, fmt.Sprintf("%5.1f%% %s", 100*float64(cum[k])/float64(total), k))
	}
	return out
}
