package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/coopwatch/coopwatch/corpus"
	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

func mustExtractor(tb testing.TB) *extract.Extractor {
	tb.Helper()
	x, err := extract.New()
	if err != nil {
		tb.Fatal(err)
	}
	return x
}

func benchSets(b *testing.B, x *extract.Extractor) []pageSet {
	b.Helper()
	var sets []pageSet
	sample, err := loadSample(defaultSample())
	switch {
	case errors.Is(err, errNoSample):
		b.Logf("sample skipped: %v (set COOPWATCH_EVAL_SAMPLE)", err)
	case err != nil:
		b.Fatal(err)
	default:
		sets = append(sets, sample)
	}
	fx, err := loadFixtures()
	if err != nil {
		b.Fatal(err)
	}
	return append(sets, fx, generated(x, 100, 1))
}

// BenchmarkExtract runs every extractor over every page set; one op is one
// pass over the set. Run it single-threaded for the numbers:
// go test -run '^$' -bench Extract -cpu 1.
func BenchmarkExtract(b *testing.B) {
	x := mustExtractor(b)
	for _, set := range benchSets(b, x) {
		for _, e := range extractors(x) {
			b.Run(set.name+"/"+e.name, func(b *testing.B) {
				b.SetBytes(set.bytes())
				b.ReportAllocs()
				for b.Loop() {
					for _, p := range set.pages {
						if _, err := e.run(p); err != nil {
							b.Fatal(err)
						}
					}
				}
				n := float64(len(set.pages) * b.N)
				b.ReportMetric(n/b.Elapsed().Seconds(), "pages/s")
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/n, "ms/page")
			})
		}
	}
}

// BenchmarkIndexing stores 2,000 corpus articles per op through
// index.PutArticles and through the minimal Bleve loop.
func BenchmarkIndexing(b *testing.B) {
	x := mustExtractor(b)
	arts := articles(x, 1, 2000)
	m, err := projectMapping()
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"project", "minimal"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				dir := filepath.Join(b.TempDir(), "ix")
				var err error
				if path == "project" {
					_, err = projectPath(context.Background(), arts, dir)
				} else {
					_, err = minimalLoop(arts, dir, m, projectDoc)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// BenchmarkSearch runs the mixed queries against 5,000 events (raise with
// go run . -only search -events N for the 100,000).
func BenchmarkSearch(b *testing.B) {
	x := mustExtractor(b)
	g := corpus.New(x.Gazetteer(), 1)
	dir := filepath.Join(b.TempDir(), "search")
	ctx := context.Background()
	setup, err := buildIndex(ctx, g, dir, 5000, func(string, ...any) {})
	if err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	qs := queries(g, setup.articles, 200, 1)
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for b.Loop() {
		if _, err := ix.Search(ctx, qs[n%len(qs)].q); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "searches/s")
}

func TestScoreContent(t *testing.T) {
	p := page{with: []string{"eins zwei", "drei"}, without: []string{"Werbung", "Cookies"}}
	tests := []struct {
		name           string
		text           string
		tp, fn, fp, tn int
	}{
		{"all right", "eins zwei und drei", 2, 0, 0, 2},
		{"leaks a banner", "eins zwei drei Cookies", 2, 0, 1, 1},
		{"misses one", "eins zwei", 1, 1, 0, 2},
		{"empty", "", 0, 2, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q quality
			scoreContent(&q, p, tt.text)
			if q.tp != tt.tp || q.fn != tt.fn || q.fp != tt.fp || q.tn != tt.tn {
				t.Errorf("scoreContent(%q) = tp %d fn %d fp %d tn %d, want %d %d %d %d", tt.text, q.tp, q.fn, q.fp, q.tn, tt.tp, tt.fn, tt.fp, tt.tn)
			}
		})
	}
	q := quality{tp: 54, fn: 6, fp: 1, tn: 60}
	if got := q.f1(); got < 0.938 || got > 0.940 {
		t.Errorf("f1 of tp 54 fn 6 fp 1 = %.4f, want 0.939", got)
	}
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, tt := range []struct {
		p    int
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}} {
		if got := pct(ds, tt.p); got != tt.want {
			t.Errorf("pct(1..100 ms, %d) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

func TestSampleMissing(t *testing.T) {
	_, err := loadSample(filepath.Join(t.TempDir(), "nowhere"))
	if !errors.Is(err, errNoSample) {
		t.Errorf("loadSample(missing dir) = %v, want errNoSample", err)
	}
	if _, err := os.Stat(defaultSample()); err != nil {
		t.Skipf("sample not present at %s: skipping the quality check", defaultSample())
	}
}
