package corpus

import (
	"math/rand/v2"
	"time"

	"github.com/coopwatch/coopwatch/extract/gazetteer"
)

// Layouts of generated pages.
const (
	LayoutK21Legacy  = "k21-legacy"  // Kommune21 (and move, stadt+werk) before 2023: meldung_<id>_<Slug>.html, [d.m.yyyy]
	LayoutK21Current = "k21-current" // Kommune21 on WordPress: /k21-meldungen/<slug>/, day-of-visit header, [dd.mm.yyyy]
	LayoutNews       = "news"        // a regional newspaper: <time datetime>, byline, consent layer, "Auch interessant"
	LayoutMunicipal  = "municipal"   // a Stadt or Landkreis press release (TYPO3): "erstellt am", often ISO-8859-1
	LayoutMinistry   = "ministry"    // a Land ministry press release: JSON-LD date, dateline
)

// Sizes of generated pages, in bytes (before any charset conversion).
const (
	MinSize = 30 << 10
	MaxSize = 120 << 10
)

// Generator makes the pages of one corpus. It holds only read-only data
// and is safe for concurrent use.
type Generator struct {
	seed  uint64
	pools *pools
}

// New returns the generator of the corpus identified by seed, drawing
// places, IT providers and first names from g. It takes a few tens of
// milliseconds: make one and share it.
func New(g *gazetteer.Gazetteer, seed uint64) *Generator {
	return &Generator{seed: seed, pools: newPools(g)}
}

// Seed returns the seed the generator was made with.
func (g *Generator) Seed() uint64 { return g.seed }

// Page is one generated page.
type Page struct {
	Meta
	// ContentType is the Content-Type header to send: "text/html;
	// charset=utf-8", or "text/html" with no charset for pages whose
	// charset (ISO-8859-1) is declared only in <meta>.
	ContentType string
	// Body is the page in its charset.
	Body []byte
}

// Meta is what is known of a page without making its body: where it
// lives, what it is and its truth. It is cheap to compute, so list pages
// and teasers can name any page.
type Meta struct {
	N         int       // the page's number in the corpus, from 0; higher numbers are older
	Layout    string    // one of the Layout constants
	URL       string    // canonical URL, escaped; the page's <link rel=canonical>
	Path      string    // URL's path and query, unescaped: where Site serves the page
	FetchedAt time.Time // when the page is supposed to have been fetched (the day a current-layout header shows)
	Charset   string    // "utf-8" or "iso-8859-1"
	Truth     Truth
}

// Truth is what a correct extractor returns for the page: the gold of a
// generated page, used to spot-check quality in throughput runs.
type Truth struct {
	Site        string    `json:"site"`
	Title       string    `json:"title"`
	Kicker      string    `json:"kicker"`
	Published   string    `json:"published"` // "YYYY-MM-DD", or "" when the page shows no date of its own
	Keywords    []string  `json:"keywords"`  // the tags the page prints for the article; empty when none
	Cooperation bool      `json:"cooperation"`
	Type        string    `json:"type,omitempty"` // event type of a cooperation: founded, joined, extended, ended or planned
	Partners    []Partner `json:"partners"`       // in order of first mention; empty unless Cooperation
	People      []Person  `json:"people"`         // persons who act or speak in the article
}

// Partner is a party to the cooperation a page reports.
type Partner struct {
	Name  string `json:"name"`  // editorial name: "Stadt Wolfsburg", "Landkreis Gifhorn", "Niedersachsen", "Dataport"
	Kind  string `json:"kind"`  // partner kind as in the article JSON: stadt, gemeinde, landkreis, land, it-dienstleister
	State string `json:"state"` // the Land; "" for bodies of several Länder
}

// Person is someone who acts or speaks in the article.
type Person struct {
	Name string `json:"name"`
	Role string `json:"role"`
	Org  string `json:"org"`
}

// Page returns page n (n ≥ 0) of the corpus: the same bytes for the same
// seed and n, on any machine.
func (g *Generator) Page(n int) Page {
	st := g.story(n)
	return g.render(st)
}

// Meta returns the metadata and truth of page n without making its body.
func (g *Generator) Meta(n int) Meta {
	return g.story(n).meta
}

// rng returns the random source of one aspect of page n: stream 0 decides
// what the page is (its story), stream 1 how it is written and laid out,
// stream 2 its teaser summary.
func (g *Generator) rng(n, stream int) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, uint64(n)*4+uint64(stream)))
}

// newest is the publication day of page 0; page n is about n/12 days older,
// so that 100,000 pages span some 23 years as Kommune21's archive does.
var newest = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)

// fetchedBase is when the corpus is supposed to have been crawled.
var fetchedBase = time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
