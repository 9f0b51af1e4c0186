package extract

import (
	"encoding/json"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// pageMeta is what a page says about itself in its <head> and JSON-LD,
// before any look at the visible text.
type pageMeta struct {
	canonical string   // <link rel=canonical>
	ogURL     string   // og:url
	ogTitle   string   // og:title, twitter:title
	ogType    string   // og:type
	siteName  string   // og:site_name, JSON-LD publisher name, application-name
	htmlTitle string   // <title>
	published []string // article:published_time and similar meta, in rank order
	// weakPublished holds generic meta dates ("date", "dc.date"), which
	// CMSs often fill with the day the page was generated; they rank below
	// the date printed by the headline.
	weakPublished []string
	ldArticle     bool // JSON-LD describes the page as an article
	ldHeadline    string
	ldPublished   string
	ldAuthors     []string // persons only
	ldKeywords    []string
	metaAuthors   []string
	articleTags   []string // article:tag
	metaKeyword   []string // meta name=keywords
}

// publishedMetaNames are meta names and properties that carry the
// publication date, best first. Modification dates are not among them: an
// update is not the publication.
var publishedMetaNames = []string{
	"article:published_time", "og:article:published_time", "og:published_time",
	"datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
	"dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
	"sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime",
}

// weakPublishedMetaNames are generic meta dates, best first.
var weakPublishedMetaNames = []string{"date", "dc.date", "dcterms.date"}

// readMeta collects pageMeta from doc.
func readMeta(doc *goquery.Document) pageMeta {
	var m pageMeta
	m.htmlTitle = squash(doc.Find("title").First().Text())
	doc.Find("link[rel]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		for _, r := range strings.Fields(strings.ToLower(s.AttrOr("rel", ""))) {
			if r == "canonical" {
				m.canonical = strings.TrimSpace(s.AttrOr("href", ""))
				return false
			}
		}
		return true
	})
	pub := map[string]string{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		key := strings.ToLower(strings.TrimSpace(s.AttrOr("property", "")))
		if key == "" {
			key = strings.ToLower(strings.TrimSpace(s.AttrOr("name", "")))
		}
		if key == "" {
			key = strings.ToLower(strings.TrimSpace(s.AttrOr("itemprop", "")))
		}
		val := squash(s.AttrOr("content", ""))
		if key == "" || val == "" {
			return
		}
		switch key {
		case "og:url":
			m.ogURL = val
		case "og:title", "twitter:title":
			if m.ogTitle == "" {
				m.ogTitle = val
			}
		case "og:type":
			m.ogType = strings.ToLower(val)
		case "og:site_name", "application-name":
			if m.siteName == "" {
				m.siteName = val
			}
		case "author", "article:author", "dc.creator", "sailthru.author", "parsely-author":
			if !strings.HasPrefix(val, "http") {
				m.metaAuthors = append(m.metaAuthors, val)
			}
		case "article:tag":
			m.articleTags = append(m.articleTags, val)
		case "keywords", "news_keywords":
			if m.metaKeyword == nil {
				m.metaKeyword = splitTagList(val)
			}
		}
		if _, seen := pub[key]; !seen {
			pub[key] = val
		}
	})
	for _, k := range publishedMetaNames {
		if v, ok := pub[k]; ok {
			m.published = append(m.published, v)
		}
	}
	for _, k := range weakPublishedMetaNames {
		if v, ok := pub[k]; ok {
			m.weakPublished = append(m.weakPublished, v)
		}
	}
	var objs []ldObject
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) != nil {
			return
		}
		m.readLD(v, 0, &objs)
	})
	m.useLD(objs)
	return m
}

// articleTypes are the schema.org types whose datePublished and headline
// are the page's own.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"blogposting": true, "report": true, "techarticle": true, "scholarlyarticle": true,
	"opinionnewsarticle": true, "backgroundnewsarticle": true, "pressrelease": true,
	"liveblogposting": true,
}

// ldObject is one JSON-LD object of an article or page type.
type ldObject struct {
	page      bool // WebPage/ItemPage: used only when no Article object exists
	headline  string
	published string
	authors   []string
	keywords  []string
}

