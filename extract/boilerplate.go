package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A textBlock is one paragraph-like run of text in document order: the text of
// a block-level element up to the next block-level boundary.
type textBlock struct {
	node    *html.Node // nearest block-level element around the text
	text    string
	chars   int // runes of text
	links   int // runes of text inside <a href>
	bold    int // runes of text inside <b>/<strong>
	heading int // 1-6 inside <h1>-<h6>, else 0
	item    bool
	// strong is set inside elements the markup marks as boilerplate:
	// nav, aside, footer, figure, role=navigation, class "cookie", "share", ...
	strong bool
	// weak is set inside elements whose class suggests metadata or teasers
	// ("teaser", "meta", "date", "byline"): such a block goes only when it
	// also looks like one (short, or linked).
	weak   bool
	hidden bool
}

func (b *textBlock) linkDensity() float64 {
	if b.chars == 0 {
		return 0
	}
	return float64(b.links) / float64(b.chars)
}

// skipTags hold no readable text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Button: true, atom.Select: true, atom.Option: true,
	atom.Textarea: true, atom.Input: true, atom.Head: true, atom.Map: true, atom.Video: true,
	atom.Audio: true, atom.Link: true, atom.Meta: true, atom.Title: true, atom.Img: true,
	atom.Label: true, atom.Datalist: true, atom.Dialog: true,
}

// blockTags end the current block.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true,
	atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true,
	atom.P: true, atom.Pre: true, atom.Section: true, atom.Table: true, atom.Tbody: true,
	atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Ul: true, atom.Br: true, atom.Summary: true, atom.Center: true, atom.Caption: true,
	atom.Menu: true, atom.Legend: true,
}

// strongTags are boilerplate by their tag alone.
var strongTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Figure: true,
	atom.Figcaption: true, atom.Menu: true,
}

// strongRoles are ARIA roles of boilerplate regions.
var strongRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "dialog": true, "alertdialog": true, "menu": true, "menubar": true,
	"toolbar": true,
}

// strongTokens are class/id words that mark boilerplate; strongStems the
// same as prefixes of a word ("socialshare", "cookiebanner").
var strongTokens = map[string]bool{
	"nav": true, "navi": true, "menu": true, "menue": true, "ad": true, "ads": true,
	"adslot": true, "tags": true, "print": true, "abo": true, "skip": true,
	"hidden": true, "sronly": true, "hideaccessible": true, "invisible": true, "pager": true, "credits": true, "credit": true,
	"caption": true, "bu": true, "legend": true, "breadcrumb": true, "breadcrumbs": true,
	"keywords": true, "stichworte": true, "schlagworte": true, "modal": true,
	"popup": true, "overlay": true, "offcanvas": true, "login": true, "search": true, "suche": true,
	// The author's bio box under a column ("tk-article__bio", "author-bio");
	// see fixtures/pages/y-treffpunkt-kommune-kolumne-registermodernisierung.html.
	"bio": true, "authorbio": true, "autorenbio": true, "autorbio": true,
}

var strongStems = []string{
	"comment", "kommentar", "disqus", "cookie", "consent", "gdpr", "dsgvo", "newsletter",
	"share", "sharing", "social", "shariff", "related", "recommend", "empfehl", "sidebar",
	"navbar", "navigation", "footer", "banner", "advert", "anzeige", "werbung", "sponsor",
	"promo", "paywall", "pagination", "tagcloud", "taglist", "caption", "bildunterschrift",
	"copyright", "bildnachweis", "bildquelle", "fotonachweis", "widget", "marginal",
	"subscribe", "toolbar", "screenreader", "visuallyhidden", "drucken", "druckversion",
	"mehrzumthema", "weiterlesen", "readmore", "morearticles", "teaserlist", "teaserbox",
	"rating", "voting", "infobox-ad", "outbrain", "taboola", "plista", "googleads",
	// Audio and video players print their own title, broadcast line and
	// author ("Autor/in: …"); see fixtures/pages/x-ndr-varel-kuendigt-kdo.html.
	"audio", "podcast", "player", "mediaplayer", "programmtipp",
}

// weakTokens are class/id words of metadata and teasers.
var weakStems = []string{"teaser", "meta", "date", "datum", "byline", "author", "autor", "info", "time", "kicker", "dachzeile"}

// positiveStems are class/id words of article bodies.
var positiveStems = []string{"article", "artikel", "content", "entry", "main", "post", "story", "text", "body", "meldung", "beitrag", "news", "lead", "intro"}

