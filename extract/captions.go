package extract

import (
	"strings"

	"github.com/coopwatch/coopwatch/extract/gazetteer"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// captionsOf returns the photo captions of the article whose headline is
// node h: the <figcaption>s inside the same <article> (or, without one,
// <main>) as the headline, outside asides, navigation and footers, each
// cut before its credit ("Foto: …", "©"). The content extractor drops
// captions as boilerplate, but a caption such as "Landrätin X (links) und
// Bürgermeister Y unterzeichnen …" may be the only place that names the
// signatories (q2-kreis-harz-wernigerode-vergabestelle).
func captionsOf(h *html.Node) []string {
	if h == nil {
		return nil
	}
	scope := h.Parent
	for scope != nil && !(scope.Type == html.ElementNode && scope.DataAtom == atom.Article) {
		scope = scope.Parent
	}
	if scope == nil {
		for scope = h.Parent; scope != nil && !(scope.Type == html.ElementNode && scope.DataAtom == atom.Main); scope = scope.Parent {
		}
	}
	if scope == nil {
		return nil
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.DataAtom {
		case atom.Aside, atom.Nav, atom.Footer, atom.Header, atom.Script, atom.Style:
			return
		case atom.Figcaption:
			if c := cutCredit(squash(nodeText(n))); c != "" && !archivePicture(c) && namesOffice(c) {
				out = append(out, c)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(scope)
	return out
}

// archivePicture reports whether caption c shows an earlier occasion ("bei
// der Vorstellung … im vergangenen Herbst", "Archivbild"): its people are
// not the story's (x-egovernment-bremen-niedersachsen-eakte).
func archivePicture(c string) bool {
	low := strings.ToLower(c)
	for _, w := range []string{"archiv", "vergangenen", "vorjahr", "damals", "seinerzeit"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// namesOffice reports whether caption c holds an office word
// ("Landrätin", "Oberbürgermeister"), without which captionPeople would
// take nobody: the cheap test that spares analysing most captions.
func namesOffice(c string) bool {
	for _, w := range strings.Fields(c) {
		w = strings.Trim(w, ",.;:()„“\"")
		if w == "" || w[0] < 'A' || w[0] > 'Z' && w[0] < 0x80 {
			continue
		}
		if _, ok := gazetteer.Role(w); ok {
			return true
		}
	}
	return false
}

// creditMarks open a photo credit inside a caption.
var creditMarks = []string{"Foto:", "Fotos:", "Foto ©", "Bild:", "Bilder:", "Bildquelle:", "Quelle:", "Fotograf:", "Fotografin:", "Copyright", "©", "(Foto", "(Bild", "Foto/", "Foto -", "Foto –"}

// cutCredit returns caption c without its credit and what follows it.
func cutCredit(c string) string {
	for _, m := range creditMarks {
		if i := strings.Index(c, m); i >= 0 {
			c = c[:i]
		}
	}
	return strings.TrimSpace(c)
}

// captionPeople adds the people that the captions name with an office and
// the article's text does not name: the caption is analysed alone, and a
// name without an office (a photographer, a passer-by) is never taken.
func (x *Extractor) captionPeople(a *Article, captions []string) {
	if len(captions) == 0 {
		return
	}
	c := Article{Text: strings.Join(captions, "\n\n"), Published: a.Published, Authors: a.Authors, FetchedAt: a.FetchedAt}
	x.analyze(&c)
	for _, p := range c.People {
		if p.Role == "" {
			continue
		}
		known := false
		for _, q := range a.People {
			if strings.EqualFold(q.Name, p.Name) || strings.HasSuffix(q.Name, " "+lastWord(p.Name)) {
				known = true
				break
			}
		}
		if !known {
			a.People = append(a.People, p)
		}
	}
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}
