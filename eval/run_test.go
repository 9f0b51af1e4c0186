package eval_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/eval"
	"github.com/coopwatch/coopwatch/extract"
)

// fakeExtractor answers from a table keyed by page body, and records the
// sources it was given.
type fakeExtractor struct {
	answers map[string]extract.Article
	seen    []extract.Source
}

func (f *fakeExtractor) Extract(src extract.Source) (extract.Article, error) {
	f.seen = append(f.seen, src)
	body := string(src.Body)
	switch {
	case body == "list":
		return extract.Article{}, extract.ErrNotArticle
	case body == "boom":
		panic("index out of range")
	}
	a, ok := f.answers[body]
	if !ok {
		return extract.Article{}, errors.New("unexpected page " + body)
	}
	return a, nil
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "pages"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"good.html": "good", "list.html": "list", "boom.html": "boom"} {
		if err := os.WriteFile(filepath.Join(dir, "pages", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fetched := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	gold := func(file string) eval.Gold {
		g := baseGold()
		g.File = file
		g.URL = "https://www.kommune21.de/" + file
		g.ContentType = "text/html; charset=utf-8"
		g.FetchedAt = fetched
		// A gold that an empty article would get partly right: a failed
		// page must still count wrong on published and cooperation.
		g.Published, g.Cooperation, g.EventTypes = "", false, nil
		return g
	}
	golds := []eval.Gold{gold("pages/good.html"), gold("pages/list.html"), gold("pages/boom.html"), gold("pages/gone.html"), gold("")}
	golds[4].Seed = "004.txt"
	good := baseArticle(nil)
	good.Published, good.Cooperation, good.Events = "", false, nil
	x := &fakeExtractor{answers: map[string]extract.Article{"good": good}}

	r, err := eval.Run(golds, dir, x)
	if err != nil {
		t.Fatal(err)
	}
	if r.Pages != 5 || r.Failed != 4 {
		t.Errorf("pages, failed = %d, %d, want 5, 4", r.Pages, r.Failed)
	}
	for _, name := range []string{"published_accuracy", "cooperation_accuracy", "title_accuracy", "event_type_accuracy"} {
		if m := byName(r)[name]; m.Correct != 1 || m.N != 5 {
			t.Errorf("%s = %d/%d, want 1/5", name, m.Correct, m.N)
		}
	}
	wantSeen := []extract.Source{
		{URL: "https://www.kommune21.de/pages/good.html", ContentType: "text/html; charset=utf-8", FetchedAt: fetched, Body: []byte("good")},
		{URL: "https://www.kommune21.de/pages/list.html", ContentType: "text/html; charset=utf-8", FetchedAt: fetched, Body: []byte("list")},
		{URL: "https://www.kommune21.de/pages/boom.html", ContentType: "text/html; charset=utf-8", FetchedAt: fetched, Body: []byte("boom")},
	}
	if d := cmp.Diff(wantSeen, x.seen); d != "" {
		t.Errorf("sources (-want +got):\n%s", d)
	}
	pageMisses := map[string]string{}
	for _, m := range r.Misses {
		if m.Field == "page" {
			pageMisses[m.Article] = m.Got
		}
	}
	wantPage := map[string]string{
		"pages/list.html": extract.ErrNotArticle.Error(),
		"pages/boom.html": "panic: index out of range",
		"pages/gone.html": "read page",
		"004.txt":         "gold entry has no file",
	}
	if len(pageMisses) != len(wantPage) {
		t.Errorf("page misses = %v, want one for each of %v", pageMisses, wantPage)
	}
	for ref, want := range wantPage {
		if !strings.Contains(pageMisses[ref], want) {
			t.Errorf("page miss of %s = %q, want it to contain %q", ref, pageMisses[ref], want)
		}
	}
	// The failed page reports the forced misses.
	var listMisses []eval.Miss
	for _, m := range r.Misses {
		if m.Article == "pages/list.html" && m.Field != "page" {
			listMisses = append(listMisses, m)
		}
	}
	wantList := []eval.Miss{
		{Article: "pages/list.html", Field: "published", Expected: "null", Got: "(page failed)"},
		{Article: "pages/list.html", Field: "cooperation", Expected: "false", Got: "(page failed)"},
		{Article: "pages/list.html", Field: "title", Expected: "Kooperation erweitert", Got: "(page failed)"},
		{Article: "pages/list.html", Field: "event_types", Expected: "(no events)", Got: "(page failed)"},
	}
	if d := cmp.Diff(wantList, listMisses); d != "" {
		t.Errorf("misses of the failed page (-want +got):\n%s", d)
	}
}

func TestRunUsageErrors(t *testing.T) {
	golds := []eval.Gold{baseGold()}
	if _, err := eval.Run(golds, t.TempDir(), nil); err == nil {
		t.Error("Run with a nil extractor: nil error, want one")
	}
	missing := filepath.Join(t.TempDir(), "nope")
	if _, err := eval.Run(golds, missing, &fakeExtractor{}); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Run with a missing pages directory: %v, want an error naming it", err)
	}
	file := writeFile(t, "gold.json", "[]")
	if _, err := eval.Run(golds, file, &fakeExtractor{}); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Run with a file as pages directory: %v, want a not-a-directory error", err)
	}
}
