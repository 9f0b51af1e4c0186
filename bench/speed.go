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
	took           time.Duration
	allocs, bytes  uint64 // over all rounds
	setBytes       int64  // HTML bytes of one round
}

func (s speed) msPerPage() float64 {
	return float64(s.took) / float64(time.Millisecond) / float64(s.pages*s.rounds)
}
func (s speed) pagesPerSec() float64 { return float64(s.pages*s.rounds) / s.took.Seconds() }
func (s speed) allocsPerPage() float64 {
	return float64(s.allocs) / float64(s.pages*s.rounds)
}
func (s speed) kbAllocPerPage() float64 {
	return float64(s.bytes) / 1024 / float64(s.pages*s.rounds)
}
func (s speed) mbPerSec() float64 {
	return float64(s.setBytes) * float64(s.rounds) / 1e6 / s.took.Seconds()
}

// measure runs e over set once to warm up, then in rounds until at least
// minTime has passed, with GOMAXPROCS 1.
func measure(e extractor, set pageSet, minTime time.Duration) speed {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	for _, p := range set.pages {
		_, _ = e.run(p)
	}
	runtime.GC()
	s := speed{set: set.name, extractor: e.name, pages: len(set.pages), setBytes: set.bytes()}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for s.rounds == 0 || time.Since(start) < minTime {
		for _, p := range set.pages {
			_, _ = e.run(p)
		}
		s.rounds++
	}
	s.took = time.Since(start)
	runtime.ReadMemStats(&after)
	s.allocs = after.Mallocs - before.Mallocs
	s.bytes = after.TotalAlloc - before.TotalAlloc
	return s
}
