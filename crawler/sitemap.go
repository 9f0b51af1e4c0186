package crawler

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"golang.org/x/net/html/charset"
)

// maxSitemapURLs is the most entries one sitemap may list (sitemaps.org
// protocol); entries beyond it are ignored.
const maxSitemapURLs = 50_000

// maxSitemaps bounds the sitemap files fetched per run, so a sitemap index
// pointing at itself or at thousands of files cannot keep the crawler busy.
const maxSitemaps = 200

// sitemap is a parsed sitemap file: a <urlset> lists pages, a
// <sitemapindex> lists further sitemaps.
type sitemap struct {
	Pages    []string
	Sitemaps []string
}

// parseSitemap reads a sitemap file in either form. Namespaces are ignored,
// as they are by search engines.
func parseSitemap(body []byte) (sitemap, error) {
	var doc struct {
		XMLName xml.Name
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = false
	if err := d.Decode(&doc); err != nil {
		return sitemap{}, fmt.Errorf("parse sitemap: %w", err)
	}
	var sm sitemap
	switch doc.XMLName.Local {
	case "urlset":
		for _, u := range doc.URLs[:min(len(doc.URLs), maxSitemapURLs)] {
			if loc := strings.TrimSpace(u.Loc); loc != "" {
				sm.Pages = append(sm.Pages, loc)
			}
		}
	case "sitemapindex":
		for _, s := range doc.Sitemaps[:min(len(doc.Sitemaps), maxSitemapURLs)] {
			if loc := strings.TrimSpace(s.Loc); loc != "" {
				sm.Sitemaps = append(sm.Sitemaps, loc)
			}
		}
	default:
		return sitemap{}, fmt.Errorf("parse sitemap: root element <%s>: want <urlset> or <sitemapindex>", doc.XMLName.Local)
	}
	return sm, nil
}
