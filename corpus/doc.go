// Package corpus generates synthetic German e-government news pages for
// benchmarks: Kommune21-style pages in the legacy and the current layout,
// regional newspapers, municipal and ministry press releases, of 30–120 KB
// each like real ones, with navigation, teaser lists with dates and names,
// advertisements, cookie banners and footers around an article that
// reports a cooperation between public bodies or something else.
//
// Every page is a pure function of the generator's seed and the page's
// number, so a corpus is reproducible byte for byte and any page can be
// made on demand: Site serves a corpus of any size on loopback while
// holding no page in memory. Each Page carries its Truth (title, kicker,
// date, partners, people) so throughput runs can spot-check quality.
//
// The names of places, public IT providers and first names come from the
// gazetteer of package extract; surnames, topics and sentence templates
// are the package's own. The text is invented: no real article is copied.
//
// Usage:
//
//	x, err := extract.New()
//	if err != nil { ... }
//	g := corpus.New(x.Gazetteer(), 1)
//	p := g.Page(42) // p.Body, p.URL, p.Truth
//	srv := httptest.NewServer(corpus.NewSite(g, 10000))
package corpus
