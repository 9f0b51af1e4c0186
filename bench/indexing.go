package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/token/edgengram"
	"github.com/blevesearch/bleve/v2/analysis/token/length"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/coopwatch/coopwatch/corpus"
	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

// batchSize is the batch of both indexing paths: index.DefaultBatchSize.
const batchSize = index.DefaultBatchSize

// indexResult compares the project's store + index path with minimal Bleve
// loops over the same documents.
type indexResult struct {
	docs, events int
	project      time.Duration // index.PutArticles in batches of batchSize: SQLite + Bleve
	minimal      time.Duration // bleve batch loop, the project's mapping (mirrored)
	minimalDyn   time.Duration // bleve batch loop, Bleve's default dynamic mapping with the German analyzer
	single       time.Duration // index.PutArticles with one article per call, as coopwatch crawl stores them
	singleDocs   int
}

func (r indexResult) projectRate() float64 { return float64(r.docs) / r.project.Seconds() }
func (r indexResult) minimalRate() float64 { return float64(r.docs) / r.minimal.Seconds() }
func (r indexResult) dynRate() float64     { return float64(r.docs) / r.minimalDyn.Seconds() }
func (r indexResult) singleRate() float64  { return float64(r.singleDocs) / r.single.Seconds() }

// articles returns the first n articles of the corpus of seed.
func articles(x *extract.Extractor, seed uint64, n int) []extract.Article {
	g := corpus.New(x.Gazetteer(), seed)
	out := make([]extract.Article, n)
	for i := range out {
		out[i] = g.Article(i)
	}
	return out
}

func runIndexing(ctx context.Context, c config, rep *report, logf func(string, ...any)) error {
	x, err := extract.New()
	if err != nil {
		return err
	}
	arts := articles(x, c.seed, c.indexDocs)
	r, err := compareIndexing(ctx, arts, filepath.Join(c.work, "indexing"), logf)
	if err != nil {
		return err
	}
	rep.index = &r
	return nil
}

func compareIndexing(ctx context.Context, arts []extract.Article, dir string, logf func(string, ...any)) (indexResult, error) {
	r := indexResult{docs: len(arts)}
	for _, a := range arts {
		r.events += len(a.Events)
	}
	if err := os.RemoveAll(dir); err != nil {
		return r, err
	}
	m, err := projectMapping()
	if err != nil {
		return r, err
	}
	// The project's path and the minimal loop take turns, rounds times,
	// and each keeps its median: load from other work on the shared
	// machine then falls on both alike, as for the extractors.
	const rounds = 3
	var project, minimal []time.Duration
	for i := range rounds {
		logf("index: round %d of %d: %d articles through index.PutArticles, then a minimal Bleve loop (project mapping)", i+1, rounds, len(arts))
		d, err := projectPath(ctx, arts, filepath.Join(dir, fmt.Sprintf("project-%d", i)))
		if err != nil {
			return r, err
		}
		project = append(project, d)
		if d, err = minimalLoop(arts, filepath.Join(dir, fmt.Sprintf("minimal-%d", i)), m, projectDoc); err != nil {
			return r, err
		}
		minimal = append(minimal, d)
	}
	r.project, r.minimal = median(project), median(minimal)
	r.singleDocs = min(len(arts), 1000)
	logf("index: %d articles through index.PutArticles, one per call", r.singleDocs)
	if r.single, err = projectSingle(ctx, arts[:r.singleDocs], filepath.Join(dir, "single")); err != nil {
		return r, err
	}
	logf("index: %d articles through a minimal Bleve loop (default mapping)", len(arts))
	dm := bleve.NewIndexMapping()
	dm.DefaultAnalyzer = de.AnalyzerName
	if r.minimalDyn, err = minimalLoop(arts, filepath.Join(dir, "dynamic"), dm, projectDoc); err != nil {
		return r, err
	}
	return r, os.RemoveAll(dir)
}

// median returns the middle of ds (the upper one of an even count).
func median(ds []time.Duration) time.Duration {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[len(ds)/2]
}

func projectPath(ctx context.Context, arts []extract.Article, dir string) (time.Duration, error) {
	ix, err := index.Open(ctx, dir, index.Options{BatchSize: batchSize})
	if err != nil {
		return 0, err
	}
	start := time.Now()
	for chunk := range slices.Chunk(arts, batchSize) {
		if err := ix.PutArticles(ctx, chunk); err != nil {
			ix.Close()
			return 0, err
		}
	}
	err = ix.Close() // Close flushes: part of the cost
	return time.Since(start), err
}

