package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// ArticleID identifies an article: a hash of its canonical URL.
type ArticleID string

// NewArticleID returns the ID of the article whose canonical URL is u.
func NewArticleID(u string) ArticleID {
	sum := sha256.Sum256([]byte(u))
	return ArticleID(hex.EncodeToString(sum[:8]))
}

// Article is one news article as coopwatch understands it. Its JSON form is
// the contract of `coopwatch extract` and of the API (see DESIGN.md): field
// names and value sets are fixed, more fields may be added.
type Article struct {
	ID          ArticleID `json:"id"`
	URL         string    `json:"url"`            // canonical URL (rel=canonical, og:url, else the fetched URL)
	URLs        []string  `json:"urls,omitempty"` // every URL the article was fetched under, canonical first
	Site        string    `json:"site"`           // host of URL without "www.", e.g. "kommune21.de"
	Title       string    `json:"title"`
	Kicker      string    `json:"kicker"` // the roof line above the title ("Digitalisierung"), without its colon; "" if none
	Published   Date      `json:"published"`
	Authors     []string  `json:"authors"`
	Keywords    []string  `json:"keywords"` // the site's own tags, in page order; [] when none
	Text        string    `json:"text"`     // main text only: paragraphs separated by "\n\n"
	Cooperation bool      `json:"cooperation"`
	Events      []Event   `json:"events"`
	People      []Person  `json:"people"`
	FetchedAt   time.Time `json:"fetched_at,omitzero"`
}

// Normalize replaces nil slices with empty ones so that the JSON form shows
// [] rather than null, as the contract requires, and fills ID from URL.
func (a *Article) Normalize() {
	if a.ID == "" && a.URL != "" {
		a.ID = NewArticleID(a.URL)
	}
	if a.Authors == nil {
		a.Authors = []string{}
	}
	if a.Keywords == nil {
		a.Keywords = []string{}
	}
	if a.Events == nil {
		a.Events = []Event{}
	}
	if a.People == nil {
		a.People = []Person{}
	}
	for i := range a.Events {
		a.Events[i].normalize()
	}
}

// Validate reports the first field of a that breaks the contract, naming it.
func (a Article) Validate() error {
	var errs []error
	if a.URL == "" {
		errs = append(errs, errors.New("url is empty"))
	}
	if a.Title == "" {
		errs = append(errs, errors.New("title is empty"))
	}
	if err := a.Published.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("published: %w", err))
	}
	if !a.Cooperation && len(a.Events) > 0 {
		errs = append(errs, fmt.Errorf("events: %d events on an article that is not about a cooperation", len(a.Events)))
	}
	for i, e := range a.Events {
		if err := e.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("events[%d]: %w", i, err))
		}
	}
	for i, p := range a.People {
		if err := p.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("people[%d]: %w", i, err))
		}
	}
	return errors.Join(errs...)
}
