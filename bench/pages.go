package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/coopwatch/coopwatch/corpus"
	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/fixtures"
)

// page is one input of the extraction benchmarks, with what is known to be
// right about it.
type page struct {
	name        string
	url         string
	contentType string
	fetchedAt   time.Time
	body        []byte

	title     string // expected title; "" when there is none
	published string // expected date YYYY-MM-DD; "" for none
	with      []string
	without   []string // content snippets of the sample: must and must not be in the text
}

// pageSet is a named set of pages.
type pageSet struct {
	name  string
	about string
	pages []page
}

func (s pageSet) bytes() int64 {
	var n int64
	for _, p := range s.pages {
		n += int64(len(p.body))
	}
	return n
}

// errNoSample is returned when the evaluation sample is not on disk.
var errNoSample = errors.New("extraction eval sample not found")

// sampleGold is one record of the sample's gold.json.
type sampleGold struct {
	URL  string `json:"url"`
	File string `json:"file"`
	Gold struct {
		Title   string   `json:"title"`
		Date    string   `json:"date"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	} `json:"gold_trafilatura"`
	HTMLDate string `json:"gold_htmldate_date"`
}

// loadSample reads the 20 German pages of shared/extraction-eval-sample.
// The pages are third-party: they are read to measure, never copied.
func loadSample(dir string) (pageSet, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "gold.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return pageSet{}, fmt.Errorf("%w in %s", errNoSample, dir)
	}
	if err != nil {
		return pageSet{}, fmt.Errorf("load sample: %w", err)
	}
	var golds []sampleGold
	if err := json.Unmarshal(raw, &golds); err != nil {
		return pageSet{}, fmt.Errorf("load sample %s: %w", dir, err)
	}
	set := pageSet{name: "sample", about: "20 real German pages (extraction-eval-sample, upstream trafilatura gold)"}
	for _, g := range golds {
		body, err := os.ReadFile(filepath.Join(dir, g.File))
		if err != nil {
			return pageSet{}, fmt.Errorf("load sample: %w", err)
		}
		set.pages = append(set.pages, page{
			name: filepath.Base(g.File), url: g.URL, body: body,
			title: collapse(g.Gold.Title), published: g.Gold.Date,
			with: g.Gold.With, without: g.Gold.Without,
		})
	}
	return set, nil
}

// fixtureGold is the part of fixtures/gold.json the benchmarks use.
type fixtureGold struct {
	File        string    `json:"file"`
	URL         string    `json:"url"`
	FetchedAt   time.Time `json:"fetched_at"`
	ContentType string    `json:"content_type"`
	Title       string    `json:"title"`
	Published   *string   `json:"published"`
}

// loadFixtures returns the project's fixture pages (embedded in package
// fixtures) with their gold title and date.
func loadFixtures() (pageSet, error) {
	var golds []fixtureGold
	if err := json.Unmarshal(fixtures.Gold(), &golds); err != nil {
		return pageSet{}, fmt.Errorf("load fixtures gold: %w", err)
	}
	set := pageSet{name: "fixtures", about: "the project's fixture pages (fixtures/pages, synthetic but modelled on real sites)"}
	for _, g := range golds {
		body, err := fs.ReadFile(fixtures.FS(), g.File)
		if err != nil {
			return pageSet{}, fmt.Errorf("load fixtures: %w", err)
		}
		p := page{name: filepath.Base(g.File), url: g.URL, contentType: g.ContentType, fetchedAt: g.FetchedAt, body: body, title: collapse(g.Title)}
		if g.Published != nil {
			p.published = *g.Published
		}
		set.pages = append(set.pages, p)
	}
	return set, nil
}

// generated returns n pages of the corpus of seed.
func generated(x *extract.Extractor, n int, seed uint64) pageSet {
	g := corpus.New(x.Gazetteer(), seed)
	set := pageSet{name: "generated", about: fmt.Sprintf("%d generated pages (corpus seed %d, 30-120 KB each)", n, seed)}
	for i := range n {
		p := g.Page(i)
		set.pages = append(set.pages, page{
			name: fmt.Sprintf("%06d", i), url: p.URL, contentType: p.ContentType, fetchedAt: p.FetchedAt, body: p.Body,
			title: collapse(p.Truth.Title), published: p.Truth.Published,
		})
	}
	return set
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
