package extract

import (
	"errors"
	"fmt"
	"time"

	"github.com/coopwatch/coopwatch/extract/gazetteer"
)

// ErrNotArticle is returned by Extract for a page that holds no article of
// its own: a home page, a list of teasers, an archive or search page.
var ErrNotArticle = errors.New("page holds no article")

// ErrNoContent is returned by Extract for input that is not an HTML page at
// all: empty, binary, or without any readable text.
var ErrNoContent = errors.New("no readable content")

// Source is one page to extract.
type Source struct {
	URL         string    // where the page was fetched from, or given with --url; may be ""
	ContentType string    // the Content-Type header, if any: its charset wins over <meta>
	Link        string    // the Link header, if any: its rel="canonical" target names the page's URL when the page itself names none (RFC 6596)
	FetchedAt   time.Time // when the page was fetched: the reference for "heute" and the day-of-visit header; zero if unknown
	Body        []byte    // the raw bytes, in any charset
}

// Extractor turns pages into Articles. It holds the read-only reference
// data and is safe for concurrent use.
type Extractor struct {
	gaz *gazetteer.Gazetteer
}

// New returns an Extractor with the embedded reference data loaded.
func New() (*Extractor, error) {
	g, err := gazetteer.Load()
	if err != nil {
		return nil, fmt.Errorf("load reference data: %w", err)
	}
	return &Extractor{gaz: g}, nil
}

// Gazetteer returns the reference data the Extractor resolves names against.
func (x *Extractor) Gazetteer() *gazetteer.Gazetteer { return x.gaz }

// Extract returns the article of src. It returns ErrNoContent for empty or
// binary input, ErrNotArticle for pages that hold no article, and otherwise
// an Article that passes Validate.
func (x *Extractor) Extract(src Source) (Article, error) {
	a, h, err := x.contentAt(src)
	if err != nil {
		return Article{}, err
	}
	x.analyze(&a)
	x.captionPeople(&a, captionsOf(h))
	a.Normalize()
	if err := a.Validate(); err != nil {
		return Article{}, fmt.Errorf("extract %s: invalid result: %w", src.URL, err)
	}
	return a, nil
}
