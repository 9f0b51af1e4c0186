package extract

import "fmt"

// ExtractContent returns the article of src without its entity analysis:
// the same URL, site, title, kicker, date, authors, keywords and main text
// as Extract returns for src, with Cooperation false and no events or
// people. It is for callers that need only the text and metadata, such as
// a comparison with content-only extractors, and costs the content part of
// Extract alone (on the fixture pages about a third of it).
//
// It returns ErrNoContent and ErrNotArticle exactly where Extract does.
func (x *Extractor) ExtractContent(src Source) (Article, error) {
	a, err := x.content(src)
	if err != nil {
		return Article{}, err
	}
	a.Normalize()
	if err := a.Validate(); err != nil {
		return Article{}, fmt.Errorf("extract content %s: invalid result: %w", src.URL, err)
	}
	return a, nil
}
