package index

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

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
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/coopwatch/coopwatch/extract"
)

// mappingVersion names the mapping below. Change it whenever the mapping or
// the document built by document changes: Open then rebuilds the search
// index from SQLite.
const mappingVersion = "1"

// internalMapping is the key under which the Bleve index records the
// mappingVersion it was built with.
var internalMapping = []byte("coopwatch.mapping")

// Analyzers of the mapping.
const (
	analyzerDE = de.AnalyzerName // lower case, German stop words, umlaut folding, light stemming
	// analyzerSuffix indexes every suffix of 4 to 30 letters of each word
	// of at least 8 letters after the de analysis, so that a word matches
	// the compounds it ends: "Digitalisierung" finds
	// "Verwaltungsdigitalisierung" and "Kreis" finds "Landkreis". The de
	// analyzer does not split compounds (DEPENDENCIES.md). Shorter words are
	// left out: they are rarely compounds, the main field matches them
	// whole, and they would double the cost of indexing. Queries on these
	// fields use analyzerDE, never this analyzer.
	analyzerSuffix  = "cw_de_suffix"
	filterSuffix    = "cw_suffix"
	filterCompounds = "cw_compounds"
	compoundMin     = 8
	suffixMin       = 4
	suffixMax       = 30
)

// Fields of the search documents. Filters and facets use the keyword
// fields, which hold the values exactly as stored; free text uses the
// analysed ones.
const (
	fTitle       = "title"
	fTitleSuffix = "title_suffix"
	fKicker      = "kicker"
	fText        = "text"
	fTextSuffix  = "text_suffix"
	fEvidence    = "evidence"
	fPartner     = "partner"
	fPartnerText = "partner_text"
	fKind        = "kind"
	fState       = "state"
	fAGS         = "ags"
	fPerson      = "person"
	fPersonText  = "person_text"
	fKeyword     = "keyword"
	fKeywordText = "keyword_text"
	fType        = "type"
	fSite        = "site"
	fStatus      = "status"
	fYear        = "year"
	fPublished   = "published"
	fCooperation = "cooperation"
)

// newMapping returns the Bleve mapping of the search documents.
func newMapping() (mapping.IndexMapping, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomTokenFilter(filterSuffix, map[string]any{
		"type": edgengram.Name, "back": true, "min": float64(suffixMin), "max": float64(suffixMax),
	}); err != nil {
		return nil, fmt.Errorf("suffix filter: %w", err)
	}
	if err := im.AddCustomTokenFilter(filterCompounds, map[string]any{
		"type": length.Name, "min": float64(compoundMin),
	}); err != nil {
		return nil, fmt.Errorf("compound filter: %w", err)
	}
	if err := im.AddCustomAnalyzer(analyzerSuffix, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{lowercase.Name, de.StopName, de.NormalizeName, de.LightStemmerName, filterCompounds, filterSuffix},
	}); err != nil {
		return nil, fmt.Errorf("suffix analyzer: %w", err)
	}
	im.DefaultAnalyzer = analyzerDE
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	// text is analysed German prose; stored with term vectors only where
	// hits show highlighted fragments (title, text). The payload of a hit
	// comes from SQLite.
	text := func(name string, highlight bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name = name
		f.Analyzer = analyzerDE
		f.Store = highlight
		f.IncludeTermVectors = highlight
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	suffix := func(name string) *mapping.FieldMapping {
		f := text(name, false)
		f.Analyzer = analyzerSuffix
		return f
	}
	kw := func(name string) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Name = name
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = true // facets
		return f
	}
	published := bleve.NewDateTimeFieldMapping()
	published.Store = false
	published.IncludeInAll = false
	coop := bleve.NewBooleanFieldMapping()
	coop.Store = false
	coop.IncludeInAll = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fTitle, text(fTitle, true), suffix(fTitleSuffix))
	doc.AddFieldMappingsAt(fKicker, text(fKicker, false))
	doc.AddFieldMappingsAt(fText, text(fText, true), suffix(fTextSuffix))
	doc.AddFieldMappingsAt(fEvidence, text(fEvidence, false))
	doc.AddFieldMappingsAt(fPartner, kw(fPartner), text(fPartnerText, false))
	doc.AddFieldMappingsAt(fPerson, kw(fPerson), text(fPersonText, false))
	doc.AddFieldMappingsAt(fKeyword, kw(fKeyword), text(fKeywordText, false))
	for _, f := range []string{fKind, fState, fAGS, fType, fSite, fStatus, fYear} {
		doc.AddFieldMappingsAt(f, kw(f))
	}
	doc.AddFieldMappingsAt(fPublished, published)
	doc.AddFieldMappingsAt(fCooperation, coop)
	im.DefaultMapping = doc
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	return im, nil
}