// projectSingle stores one article per PutArticles call: one SQLite
// transaction and one Bleve batch (a new segment) per article.
func projectSingle(ctx context.Context, arts []extract.Article, dir string) (time.Duration, error) {
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		return 0, err
	}
	start := time.Now()
	for i := range arts {
		if err := ix.PutArticles(ctx, arts[i:i+1]); err != nil {
			ix.Close()
			return 0, err
		}
	}
	err = ix.Close()
	return time.Since(start), err
}

// minimalLoop is the least code that indexes the documents in Bleve: a
// scorch index, one batch per batchSize documents, no store.
func minimalLoop(arts []extract.Article, path string, m mapping.IndexMapping, doc func(extract.Article) map[string]any) (time.Duration, error) {
	start := time.Now()
	bl, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return 0, fmt.Errorf("minimal loop: %w", err)
	}
	b := bl.NewBatch()
	for _, a := range arts {
		if err := b.Index(string(extract.NewArticleID(a.URL)), doc(a)); err != nil {
			bl.Close()
			return 0, err
		}
		if b.Size() >= batchSize {
			if err := bl.Batch(b); err != nil {
				bl.Close()
				return 0, err
			}
			b.Reset()
		}
	}
	if b.Size() > 0 {
		if err := bl.Batch(b); err != nil {
			bl.Close()
			return 0, err
		}
	}
	err = bl.Close()
	return time.Since(start), err
}

// projectMapping mirrors the mapping of index/mapping.go (version 1), so
// that the minimal loop does the same analysis work and the ratio shows
// only the project's overhead (SQLite, document building, locking).
func projectMapping() (mapping.IndexMapping, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomTokenFilter("suffix", map[string]any{"type": edgengram.Name, "back": true, "min": 4.0, "max": 30.0}); err != nil {
		return nil, err
	}
	if err := im.AddCustomTokenFilter("compounds", map[string]any{"type": length.Name, "min": 8.0}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer("de_suffix", map[string]any{
		"type": custom.Name, "tokenizer": unicode.Name,
		"token_filters": []any{lowercase.Name, de.StopName, de.NormalizeName, de.LightStemmerName, "compounds", "suffix"},
	}); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = de.AnalyzerName
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	text := func(name string, hl bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name, f.Analyzer, f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = name, de.AnalyzerName, hl, hl, false, false
		return f
	}
	suffix := func(name string) *mapping.FieldMapping {
		f := text(name, false)
		f.Analyzer = "de_suffix"
		return f
	}
	kw := func(name string) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Name, f.Analyzer, f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = name, keyword.Name, false, false, false, true
		return f
	}
	pub := bleve.NewDateTimeFieldMapping()
	pub.Store, pub.IncludeInAll = false, false
	coop := bleve.NewBooleanFieldMapping()
	coop.Store, coop.IncludeInAll = false, false
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("title", text("title", true), suffix("title_suffix"))
	doc.AddFieldMappingsAt("kicker", text("kicker", false))
	doc.AddFieldMappingsAt("text", text("text", true), suffix("text_suffix"))
	doc.AddFieldMappingsAt("evidence", text("evidence", false))
	doc.AddFieldMappingsAt("partner", kw("partner"), text("partner_text", false))
	doc.AddFieldMappingsAt("person", kw("person"), text("person_text", false))
	doc.AddFieldMappingsAt("keyword", kw("keyword"), text("keyword_text", false))
	for _, f := range []string{"kind", "state", "ags", "type", "site", "status", "year"} {
		doc.AddFieldMappingsAt(f, kw(f))
	}
	doc.AddFieldMappingsAt("published", pub)
	doc.AddFieldMappingsAt("cooperation", coop)
	im.DefaultMapping = doc
	return im, im.Validate()
}

// projectDoc mirrors index.document: the fields of an article's search
// document.
func projectDoc(a extract.Article) map[string]any {
	d := map[string]any{"title": a.Title, "kicker": a.Kicker, "text": a.Text, "site": a.Site, "cooperation": a.Cooperation}
	if t, ok := a.Published.Time(); ok {
		d["published"] = t
		d["year"] = string(a.Published[:4])
	}
	var evidence, partners, kinds, states, people, types, statuses []string
	for _, p := range a.People {
		people = append(people, p.Name)
	}
	for _, e := range a.Events {
		statuses = append(statuses, string(e.Status))
		types = append(types, string(e.Type))
		evidence = append(evidence, e.Evidence...)
		for _, p := range e.Partners {
			partners, kinds, states = append(partners, p.Name), append(kinds, string(p.Kind)), append(states, p.State)
		}
	}
	for name, vals := range map[string][]string{"evidence": evidence, "partner": partners, "kind": kinds, "state": states,
		"person": people, "type": types, "status": statuses, "keyword": a.Keywords} {
		if len(vals) > 0 {
			d[name] = vals
		}
	}
	return d
}
