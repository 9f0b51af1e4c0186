package main

import (
	"bytes"
	"errors"
	"net/url"
	"time"

	readability "github.com/go-shiori/go-readability"
	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/coopwatch/coopwatch/extract"
)

// output is what every extractor gives: main text, title and date.
type output struct {
	text, title, date string
}

// extractor is one contender.
type extractor struct {
	name  string
	about string
	run   func(p page) (output, error)
}

func extractors(x *extract.Extractor) []extractor {
	return []extractor{
		{"coopwatch", "full Extract: content, metadata, partners, people, events", func(p page) (output, error) {
			a, err := x.Extract(extract.Source{URL: p.url, ContentType: p.contentType, FetchedAt: p.fetchedAt, Body: p.body})
			if errors.Is(err, extract.ErrNotArticle) || errors.Is(err, extract.ErrNoContent) {
				return output{}, nil
			}
			if err != nil {
				return output{}, err
			}
			return output{text: a.Text, title: a.Title, date: string(a.Published)}, nil
		}},
		{"coopwatch content-only", "extract's ExtractContent: title, date, keywords, main text; no entities (the same text as the full Extract)", func(p page) (output, error) {
			a, err := x.ExtractContent(extract.Source{URL: p.url, ContentType: p.contentType, FetchedAt: p.fetchedAt, Body: p.body})
			if errors.Is(err, extract.ErrNotArticle) || errors.Is(err, extract.ErrNoContent) {
				return output{}, nil
			}
			if err != nil {
				return output{}, err
			}
			return output{text: a.Text, title: a.Title, date: string(a.Published)}, nil
		}},
		trafilaturaExtractor("trafilatura content-only", "go-trafilatura v1.12.2, no fallback, htmldate disabled", false, trafilatura.Disabled),
		trafilaturaExtractor("trafilatura", "go-trafilatura v1.12.2, no fallback, default date search", false, trafilatura.Default),
		trafilaturaExtractor("trafilatura+fallback", "go-trafilatura v1.12.2 with readability/distiller fallback (its best quality)", true, trafilatura.Default),
		{"go-readability", "go-shiori/go-readability 5db1dc9", func(p page) (output, error) {
			u, _ := url.Parse(p.url)
			a, err := readability.FromReader(bytes.NewReader(p.body), u)
			if err != nil {
				return output{}, nil // no article found: an empty answer, scored as such
			}
			o := output{text: a.TextContent, title: a.Title}
			if a.PublishedTime != nil {
				o.date = day(*a.PublishedTime)
			}
			return o, nil
		}},
	}
}

func trafilaturaExtractor(name, about string, fallback bool, dates trafilatura.HtmlDateMode) extractor {
	return extractor{name, about, func(p page) (output, error) {
		u, _ := url.Parse(p.url)
		r, err := trafilatura.Extract(bytes.NewReader(p.body), trafilatura.Options{
			OriginalURL: u, EnableFallback: fallback, ExcludeComments: true, HtmlDateMode: dates,
		})
		if err != nil || r == nil {
			return output{}, nil // "text not long enough" and the like: an empty answer
		}
		o := output{text: r.ContentText, title: r.Metadata.Title}
		if !r.Metadata.Date.IsZero() {
			o.date = day(r.Metadata.Date)
		}
		return o, nil
	}}
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