// document returns the search document of a stored article. Partners,
// kinds, states, people and types of events an editor rejected are left
// out: they would make the article match a filter for something it does not
// report. Their status still counts, so "rejected" can be filtered for.
func document(a extract.Article) map[string]any {
	d := map[string]any{
		fTitle:       a.Title,
		fKicker:      a.Kicker,
		fText:        a.Text,
		fSite:        a.Site,
		fCooperation: a.Cooperation,
	}
	if t, ok := a.Published.Time(); ok {
		// A month or a year is indexed at its first day (Date.Time).
		d[fPublished] = t
		d[fYear] = string(a.Published[:4])
	}
	var evidence, partners, kinds, states, ags, people, types, statuses []string
	for _, p := range a.People {
		people = append(people, p.Name)
	}
	for _, e := range a.Events {
		statuses = append(statuses, string(e.Status))
		if e.Status == extract.Rejected {
			continue
		}
		types = append(types, string(e.Type))
		evidence = append(evidence, e.Evidence...)
		for _, p := range e.Partners {
			partners = append(partners, p.Name)
			kinds = append(kinds, string(p.Kind))
			states = append(states, p.State)
			ags = append(ags, p.AGS)
		}
		for _, p := range e.People {
			people = append(people, p.Name)
		}
	}
	for name, vals := range map[string][]string{
		fEvidence: evidence, fPartner: partners, fKind: kinds, fState: states, fAGS: ags,
		fPerson: people, fType: types, fStatus: statuses, fKeyword: a.Keywords,
	} {
		if vals = uniqueNonEmpty(vals); len(vals) > 0 {
			d[name] = vals
		}
	}
	return d
}

