package eval

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/coopwatch/coopwatch/extract"
)

// Extractor is what Run measures; *extract.Extractor is one.
type Extractor interface {
	Extract(extract.Source) (extract.Article, error)
}

// Run extracts the page of every gold entry and scores the articles. Each
// page is read from File, relative to pagesDir unless absolute, and passed
// to x as a Source with the entry's URL, ContentType and FetchedAt.
//
// A page that cannot be read or extracted (no file, a read error, an
// extraction error such as extract.ErrNotArticle, or a panic in x) does not
// stop the run: it counts as a miss on every field, and the report shows
// the reason as a miss of field "page". Run returns an error only when
// there is nothing to measure with: x is nil or pagesDir is not a
// directory.
func Run(golds []Gold, pagesDir string, x Extractor) (Report, error) {
	if x == nil {
		return Report{}, errors.New("eval: no extractor")
	}
	if fi, err := os.Stat(pagesDir); err != nil {
		return Report{}, fmt.Errorf("eval: pages directory: %w", err)
	} else if !fi.IsDir() {
		return Report{}, fmt.Errorf("eval: pages directory %s is not a directory", pagesDir)
	}
	results := make([]result, len(golds))
	for i, g := range golds {
		results[i] = extractPage(g, pagesDir, x)
	}
	return score(golds, results), nil
}

// extractPage reads and extracts the page of g.
func extractPage(g Gold, pagesDir string, x Extractor) (res result) {
	if g.File == "" {
		return result{err: errors.New("gold entry has no file")}
	}
	path := filepath.FromSlash(g.File)
	if !filepath.IsAbs(path) {
		path = filepath.Join(pagesDir, path)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return result{err: fmt.Errorf("read page: %w", err)}
	}
	// A crash of the extractor on one page is a finding about that page,
	// not a reason to lose the measurement of all the others.
	defer func() {
		if v := recover(); v != nil {
			res = result{err: fmt.Errorf("extract %s: panic: %v", path, v)}
		}
	}()
	a, err := x.Extract(extract.Source{URL: g.URL, ContentType: g.ContentType, FetchedAt: g.FetchedAt, Body: body})
	if err != nil {
		return result{err: fmt.Errorf("extract %s: %w", path, err)}
	}
	return result{art: a}
}
