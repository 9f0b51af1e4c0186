// Package extract turns one fetched HTML page into an Article: its title,
// kicker, date, keywords and main text, separated from navigation, teaser
// lists, advertisements and credits, and from that text the cooperation
// events it reports, with their partners, people, instrument and evidence.
//
// extract owns the domain vocabulary of coopwatch (Article, Event, Partner,
// Person, Date, EventID, Status). It is pure: bytes, a URL and a reference
// time go in, values come out. It never touches the network, the disk, an
// index or the clock, so its output is deterministic and golden-testable.
//
// Usage:
//
//	x, err := extract.New()
//	if err != nil { ... }
//	a, err := x.Extract(extract.Source{URL: u, ContentType: ct, FetchedAt: t, Body: body})
//	if errors.Is(err, extract.ErrNotArticle) { ... } // a list page, a home page
package extract
