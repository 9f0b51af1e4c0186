package extract_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/extract"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldDir holds the fixture pages and their gold annotations.
const goldDir = "../fixtures"

// goldEntry is the part of a fixtures/gold.json entry the content tests use.
type goldEntry struct {
	File        string        `json:"file"`
	URL         string        `json:"url"`
	FetchedAt   time.Time     `json:"fetched_at"`
	ContentType string        `json:"content_type"`
	Site        string        `json:"site"`
	Title       string        `json:"title"`
	Kicker      string        `json:"kicker"`
	Published   *extract.Date `json:"published"`
	Keywords    []string      `json:"keywords"`
	NotPeople   []string      `json:"not_people"`
}

func (g goldEntry) name() string {
	return strings.TrimSuffix(filepath.Base(g.File), filepath.Ext(g.File))
}

func (g goldEntry) source(tb testing.TB) extract.Source {
	tb.Helper()
	body, err := os.ReadFile(filepath.Join(goldDir, g.File))
	if err != nil {
		tb.Fatalf("fixture page listed in gold.json: %v", err)
	}
	return extract.Source{URL: g.URL, ContentType: g.ContentType, FetchedAt: g.FetchedAt, Body: body}
}

// loadGold reads fixtures/gold.json.
func loadGold(tb testing.TB) []goldEntry {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(goldDir, "gold.json"))
	if err != nil {
		tb.Fatalf("read gold: %v", err)
	}
	var gold []goldEntry
	if err := json.Unmarshal(b, &gold); err != nil {
		tb.Fatalf("parse gold.json: %v", err)
	}
	if len(gold) == 0 {
		tb.Fatal("gold.json lists no pages")
	}
	return gold
}

func mustNew(tb testing.TB) *extract.Extractor {
	tb.Helper()
	x, err := extract.New()
	if err != nil {
		tb.Fatalf("extract.New: %v", err)
	}
	return x
}

// linkedHeadlines returns the texts of the linked headlines on a page:
// teasers of other articles, which must never be part of the text.
func linkedHeadlines(tb testing.TB, body []byte) []string {
	tb.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	doc.Find("h2 a, h3 a, h4 a, a h2, a h3, a h4").Each(func(_ int, s *goquery.Selection) {
		if t := strings.Join(strings.Fields(s.Text()), " "); len(t) > 15 {
			out = append(out, t)
		}
	})
	return out
}

func TestExtractGolden(t *testing.T) {
	x := mustNew(t)
	for _, g := range loadGold(t) {
		t.Run(g.name(), func(t *testing.T) {
			src := g.source(t)
			a, err := x.Extract(src)
			if err != nil {
				t.Fatalf("Extract(%s): %v", g.File, err)
			}
			got, err := json.MarshalIndent(a, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", g.name()+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run go test ./extract -update): %v", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("Extract(%s) differs from %s (-want +got):\n%s", g.File, golden, diff)
			}

			if a.Title != g.Title {
				t.Errorf("title = %q, want %q", a.Title, g.Title)
			}
			if a.Kicker != g.Kicker {
				t.Errorf("kicker = %q, want %q", a.Kicker, g.Kicker)
			}
			wantDate := extract.Date("")
			if g.Published != nil {
				wantDate = *g.Published
			}
			if a.Published != wantDate {
				t.Errorf("published = %q, want %q", a.Published, wantDate)
			}
			if g.Keywords != nil {
				if diff := cmp.Diff(g.Keywords, a.Keywords); diff != "" {
					t.Errorf("keywords (-want +got):\n%s", diff)
				}
			}
			if g.Site != "" && a.Site != g.Site {
				t.Errorf("site = %q, want %q", a.Site, g.Site)
			}
			if a.URL != g.URL {
				t.Errorf("url = %q, want %q", a.URL, g.URL)
			}
			for _, n := range g.NotPeople {
				if strings.Contains(a.Text, n) {
					t.Errorf("text contains %q (a credit or teaser name)", n)
				}
			}
			for _, h := range linkedHeadlines(t, src.Body) {
				if strings.Contains(a.Text, h) {
					t.Errorf("text contains the teaser headline %q", h)
				}
			}
			if strings.HasPrefix(a.Text, "[") {
				t.Errorf("text starts with the lead date: %.40q", a.Text)
			}
		})
	}
}

func BenchmarkExtract(b *testing.B) {
	x := mustNew(b)
	benchGold(b, func(s extract.Source) error {
		_, err := x.Extract(s)
		return err
	})
}

// benchGold runs extract on every gold page per iteration and reports
// pages/s; pages that are not articles count as extracted.
func benchGold(b *testing.B, extract1 func(extract.Source) error) {
	gold := loadGold(b)
	srcs := make([]extract.Source, len(gold))
	var size int64
	for i, g := range gold {
		srcs[i] = g.source(b)
		size += int64(len(srcs[i].Body))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range srcs {
			if err := extract1(s); err != nil && !errors.Is(err, extract.ErrNotArticle) {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(srcs))*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func FuzzExtract(f *testing.F) {
	for _, s := range snippetTests {
		f.Add([]byte(s.html), "text/html")
	}
	f.Add([]byte("\xef\xbb\xbf<p>x</p>"), "text/html; charset=utf-8")
	f.Add([]byte("<meta charset=iso-8859-1><h1>T\xe4st</h1><p>"+strings.Repeat("Wort und Satz. ", 30)+"</p>"), "")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		if len(body) > 1<<20 {
			t.Skip("input over 1 MiB")
		}
		x := mustNew(t)
		src := extract.Source{URL: "https://www.example.de/a/b.html", ContentType: ct, FetchedAt: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), Body: body}
		a, err := x.Extract(src)
		if err != nil {
			if !errors.Is(err, extract.ErrNoContent) && !errors.Is(err, extract.ErrNotArticle) {
				t.Fatalf("Extract: unexpected error %v", err)
			}
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("Extract returned an invalid article: %v", err)
		}
		b, err2 := x.Extract(src)
		if err2 != nil || !cmp.Equal(a, b) {
			t.Fatalf("Extract is not deterministic: %v\n%s", err2, cmp.Diff(a, b))
		}
	})
}
