package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// kickerWords are class words of the roof line above a headline.
var kickerWords = []string{"kicker", "dachzeile", "roofline", "overline", "topline", "spitzmarke", "eyebrow", "supertitle", "superheadline", "pretitle", "headline-intro", "headlineintro", "rubrik", "overhead"}

// docTypeLabelRe matches labels that name the kind of page rather than
// its subject; printed where a kicker stands they are none ("Pressemitteilung"
// in a "rubrik" span above the headline; see
// fixtures/pages/y-landkreistag-mv-zukunftspakt.html).
var docTypeLabelRe = regexp.MustCompile(`(?i)^(?:presse-?mitteilung|pressemeldung|presseinformation|medien-?information|mitteilung|meldung|nachricht|news|artikel|beitrag|aktuelles|aktuell|neuigkeit)(?:en|s)?$`)

// categoryWords are class words of a category label; right before the
// headline and without a link it is the kicker ("sit-article__category";
// see fixtures/pages/y-sit-neue-leitung-informationssicherheit.html).
var categoryWords = []string{"category", "categorie", "kategorie"}

// titleSepRe splits an HTML <title> into segments: "Title - Site | Claim".
var titleSepRe = regexp.MustCompile(`\s+[-–—|·»:]{1,2}\s+|\s+::\s+`)

// headline is the article's title, its kicker and the element that shows it.
type headlineInfo struct {
	title, kicker string
	node          *html.Node // the <h1> (or other element) of the title; nil if none
}

// findHeadline picks the article's own headline: the <h1> that is not the
// site's logo, checked against og:title, the JSON-LD headline and <title>;
// else those, with the site's name stripped. The kicker comes from markup:
// a part of the <h1> or the element right before it.
func findHeadline(doc *goquery.Document, m pageMeta, host string) headlineInfo {
	site := siteTokens(m.siteName, host)
	refs := []string{m.ldHeadline, stripSite(m.ogTitle, site), stripSite(m.htmlTitle, site)}
	var h headlineInfo
	var cands []*html.Node
	doc.Find("h1").Each(func(_ int, s *goquery.Selection) {
		n := s.Get(0)
		t := squash(s.Text())
		if t == "" || isSiteName(t, site) || strongAncestor(n) {
			return
		}
		if s, _ := markupHints(n); s {
			return // a heading for screen readers only ("hide-accessible" on kas.de)
		}
		cands = append(cands, n)
	})
	var pick *html.Node
	for _, n := range cands {
		t := squash(nodeText(n))
		for _, r := range refs {
			if r != "" && (strings.Contains(r, t) || strings.Contains(t, r)) {
				pick = n
				break
			}
		}
		if pick != nil {
			break
		}
	}
	if pick == nil && len(cands) > 0 {
		// Prefer an <h1> inside <article>/<main>, else the first one.
		pick = cands[0]
		for _, n := range cands {
			if insideArticle(n) {
				pick = n
				break
			}
		}
	}
	if pick != nil {
		h.node = pick
		h.title, h.kicker = splitHeading(pick, refs)
		if h.kicker == "" {
			h.kicker = kickerBefore(pick)
		}
		if docTypeLabelRe.MatchString(h.kicker) {
			h.kicker = "" // "Pressemitteilung" names the kind of page, not the topic
		}
		if h.kicker == "" {
			h.kicker = kickerFromRefs(h.title, []string{m.ogTitle, m.htmlTitle, m.ldHeadline}, site)
		}
		if h.title != "" {
			return h
		}
	}
	for _, r := range refs {
		if r != "" && !isSiteName(r, site) {
			h.title = r
			return h
		}
	}
	return h
}

