package corpus

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Site sizes.
const (
	// ListSize is the number of teasers on one list page.
	ListSize = 50
	// SitemapSize is the number of URLs in one sitemap file.
	SitemapSize = 10000
)

// NewSite returns a handler serving the first n pages of g's corpus, for
// any Host, generating every response when it is asked for, so its memory
// does not grow with n:
//
//   - each page at its Meta.Path, with its ContentType and Last-Modified
//     from its FetchedAt;
//   - "/" a home page linking to the newest pages and to "/meldungen/";
//   - "/meldungen/" and "/meldungen/?seite=N" list pages of ListSize
//     teasers, newest first, linked with rel=next and rel=prev and a
//     numbered pagination;
//   - "/robots.txt", which disallows "/intern/" and names the sitemap;
//   - "/sitemap.xml", a sitemap index of "/sitemap-K.xml" files with up to
//     SitemapSize absolute URLs on the request's host;
//   - 404 for everything else, including pages of numbers n and above.
//
// The handler is safe for concurrent use.
func NewSite(g *Generator, n int) http.Handler {
	return &site{g: g, n: max(n, 0)}
}

type site struct {
	g *Generator
	n int
}

// pageID finds the numeric ID in a page path of any layout.
var pageID = regexp.MustCompile(`^/(?:meldung_(\d+)_.*\.html|k21-meldungen/.*-(\d+)/|lokales/.*-(\d+)\.html|presse/\d{4}/\d{2}/\d{2}/.*-(\d+)/|aktuelles/pressemitteilungen/.*-(\d+)\.html|presse/pm-(\d+)-.*\.html)$`)

// layoutOfGroup is the layout whose URLs put the ID in pageID's group i.
var layoutOfGroup = []string{"", LayoutK21Legacy, LayoutK21Current, LayoutNews, LayoutMunicipal, LayoutMunicipal, LayoutMinistry}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/":
		s.home(w, r)
		return
	case p == "/meldungen/":
		s.list(w, r)
		return
	case p == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "User-agent: *\nDisallow: /intern/\n\nSitemap: %s/sitemap.xml\n", origin(r))
		return
	case p == "/sitemap.xml":
		s.sitemapIndex(w, r)
		return
	case strings.HasPrefix(p, "/sitemap-") && strings.HasSuffix(p, ".xml"):
		k, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/sitemap-"), ".xml"))
		if err == nil && k >= 1 && (k-1)*SitemapSize < s.n {
			s.sitemap(w, r, k)
			return
		}
	}
	if n, ok := s.find(p); ok {
		pg := s.g.Page(n)
		w.Header().Set("Content-Type", pg.ContentType)
		w.Header().Set("Last-Modified", pg.FetchedAt.UTC().Format(http.TimeFormat))
		w.Header().Set("Content-Length", strconv.Itoa(len(pg.Body)))
		if r.Method == http.MethodGet {
			_, _ = w.Write(pg.Body)
		}
		return
	}
	http.NotFound(w, r)
}

// find returns the number of the page served at u.
func (s *site) find(p string) (int, bool) {
	m := pageID.FindStringSubmatch(p)
	if m == nil {
		return 0, false
	}
	for i := 1; i < len(m); i++ {
		if m[i] == "" {
			continue
		}
		id, err := strconv.Atoi(m[i])
		if err != nil {
			return 0, false
		}
		n := id - idBase[layoutOfGroup[i]]
		if n < 0 || n >= s.n {
			return 0, false
		}
		if s.g.Meta(n).Path != p {
			return 0, false
		}
		return n, true
	}
	return 0, false
}

func origin(r *http.Request) string {
	return "http://" + r.Host
}

func (s *site) home(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Kommune21 - E-Government, Internet und Informationstechnik</title></head><body><h1>Aktuelle Meldungen</h1><ul>`)
	for n := 0; n < min(s.n, 20); n++ {
		m := s.g.Meta(n)
		b.WriteString(`<li><a href="` + escapePath(m.Path) + `">` + esc(m.Truth.Title) + "</a></li>")
	}
	b.WriteString(`</ul><p><a href="/meldungen/">Alle Meldungen</a></p></body></html>`)
	writeHTML(w, r, b.String())
}

// list serves /meldungen/?seite=N.
func (s *site) list(w http.ResponseWriter, r *http.Request) {
	pages := max(1, (s.n+ListSize-1)/ListSize)
	k := 1
	if v := r.URL.Query().Get("seite"); v != "" {
		var err error
		if k, err = strconv.Atoi(v); err != nil || k < 1 || k > pages {
			http.NotFound(w, r)
			return
		}
	}
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Meldungen – Seite ` + strconv.Itoa(k) + `</title>`)
	if k > 1 {
		b.WriteString(`<link rel="prev" href="/meldungen/?seite=` + strconv.Itoa(k-1) + `">`)
	}
	if k < pages {
		b.WriteString(`<link rel="next" href="/meldungen/?seite=` + strconv.Itoa(k+1) + `">`)
	}
	b.WriteString(`</head><body><h1>Meldungen</h1>`)
	for n := (k - 1) * ListSize; n < min(s.n, k*ListSize); n++ {
		m := s.g.Meta(n)
		b.WriteString(`<div class="teaser"><h3><a href="` + escapePath(m.Path) + `">`)
		if m.Truth.Kicker != "" {
			b.WriteString(`<span class="dachzeile">` + esc(m.Truth.Kicker) + `:</span> `)
		}
		b.WriteString(esc(m.Truth.Title) + `</a></h3><p><span class="datum">` + legacyDate(teaserDate(m)) + "</span></p></div>\n")
	}
	b.WriteString(`<nav class="pagination">`)
	for _, q := range []int{1, k - 2, k - 1, k + 1, k + 2, pages} {
		if q >= 1 && q <= pages && q != k {
			b.WriteString(` <a href="/meldungen/?seite=` + strconv.Itoa(q) + `">` + strconv.Itoa(q) + `</a>`)
		}
	}
	b.WriteString("</nav></body></html>")
	writeHTML(w, r, b.String())
}

func writeHTML(w http.ResponseWriter, r *http.Request, s string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(s)))
	if r.Method == http.MethodGet {
		_, _ = w.Write([]byte(s))
	}
}

func (s *site) sitemapIndex(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for k := 1; (k-1)*SitemapSize < s.n; k++ {
		b.WriteString("<sitemap><loc>" + origin(r) + "/sitemap-" + strconv.Itoa(k) + ".xml</loc></sitemap>\n")
	}
	b.WriteString("</sitemapindex>\n")
	writeXML(w, r, b.String())
}

func (s *site) sitemap(w http.ResponseWriter, r *http.Request, k int) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for n := (k - 1) * SitemapSize; n < min(s.n, k*SitemapSize); n++ {
		m := s.g.Meta(n)
		b.WriteString("<url><loc>" + esc(origin(r)+escapePath(m.Path)) + "</loc><lastmod>" + m.FetchedAt.UTC().Format(time.DateOnly) + "</lastmod></url>\n")
	}
	b.WriteString("</urlset>\n")
	writeXML(w, r, b.String())
}

func writeXML(w http.ResponseWriter, r *http.Request, s string) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(s)))
	if r.Method == http.MethodGet {
		_, _ = w.Write([]byte(s))
	}
}
