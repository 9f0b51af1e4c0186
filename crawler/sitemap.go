package crawler

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// maxSitemapURLs is the most entries one sitemap may list (sitemaps.org
// protocol); entries beyond it are ignored.
const maxSitemapURLs = 50_000

// maxSitemaps bounds the sitemap and feed files fetched per run, so a
// sitemap index pointing at itself or at thousands of files cannot keep the
// crawler busy.
const maxSitemaps = 200

// link is a URL a sitemap or feed lists, with the date it gives (zero when
// none or unreadable).
type link struct {
	URL  string
	Date time.Time
}

// sitemap is a parsed sitemap file: a <urlset> lists pages, a
// <sitemapindex> lists further sitemaps.
type sitemap struct {
	Pages    []link
	Sitemaps []link
}

// parseSitemap reads a sitemap file in either form. Namespaces are ignored,
// as they are by search engines.
func parseSitemap(body []byte) (sitemap, error) {
	type loc struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	}
	var doc struct {
		XMLName  xml.Name
		URLs     []loc `xml:"url"`
		Sitemaps []loc `xml:"sitemap"`
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = false
	if err := d.Decode(&doc); err != nil {
		return sitemap{}, fmt.Errorf("parse sitemap: %w", err)
	}
	var sm sitemap
	conv := func(ls []loc) []link {
		var out []link
		for _, l := range ls[:min(len(ls), maxSitemapURLs)] {
			if u := strings.TrimSpace(l.Loc); u != "" {
				out = append(out, link{URL: u, Date: parseFeedDate(l.LastMod)})
			}
		}
		return out
	}
	switch doc.XMLName.Local {
	case "urlset":
		sm.Pages = conv(doc.URLs)
	case "sitemapindex":
		sm.Sitemaps = conv(doc.Sitemaps)
	default:
		return sitemap{}, fmt.Errorf("parse sitemap: root element <%s>: want <urlset> or <sitemapindex>", doc.XMLName.Local)
	}
	return sm, nil
}

// parseFeed reads an RSS 2.0, RSS 1.0 (RDF) or Atom feed and returns its
// items' links with their dates.
func parseFeed(body []byte) ([]link, error) {
	type atomLink struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	}
	var doc struct {
		XMLName xml.Name
		Items   []struct {
			Link    string `xml:"link"`
			GUID    string `xml:"guid"`
			PubDate string `xml:"pubDate"`
			Date    string `xml:"date"` // dc:date
		} `xml:"channel>item"`
		RDFItems []struct {
			Link string `xml:"link"`
			Date string `xml:"date"`
		} `xml:"item"`
		Entries []struct {
			Links     []atomLink `xml:"link"`
			Published string     `xml:"published"`
			Updated   string     `xml:"updated"`
		} `xml:"entry"`
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = false
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	var out []link
	add := func(u, date string) {
		if u = strings.TrimSpace(u); u != "" && len(out) < maxSitemapURLs {
			out = append(out, link{URL: u, Date: parseFeedDate(date)})
		}
	}
	switch doc.XMLName.Local {
	case "rss":
		for _, it := range doc.Items {
			u := it.Link
			if strings.TrimSpace(u) == "" && strings.HasPrefix(strings.TrimSpace(it.GUID), "http") {
				u = it.GUID
			}
			add(u, cmpOr(it.PubDate, it.Date))
		}
	case "RDF":
		for _, it := range doc.RDFItems {
			add(it.Link, it.Date)
		}
	case "feed":
		for _, e := range doc.Entries {
			for _, l := range e.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					add(l.Href, cmpOr(e.Published, e.Updated))
					break
				}
			}
		}
	default:
		return nil, fmt.Errorf("parse feed: root element <%s>: want <rss>, <rdf:RDF> or <feed>", doc.XMLName.Local)
	}
	return out, nil
}

func cmpOr(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

// feedDateLayouts are the date forms of sitemaps (W3C datetime), Atom
// (RFC 3339) and RSS (RFC 822 and its common variants).
var feedDateLayouts = []string{
	time.RFC3339, "2006-01-02T15:04Z07:00", time.DateOnly, "2006-01", "2006",
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700", time.RFC822Z, time.RFC822,
}

// parseFeedDate returns the time s names, or the zero time.
func parseFeedDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	for _, l := range feedDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
