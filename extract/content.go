package extract

// content parses the page and fills everything but the events: URL, site,
// title, kicker, published, authors, keywords and main text.
func (x *Extractor) content(src Source) (Article, error) {
	if len(src.Body) == 0 {
		return Article{}, ErrNoContent
	}
	return Article{URL: src.URL, Title: "untitled"}, nil // TODO(content): replaced by the content extractor
}
