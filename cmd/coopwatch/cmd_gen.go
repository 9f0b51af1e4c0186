package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/coopwatch/coopwatch/corpus"
	"github.com/coopwatch/coopwatch/eval"
	"github.com/coopwatch/coopwatch/extract"
)

func runGen(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "gen", "--out DIR [--n N] [--seed S]", `
Generate a synthetic corpus of German e-government news pages for
benchmarks: Kommune21-style pages (legacy and current layout), regional
newspapers, municipal and ministry press releases of 30-120 KB, some in
ISO-8859-1, about half of them reporting a cooperation. The same seed gives
the same bytes on any machine.

Writes DIR/pages/NNNNNN.html and DIR/gold.json, whose entries describe each
page in the format "coopwatch eval --gold DIR/gold.json" reads, so the
corpus can also spot-check quality.`)
	n := fs.Int("n", 1000, "number of `pages` to generate")
	seed := fs.Uint64("seed", 1, "corpus `seed`")
	out := fs.String("out", "", "output `DIR` (created if missing)")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	if *out == "" || *n < 0 {
		fs.Usage()
		return usagef("gen: --out DIR is required and --n must not be negative")
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	g := corpus.New(x.Gazetteer(), *seed)
	if err := os.MkdirAll(filepath.Join(*out, "pages"), 0o755); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	goldPath := filepath.Join(*out, "gold.json")
	f, err := os.Create(goldPath)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	start := time.Now()
	var bytes int64
	w.WriteString("[\n")
	for i := range *n {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := g.Page(i)
		name := fmt.Sprintf("pages/%06d.html", i)
		if err := os.WriteFile(filepath.Join(*out, name), p.Body, 0o644); err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		bytes += int64(len(p.Body))
		b, err := json.Marshal(goldOf(p, name))
		if err != nil {
			return fmt.Errorf("gen: page %d: %w", i, err)
		}
		w.Write(b)
		if i < *n-1 {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("]\n")
	if err := w.Flush(); err != nil {
		return fmt.Errorf("gen: write %s: %w", goldPath, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("gen: write %s: %w", goldPath, err)
	}
	log.Info().Int("count", *n).Int64("bytes", bytes).Dur("took", time.Since(start)).Msg("corpus generated")
	fmt.Fprintf(e.stdout, "%d pages (%.1f MB) and gold.json written to %s\n", *n, float64(bytes)/1e6, *out)
	return nil
}

// goldOf is the gold entry of a generated page.
func goldOf(p corpus.Page, file string) eval.Gold {
	t := p.Truth
	kw := append([]string{}, t.Keywords...)
	g := eval.Gold{
		File: file, URL: p.URL, Site: t.Site, ContentType: p.ContentType, FetchedAt: p.FetchedAt,
		Title: t.Title, Kicker: t.Kicker, Published: extract.Date(t.Published), Cooperation: t.Cooperation,
		Keywords: &kw, Partners: []eval.GoldPartner{}, OptionalPartners: []eval.GoldPartner{},
		People: []extract.Person{}, OptionalPeople: []extract.Person{}, NotPeople: []string{}, EventTypes: []extract.EventType{},
		Notes: fmt.Sprintf("generated: corpus page %d, layout %s, charset %s", p.N, p.Layout, p.Charset),
	}
	for _, q := range t.Partners {
		g.Partners = append(g.Partners, eval.GoldPartner{Name: q.Name, Aliases: []string{}, Kind: extract.PartnerKind(q.Kind), State: q.State})
	}
	for _, q := range t.People {
		g.People = append(g.People, extract.Person{Name: q.Name, Role: q.Role, Org: q.Org})
	}
	if t.Type != "" {
		g.EventTypes = append(g.EventTypes, extract.EventType(t.Type))
	}
	return g
}