// readLD walks JSON-LD value v and collects the objects of an article or
// page type. Lists of other items (ItemList, itemListElement, hasPart,
// mentions) are not walked: they describe teasers.
func (m *pageMeta) readLD(v any, depth int, objs *[]ldObject) {
	if depth > 6 {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			m.readLD(e, depth+1, objs)
		}
	case map[string]any:
		if g, ok := t["@graph"]; ok {
			m.readLD(g, depth+1, objs)
		}
		isArticle, isPage := false, false
		for _, x := range ldTypes(t["@type"]) {
			switch {
			case x == "webpage" || x == "itempage":
				isArticle, isPage = true, true
			case articleTypes[x]:
				isArticle = true
			case x == "organization" || x == "newsmediaorganization" || x == "website":
				if n := ldString(t["name"]); n != "" && m.siteName == "" {
					m.siteName = n
				}
			}
		}
		if !isArticle {
			return
		}
		*objs = append(*objs, ldObject{
			page:      isPage,
			headline:  ldString(t["headline"]),
			published: ldString(t["datePublished"]),
			authors:   ldPersons(t["author"]),
			keywords:  ldKeywords(t["keywords"]),
		})
		if p, ok := t["publisher"].(map[string]any); ok && m.siteName == "" {
			m.siteName = ldString(p["name"])
		}
		if me, ok := t["mainEntity"]; ok {
			m.readLD(me, depth+1, objs)
		}
	}
}

// useLD fills the JSON-LD fields of m from the first article object, or
// the first page object when there is no article.
func (m *pageMeta) useLD(objs []ldObject) {
	var best *ldObject
	for i := range objs {
		if !objs[i].page {
			best = &objs[i]
			m.ldArticle = true
			break
		}
	}
	if best == nil && len(objs) > 0 {
		best = &objs[0]
	}
	if best == nil {
		return
	}
	m.ldHeadline, m.ldPublished = best.headline, best.published
	m.ldAuthors, m.ldKeywords = best.authors, best.keywords
	if m.ldPublished == "" {
		for _, o := range objs {
			if o.published != "" {
				m.ldPublished = o.published
				break
			}
		}
	}
}

// ldTypes returns the lower-case @type names of a JSON-LD object.
func ldTypes(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{strings.ToLower(t)}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, strings.ToLower(s))
			}
		}
		return out
	}
	return nil
}

// ldString returns a JSON-LD value as text: a string, or the first string
// of a list, or the @value/name of an object.
func ldString(v any) string {
	switch t := v.(type) {
	case string:
		return squash(t)
	case []any:
		if len(t) > 0 {
			return ldString(t[0])
		}
	case map[string]any:
		if s := ldString(t["@value"]); s != "" {
			return s
		}
		return ldString(t["name"])
	}
	return ""
}

// ldPersons returns the names of the Person objects (or bare strings) in v;
// organisations are not authors.
func ldPersons(v any) []string {
	var out []string
	switch t := v.(type) {
	case string:
		out = append(out, squash(t))
	case []any:
		for _, e := range t {
			out = append(out, ldPersons(e)...)
		}
	case map[string]any:
		typ := ldTypes(t["@type"])
		if len(typ) == 0 || typ[0] == "person" {
			if n := ldString(t["name"]); n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// ldKeywords returns JSON-LD keywords: a list, or one comma-separated string.
func ldKeywords(v any) []string {
	switch t := v.(type) {
	case string:
		return splitTagList(t)
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok && squash(s) != "" {
				out = append(out, squash(s))
			}
		}
		return out
	}
	return nil
}

// splitTagList splits a comma- or semicolon-separated list and drops empty
// items. Commas inside parentheses do not split.
func splitTagList(s string) []string {
	var out []string
	depth, start := 0, 0
	flush := func(end int) {
		if w := squash(s[start:end]); w != "" {
			out = append(out, w)
		}
	}
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ',', ';':
			if depth == 0 {
				flush(i)
				start = i + 1
			}
		}
	}
	flush(len(s))
	return out
}

// squash collapses white space (including no-break and zero-width spaces)
// and trims.
func squash(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2009', '\u202f', '\u2002', '\u2003':
			space = true
			continue
		case '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