// splitHeading returns the title and kicker shown by heading n. A heading
// whose first part is a separate element with a kicker class, or a line
// ending in a colon before a <br>, or a separate element while the rest
// equals a reference title, carries its kicker inside.
func splitHeading(n *html.Node, refs []string) (title, kicker string) {
	full := squash(nodeText(n))
	var parts []string
	var partNodes []*html.Node
	var cur strings.Builder
	flush := func(pn *html.Node) {
		t := squash(cur.String())
		cur.Reset()
		switch {
		case t == "":
		case len(parts) > 0 && strings.TrimFunc(t, unicode.IsPunct) == "":
			// A separator of its own, often for screen readers only:
			// "<span>Cybersicherheit</span><span class=visually-hidden>:</span>
			// <span>Titel</span>"; see
			// fixtures/pages/y-zeit-dpa-niedersachsen-bremen-cyberabwehr.html.
			parts[len(parts)-1] += t
		default:
			parts = append(parts, t)
			partNodes = append(partNodes, pn)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			cur.WriteString(c.Data)
		case c.Type == html.ElementNode && c.DataAtom == atom.Br:
			flush(nil)
		case c.Type == html.ElementNode && (c.DataAtom == atom.Span || c.DataAtom == atom.Div || c.DataAtom == atom.Small || c.DataAtom == atom.Strong || c.DataAtom == atom.Em || c.DataAtom == atom.B || c.DataAtom == atom.P):
			flush(nil)
			cur.WriteString(nodeText(c))
			flush(c)
		case c.Type == html.ElementNode && c.DataAtom == atom.A && n.FirstChild == c && c.NextSibling == nil:
			return splitHeading(c, refs)
		default:
			if c.Type == html.ElementNode {
				cur.WriteString(nodeText(c))
			}
		}
	}
	flush(nil)
	if len(parts) < 2 {
		return full, ""
	}
	first := parts[0]
	rest := strings.Join(parts[1:], " ")
	if d, err := ParseDate(first); err == nil && d != "" {
		return rest, "" // a date printed inside the heading is neither title nor kicker
	}
	isKickerNode := partNodes[0] != nil && isKickerElement(partNodes[0])
	endsColon := strings.HasSuffix(first, ":")
	matchesRef := false
	for _, r := range refs {
		if r != "" && (r == rest || strings.HasSuffix(r, rest)) && !strings.Contains(r, first+" "+rest) {
			matchesRef = true
		}
	}
	if (isKickerNode || endsColon || (matchesRef && partNodes[0] != nil)) && looksLikeKicker(first) {
		return rest, strings.TrimSpace(strings.TrimSuffix(first, ":"))
	}
	return full, ""
}

// kickerBefore returns the kicker shown as a separate element right before
// heading n: an element with a kicker class, or a short line ending with a
// colon (the legacy Kommune21 layout: "Digitalisierung:" above the title).
func kickerBefore(n *html.Node) string {
	prev := prevElement(n)
	if prev == nil && n.Parent != nil && n.Parent.DataAtom != atom.Body {
		prev = prevElement(n.Parent)
	}
	if prev == nil || skipTags[prev.DataAtom] {
		return ""
	}
	t := squash(nodeText(prev))
	if t == "" || !looksLikeKicker(t) {
		return ""
	}
	if s, _ := markupHints(prev); s && !isKickerElement(prev) {
		return ""
	}
	if isKickerElement(prev) || strings.HasSuffix(t, ":") || (hasStem(classWords(prev), categoryWords) && !hasLink(prev)) {
		return strings.TrimSpace(strings.TrimSuffix(t, ":"))
	}
	return ""
}

// isKickerElement reports whether n's class, id or data attributes name
// it a kicker (data-testid="ArticleHeader.Kicker" on t-online; see
// fixtures/pages/tonline-wolfsburg-digitalisierung.html).
func isKickerElement(n *html.Node) bool {
	words := classWords(n)
	if hasStem(words, kickerWords) {
		return true
	}
	// "c-article__label": a label of the article's own block, right before
	// its headline; see fixtures/pages/x-saarland-it-dienstleister-absichtserklaerung.html.
	if slices.Contains(words, "label") && slices.ContainsFunc(words, func(w string) bool { return hasStem([]string{w}, positiveStems) }) {
		return true
	}
	for _, a := range n.Attr {
		if strings.HasPrefix(a.Key, "data-") || a.Key == "itemprop" {
			v := strings.ToLower(a.Val)
			for _, k := range kickerWords {
				if strings.Contains(v, k) {
					return true
				}
			}
		}
	}
	return false
}

// kickerFromRefs finds "Kicker: Title" in a reference title whose part
// after the colon is the visible title.
func kickerFromRefs(title string, refs []string, site []string) string {
	for _, r := range refs {
		r = stripSite(r, site)
		if k, ok := strings.CutSuffix(r, ": "+title); ok && looksLikeKicker(k+":") {
			return k
		}
	}
	return ""
}

// looksLikeKicker reports whether s can be a roof line: short, not a
// sentence, not a date, not a byline.
func looksLikeKicker(s string) bool {
	s = strings.TrimSuffix(strings.TrimSpace(s), ":")
	if s == "" || utf8.RuneCountInString(s) > 60 || len(strings.Fields(s)) > 7 {
		return false
	}
	if strings.ContainsAny(s, ".!?") && !strings.Contains(s, ". ") && strings.HasSuffix(s, ".") {
		return false
	}
	if anyDateRe.MatchString(s) || strings.HasPrefix(s, "Von ") {
		return false
	}
	return true
}