// uniqueNonEmpty returns vals without "" and repeats, in order of first
// appearance, so a term counts once per article in facets.
func uniqueNonEmpty(vals []string) []string {
	out := vals[:0:0]
	for _, v := range vals {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// openBleve opens the search index of the directory, or builds it from
// SQLite when it is missing, was built with another mapping, or cannot be
// read; then it indexes the articles stored but not yet indexed.
func (ix *Index) openBleve(ctx context.Context) error {
	path := filepath.Join(ix.dir, bleveDir)
	// Leftovers of a rebuild that did not finish: the store is the truth,
	// so they are dropped, and a missing index is rebuilt below.
	for _, p := range []string{bleveNew, bleveOld} {
		if err := os.RemoveAll(filepath.Join(ix.dir, p)); err != nil {
			return fmt.Errorf("open search index: remove unfinished rebuild: %w", err)
		}
	}
	bl, err := ix.openExisting(path)
	if err != nil {
		return err
	}
	if bl != nil && !ix.consistent(ctx, bl) {
		ix.log.Warn().Str("path", path).Msg("search index does not match the store: rebuilding it")
		if err := bl.Close(); err != nil {
			return fmt.Errorf("open search index: %w", err)
		}
		if err := os.RemoveAll(path); err != nil {
			return fmt.Errorf("open search index: remove old index: %w", err)
		}
		bl = nil
	}
	if bl == nil {
		if bl, err = newBleve(path); err != nil {
			return err
		}
		// Everything stored must go into the new index.
		if _, err := ix.db.ExecContext(ctx, `UPDATE articles SET indexed = 0 WHERE indexed = 1`); err != nil {
			bl.Close()
			return fmt.Errorf("open search index: %w", err)
		}
	}
	ix.mu.Lock()
	ix.bl = bl
	ix.mu.Unlock()
	return ix.catchUp(ctx)
}

// consistent reports whether the number of documents in bl fits the
// store: at least the articles marked indexed, at most all articles. It
// catches a search index paired with another or a restored database.
func (ix *Index) consistent(ctx context.Context, bl bleve.Index) bool {
	docs, err := bl.DocCount()
	if err != nil {
		return false
	}
	var all, indexed uint64
	if err := ix.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(indexed), 0) FROM articles`).Scan(&all, &indexed); err != nil {
		return false
	}
	return indexed <= docs && docs <= all
}

// openExisting opens the Bleve index at path. It returns nil and no error
// when there is none or it must be rebuilt, having removed it.
func (ix *Index) openExisting(path string) (bleve.Index, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	bl, err := bleve.OpenUsing(path, bleveConfig())
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("index at %s is %w", ix.dir, ErrInUse)
	case err != nil:
		ix.log.Warn().Err(err).Str("path", path).Msg("search index unreadable: rebuilding it from the store")
	default:
		v, verr := bl.GetInternal(internalMapping)
		if verr == nil && string(v) == mappingVersion {
			return bl, nil
		}
		ix.log.Info().Str("path", path).Str("version", string(v)).Str("want", mappingVersion).
			Msg("search index built with another mapping: rebuilding it from the store")
		if err := bl.Close(); err != nil {
			return nil, fmt.Errorf("open search index: %w", err)
		}
	}
	if err := os.RemoveAll(path); err != nil {
		return nil, fmt.Errorf("open search index: remove old index: %w", err)
	}
	return nil, nil
}

// maxSegmentDocs caps the documents of a segment Bleve's merger builds
// (scorch's default is 5,000,000). A merge reads its segments through
// mmap, and every page it reads counts in the process's resident memory
// until the merged-away segments are dropped: with the default, a crawl
// of 100,000 pages peaked at about 450 MiB of mapped index while a merge
// folded most of the index into one segment. With the cap no merge reads
// more than about maxSegmentDocs documents' worth; an index of 200,000
// articles keeps 15–20 segments, which searches read in turn.
const maxSegmentDocs = 20000

// bleveConfig is the runtime configuration of the scorch index.
func bleveConfig() map[string]any {
	return map[string]any{
		"bolt_timeout":           openWait,
		"scorchMergePlanOptions": map[string]any{"MaxSegmentSize": maxSegmentDocs},
	}
}

// newBleve creates an empty scorch index at path with the current mapping.
func newBleve(path string) (bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("create search index: %w", err)
	}
	bl, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, bleveConfig())
	if err != nil {
		return nil, fmt.Errorf("create search index %s: %w", path, err)
	}
	if err := bl.SetInternal(internalMapping, []byte(mappingVersion)); err != nil {
		bl.Close()
		return nil, fmt.Errorf("create search index %s: %w", path, err)
	}
	return bl, nil
}

// indexArticles writes the documents of arts to bl in batches of
// ix.batchSize. The caller holds wmu.
func (ix *Index) indexArticles(ctx context.Context, bl bleve.Index, arts []extract.Article) error {
	for chunk := range slices.Chunk(arts, ix.batchSize) {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := bl.NewBatch()
		for _, a := range chunk {
			if err := b.Index(string(a.ID), document(a)); err != nil {
				return fmt.Errorf("index article %s: %w", a.ID, err)
			}
		}
		if err := bl.Batch(b); err != nil {
			return fmt.Errorf("index batch of %d articles: %w", len(chunk), err)
		}
	}
	return nil
}

// catchUp indexes the articles stored but not yet in the search index:
// all of them after the index was created, and those of a write the process
// did not finish.
func (ix *Index) catchUp(ctx context.Context) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	total := 0
	for {
		ids, err := ix.unindexed(ctx)
		if err != nil {
			return fmt.Errorf("index stored articles: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		arts, err := loadArticles(ctx, ix.db, ids)
		if err != nil {
			return fmt.Errorf("index stored articles: %w", err)
		}
		if err := ix.indexArticles(ctx, ix.bl, arts); err != nil {
			return fmt.Errorf("index stored articles: %w", err)
		}
		if err := ix.markIndexed(ctx, ids); err != nil {
			return err
		}
		total += len(ids)
	}
	if total > 0 {
		ix.log.Info().Int("count", total).Msg("stored articles indexed for search")
	}
	return nil
}

func (ix *Index) unindexed(ctx context.Context) ([]extract.ArticleID, error) {
	var ids []extract.ArticleID
	err := eachRow(ctx, ix.db, `SELECT id FROM articles WHERE indexed = 0 ORDER BY id LIMIT ?`, []any{ix.batchSize}, func(rows *sql.Rows) error {
		var id extract.ArticleID
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	return ids, err
}
