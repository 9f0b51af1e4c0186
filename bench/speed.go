package main

import (
	"runtime"
	"time"
)

// speed is the cost of one extractor on one page set, measured
// single-threaded (GOMAXPROCS 1, one goroutine, the collector included).
type speed struct {
	set, extractor string
	pages          int
	rounds         int
	took           time.Duration // all rounds
	median         time.Duration // the median round
	allocs, bytes  uint64        // over all rounds
	setBytes       int64         // HTML bytes of one round
}

// msPerPage is the median round's time per page: rounds that other work
// on the machine slowed down do not move it.
func (s speed) msPerPage() float64 {
	return float64(s.median) / float64(time.Millisecond) / float64(s.pages)
}
func (s speed) pagesPerSec() float64 { return 1000 / s.msPerPage() }
func (s speed) allocsPerPage() float64 {
	return float64(s.allocs) / float64(s.pages*s.rounds)
}
func (s speed) kbAllocPerPage() float64 {
	return float64(s.bytes) / 1024 / float64(s.pages*s.rounds)
}
func (s speed) mbPerSec() float64 {
	return float64(s.setBytes) / 1e6 / s.median.Seconds()
}

// measureInterleaved times every extractor on set in turns: one pass of
// each, then again, until every extractor has run for minTime. Load from
// other work on the machine then falls on all of them alike, and the
// median pass of each is its result. GOMAXPROCS is 1 throughout.
func measureInterleaved(exs []extractor, set pageSet, minTime time.Duration) []speed {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	out := make([]speed, len(exs))
	rounds := make([][]time.Duration, len(exs))
	for i, e := range exs {
		out[i] = speed{set: set.name, extractor: e.name, pages: len(set.pages), setBytes: set.bytes()}
		for _, p := range set.pages { // warm up
			_, _ = e.run(p)
		}
	}
	var before, after runtime.MemStats
	for {
		done := true
		for i, e := range exs {
			if out[i].took >= minTime && out[i].rounds >= 3 {
				continue
			}
			done = false
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			for _, p := range set.pages {
				_, _ = e.run(p)
			}
			d := time.Since(start)
			runtime.ReadMemStats(&after)
			out[i].took += d
			out[i].rounds++
			out[i].allocs += after.Mallocs - before.Mallocs
			out[i].bytes += after.TotalAlloc - before.TotalAlloc
			rounds[i] = append(rounds[i], d)
		}
		if done {
			break
		}
	}
	for i := range out {
		out[i].median = pct(rounds[i], 50)
	}
	return out
}