// prevElement returns the previous sibling element of n that shows text.
func prevElement(n *html.Node) *html.Node {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.ElementNode {
			if skipTags[p.DataAtom] || squash(nodeText(p)) == "" {
				continue
			}
			return p
		}
		if p.Type == html.TextNode && strings.TrimSpace(p.Data) != "" {
			return nil
		}
	}
	return nil
}

// strongAncestor reports whether n sits in boilerplate markup (a logo in
// the site header, a teaser).
//
// Hints on elements that wrap the page's <main> are page-wide
// (Drupal's "dialog-off-canvas-main-canvas", a "navigation-overlay-wrapper"
// around everything) and say nothing about n; see
// fixtures/pages/x-kommunal-was-ist-das-ozg.html.
func strongAncestor(n *html.Node) bool {
	pageWide := false
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type != html.ElementNode {
			continue
		}
		if p.DataAtom == atom.A {
			return true
		}
		if pageWide {
			continue
		}
		if p.DataAtom == atom.Main || strings.EqualFold(attrOf(p, "role"), "main") {
			pageWide = true
			continue
		}
		if s, _ := markupHints(p); s && p.DataAtom != atom.Header {
			return true
		}
	}
	return false
}

// nodeText returns the text of n without the text of script-like elements.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if skipTags[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.Br {
				b.WriteByte(' ')
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				f(c)
			}
			if blockTags[n.DataAtom] {
				b.WriteByte(' ')
			}
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				f(c)
			}
		}
	}
	f(n)
	return b.String()
}

// siteTokens returns normalised names of the site: from og:site_name and
// the host ("www.kommune21.de" → "kommune21").
func siteTokens(siteName, host string) []string {
	var out []string
	h := strings.TrimPrefix(strings.ToLower(host), "www.")
	if i := strings.LastIndexByte(h, '.'); i > 0 {
		h = h[:i]
	}
	if i := strings.LastIndexByte(h, '.'); i >= 0 {
		h = h[i+1:]
	}
	if n := foldAlnum(h); len(n) >= 3 {
		out = append(out, n)
	}
	if n := foldAlnum(siteName); len(n) >= 3 {
		out = append(out, n)
	}
	return out
}

// foldAlnum keeps lower-case letters and digits only.
func foldAlnum(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isSiteName(s string, site []string) bool {
	n := foldAlnum(s)
	for _, t := range site {
		if n == t || (strings.HasPrefix(n, t) && len(n) <= len(t)+8) {
			return true
		}
	}
	return false
}

// stripSite removes the site's name from a page title: "Title - Kommune21
// online | Kommune21 - E-Government, …" → "Title", "t-online | Title" →
// "Title". Without a known site name, a short last segment after " | " or
// " - " is taken for one.
func stripSite(t string, site []string) string {
	t = squash(t)
	if t == "" {
		return ""
	}
	locs := titleSepRe.FindAllStringIndex(t, -1)
	if len(locs) == 0 {
		return t
	}
	// segments[i] spans from the end of separator i-1 to the start of separator i.
	type seg struct{ start, end int }
	segs := make([]seg, 0, len(locs)+1)
	prev := 0
	for _, l := range locs {
		segs = append(segs, seg{prev, l[0]})
		prev = l[1]
	}
	segs = append(segs, seg{prev, len(t)})
	mentions := func(s seg) bool {
		n := foldAlnum(t[s.start:s.end])
		for _, tok := range site {
			if strings.Contains(n, tok) {
				return true
			}
		}
		return false
	}
	for i := 1; i < len(segs); i++ {
		if mentions(segs[i]) {
			return strings.TrimSpace(t[:segs[i-1].end])
		}
	}
	if mentions(segs[0]) && len(segs) > 1 {
		return strings.TrimSpace(t[segs[1].start:])
	}
	// Unknown site name: a short tail after a pipe is the site.
	last := segs[len(segs)-1]
	sep := t[segs[len(segs)-2].end:last.start]
	if strings.Contains(sep, "|") && len(strings.Fields(t[last.start:])) <= 4 && last.start > 20 {
		return strings.TrimSpace(t[:segs[len(segs)-2].end])
	}
	return t
}