// classWords returns the lower-case words of n's class and id.
func classWords(n *html.Node) []string {
	var s string
	for _, a := range n.Attr {
		if a.Key == "class" || a.Key == "id" {
			s += " " + a.Val
		}
	}
	if s == "" {
		return nil
	}
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasStem(words []string, stems []string) bool {
	for _, w := range words {
		for _, s := range stems {
			if strings.HasPrefix(w, s) {
				return true
			}
		}
	}
	return false
}

// markupHints classifies element n by its tag, role and class/id words.
func markupHints(n *html.Node) (strong, weak bool) {
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main:
		// Page-wide classes ("no-sidebar", "has-comments") say nothing
		// about the text; see fixtures/pages/k21-bw-sachsen-kooperation.html.
		return false, false
	}
	if strongTags[n.DataAtom] {
		return true, false
	}
	if r := strings.ToLower(attrOf(n, "role")); strongRoles[r] {
		return true, false
	}
	if isHidden(n) {
		return true, false
	}
	if n.DataAtom == atom.Article {
		// WordPress puts every taxonomy and feature on <article>
		// ("tag-x", "steady-paywall-container"); its classes say nothing
		// about boilerplate. Teaser <article>s go by their links instead.
		return false, false
	}
	words := classWords(n)
	// classWords splits "sr-only" and "visually-hidden"; join pairs back.
	// ("sr" alone is no token: BEM names such as "sr-grid__main" start
	// with it; see TestContentSnippets.)
	for i, w := range words {
		if strongTokens[w] || (i+1 < len(words) && strongTokens[w+words[i+1]]) {
			return true, false
		}
	}
	if hasStem(words, strongStems) {
		return true, false
	}
	for _, w := range words {
		// "mainnav", "subnav", "topmenu"
		if strings.HasSuffix(w, "nav") || strings.HasSuffix(w, "navi") || strings.HasSuffix(w, "menu") {
			return true, false
		}
		// "imgcaption", "bildcaption": captions name the people in the
		// photo and its photographer; see
		// fixtures/pages/x-wedemark-govdigital-beitritt.html.
		if strings.HasSuffix(w, "caption") || strings.HasSuffix(w, "bildunterschrift") {
			return true, false
		}
	}
	return false, hasStem(words, weakStems)
}

// isHidden reports whether n is hidden from readers by markup.
func isHidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			v := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(v, "display:none") || strings.Contains(v, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// walker turns a DOM into blocks.
type walker struct {
	blocks []textBlock
	cur    strings.Builder
	chars  int
	links  int
	bold   int
	// protect holds elements whose hints are ignored: ancestors of the
	// article's own heading and of <article>/<main>, which pages wrap in
	// containers named "content-with-sidebar" and the like.
	protect map[*html.Node]bool
}

type walkState struct {
	node    *html.Node
	strong  bool
	weak    bool
	link    bool
	bold    bool
	heading int
	item    bool
}

func (w *walker) flush(st walkState) {
	if w.chars == 0 {
		w.cur.Reset()
		return
	}
	t := squash(w.cur.String())
	w.cur.Reset()
	chars, links, bold := w.chars, w.links, w.bold
	w.chars, w.links, w.bold = 0, 0, 0
	if t == "" {
		return
	}
	n := utf8.RuneCountInString(t)
	if links > n {
		links = n
	}
	if bold > n {
		bold = n
	}
	_ = chars
	w.blocks = append(w.blocks, textBlock{
		node: st.node, text: t, chars: n, links: links, bold: bold,
		heading: st.heading, item: st.item, strong: st.strong, weak: st.weak,
	})
}

func (w *walker) walk(n *html.Node, st walkState) {
	switch n.Type {
	case html.TextNode:
		s := n.Data
		if strings.TrimSpace(s) == "" {
			if w.chars > 0 {
				w.cur.WriteByte(' ')
			}
			return
		}
		w.cur.WriteString(s)
		c := utf8.RuneCountInString(strings.TrimSpace(s))
		w.chars += c
		if st.link {
			w.links += c
		}
		if st.bold {
			w.bold += c
		}
		return
	case html.ElementNode:
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c, st)
		}
		return
	default:
		return
	}
	if skipTags[n.DataAtom] {
		return
	}
	isBlock := blockTags[n.DataAtom]
	// Inline elements that carry their own hint (a <span class="caption">
	// run into a paragraph) must not share a block with their neighbours.
	s, wk := markupHints(n)
	if w.protect[n] {
		s, wk = false, false
	}
	if (s || wk) && !isBlock && n.DataAtom != atom.A {
		isBlock = true
	}
	if n.DataAtom == atom.Header && !s && !w.protect[n] && !insideArticle(n) {
		s = true
	}
	if isBlock {
		w.flush(st)
		if n.DataAtom == atom.Br || n.DataAtom == atom.Hr {
			return
		}
	}
	child := st
	if isBlock {
		child.node = n
	}
	child.strong = st.strong || s
	child.weak = st.weak || wk
	switch n.DataAtom {
	case atom.A:
		if attrOf(n, "href") != "" {
			child.link = true
		}
	case atom.B, atom.Strong:
		child.bold = true
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		child.heading = int(n.Data[1] - '0')
	case atom.Li, atom.Dt, atom.Dd:
		child.item = true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, child)
	}
	if isBlock {
		w.flush(child)
	}
}

