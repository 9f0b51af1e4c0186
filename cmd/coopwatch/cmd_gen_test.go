package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopwatch/coopwatch/eval"
)

func TestGenWritesPagesAndGold(t *testing.T) {
	dir := t.TempDir()
	stdout, _, err := runCmd(t, "gen", "--n", "4", "--seed", "3", "--out", dir, "--log-level", "warn")
	if err != nil {
		t.Fatalf("gen: %v", err)
	}
	if !strings.Contains(stdout, "4 pages") {
		t.Errorf("gen stdout = %q, want a summary naming 4 pages", stdout)
	}
	golds, err := eval.LoadGold(filepath.Join(dir, "gold.json"))
	if err != nil {
		t.Fatalf("gold.json does not load as eval gold: %v", err)
	}
	if len(golds) != 4 {
		t.Fatalf("gold.json has %d entries, want 4", len(golds))
	}
	for _, g := range golds {
		b, err := os.ReadFile(filepath.Join(dir, g.File))
		if err != nil {
			t.Fatalf("gold names %s: %v", g.File, err)
		}
		if len(b) < 30<<10 || g.Title == "" || g.URL == "" {
			t.Errorf("%s: %d bytes, title %q, url %q; want a full page with its truth", g.File, len(b), g.Title, g.URL)
		}
	}
	// The same seed gives the same bytes.
	again := t.TempDir()
	if _, _, err := runCmd(t, "gen", "--n", "1", "--seed", "3", "--out", again, "--log-level", "warn"); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "pages", "000000.html"))
	b, _ := os.ReadFile(filepath.Join(again, "pages", "000000.html"))
	if string(a) != string(b) {
		t.Errorf("gen --seed 3 wrote different bytes for page 0 in two runs")
	}
	if _, _, err := runCmd(t, "gen", "--n", "2"); err == nil {
		t.Errorf("gen without --out: no error, want a usage error")
	}
}