// insideArticle reports whether n has an <article> or <main> ancestor.
func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main || strings.EqualFold(attrOf(p, "role"), "main") {
			return true
		}
	}
	return false
}

// blocksOf walks the document and returns its blocks in document order.
// Hints on ancestors of protected nodes are ignored.
func blocksOf(doc *html.Node, protected ...*html.Node) []textBlock {
	w := &walker{protect: map[*html.Node]bool{}}
	mark := func(n *html.Node) {
		for p := n; p != nil; p = p.Parent {
			w.protect[p] = true
		}
	}
	for _, p := range protected {
		if p != nil {
			mark(p)
		}
	}
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Article || n.DataAtom == atom.Main || strings.EqualFold(attrOf(n, "role"), "main") || attrOf(n, "itemprop") == "articleBody") {
			mark(n.Parent)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	w.walk(doc, walkState{node: doc})
	w.flush(walkState{node: doc})
	return w.blocks
}

// mainContainer scores the ancestors of every paragraph-like block the way
// readability does (text length, commas, class words, link density) and
// returns the best one and those of its siblings that hold text of the same
// kind.
func mainContainer(blocks []textBlock) []*html.Node {
	type stat struct {
		score        float64
		chars, links int
	}
	stats := map[*html.Node]*stat{}
	var order []*html.Node // first touch, which follows document order
	get := func(n *html.Node) *stat {
		s := stats[n]
		if s == nil {
			s = &stat{score: initialScore(n)}
			stats[n] = s
			order = append(order, n)
		}
		return s
	}
	for _, b := range blocks {
		if b.strong {
			continue
		}
		for p, lvl := b.node, 0; p != nil && lvl < 40; p, lvl = p.Parent, lvl+1 {
			if p.Type != html.ElementNode {
				break
			}
			s := get(p)
			s.chars += b.chars
			s.links += b.links
		}
		if b.chars < 25 || b.linkDensity() > 0.5 || b.heading > 0 {
			continue
		}
		sc := 1 + float64(strings.Count(b.text, ",")) + min(float64(b.chars)/100, 3)
		if b.weak {
			sc /= 2
		}
		for p, lvl := b.node, 0; p != nil && lvl < 5; p, lvl = p.Parent, lvl+1 {
			if p.Type != html.ElementNode {
				break
			}
			div := 1.0
			switch {
			case lvl == 0:
				// A paragraph scores for itself only when it is a div-like
				// container of text (pages that put all text in one div).
				if b.node.DataAtom == atom.P {
					continue
				}
			case lvl == 1:
				div = 1
			case lvl == 2:
				div = 2
			default:
				div = float64(lvl) * 3
			}
			get(p).score += sc / div
		}
	}
	var top *html.Node
	best := 0.0
	for _, n := range order {
		s := stats[n]
		if s.chars == 0 {
			continue
		}
		f := s.score * (1 - float64(s.links)/float64(s.chars))
		if top == nil || f > best {
			top, best = n, f
		}
	}
	if top == nil {
		return nil
	}
	out := []*html.Node{top}
	if top.Parent == nil {
		return out
	}
	threshold := max(10, best*0.2)
	for c := top.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c == top || c.Type != html.ElementNode {
			continue
		}
		s := stats[c]
		if s == nil || s.chars == 0 {
			continue
		}
		if sh, _ := markupHints(c); sh {
			continue
		}
		ld := float64(s.links) / float64(s.chars)
		f := s.score * (1 - ld)
		if f >= threshold || (c.DataAtom == atom.P && s.chars > 80 && ld < 0.25) {
			out = append(out, c)
		}
	}
	return out
}

// initialScore rates an element before its text is counted.
func initialScore(n *html.Node) float64 {
	s := 0.0
	switch n.DataAtom {
	case atom.Div:
		s = 5
	case atom.Article, atom.Main:
		s = 10
	case atom.Section, atom.Pre, atom.Td, atom.Blockquote:
		s = 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		s = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		s = -5
	case atom.Body, atom.Html:
		s = -20
	}
	if attrOf(n, "itemprop") == "articleBody" {
		s += 30
	}
	words := classWords(n)
	if strong, weak := markupHints(n); strong {
		s -= 25
	} else if weak {
		s -= 10
	}
	if hasStem(words, positiveStems) {
		s += 25
	}
	return s
}

// insideAny reports whether n is one of roots or inside one of them.
func insideAny(n *html.Node, roots map[*html.Node]bool) bool {
	for p := n; p != nil; p = p.Parent {
		if roots[p] {
			return true
		}
	}
	return false
}
