package corpus

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// fill replaces the filler markers in page so that it is about target
// bytes long: inline CSS, inline script (configuration, tracking, an SVG
// sprite) and a list of links, as real pages carry them. The split varies
// per page.
func fill(r *rand.Rand, page string, target int) string {
	need := target - len(page) + len(fillStyle) + len(fillScript) + len(fillLinks)
	if need < 0 {
		need = 0
	}
	links := need * (15 + r.IntN(25)) / 100
	style := (need - links) * (30 + r.IntN(40)) / 100
	script := need - links - style
	page = strings.Replace(page, fillLinks, fillerLinks(r, links), 1)
	page = strings.Replace(page, fillStyle, fillerCSS(r, style), 1)
	return strings.Replace(page, fillScript, fillerScript(r, script), 1)
}

var cssParts = strings.Fields(`header nav teaser meta box widget card grid col row item title kicker
excerpt footer aside list link button badge label icon media figure caption share tags related banner
consent modal overlay menu sub toggle search form input field logo brand main content entry`)

var cssProps = []string{"margin:0 0 %dpx", "padding:%dpx %dpx", "font-size:%dpx", "line-height:1.%d",
	"color:#%03x", "background:#%03x", "border-bottom:1px solid #%03x", "width:%d%%", "max-width:%dpx",
	"display:flex", "display:none", "position:relative", "z-index:%d", "gap:%dpx", "font-weight:%d00",
	"text-transform:uppercase", "letter-spacing:.0%dem", "border-radius:%dpx", "transition:opacity .%ds ease"}

func fillerCSS(r *rand.Rand, n int) string {
	var b strings.Builder
	b.Grow(n + 128)
	for b.Len() < n {
		if r.IntN(12) == 0 {
			b.WriteString("@media (max-width:" + strconv.Itoa(480+r.IntN(800)) + "px){")
		}
		b.WriteString("." + pick(r, cssParts) + "-" + pick(r, cssParts))
		if r.IntN(2) == 0 {
			b.WriteString(" ." + pick(r, cssParts) + "__" + pick(r, cssParts))
		}
		b.WriteString("{")
		for k := 1 + r.IntN(4); k > 0; k-- {
			p := pick(r, cssProps)
			for strings.Contains(p, "%") {
				i := strings.Index(p, "%")
				switch {
				case strings.HasPrefix(p[i:], "%03x"):
					p = p[:i] + strconv.FormatInt(int64(r.IntN(4096)), 16) + p[i+4:]
				case strings.HasPrefix(p[i:], "%%"):
					p = p[:i] + "%" + p[i+2:]
					i = -1
				default:
					p = p[:i] + strconv.Itoa(1+r.IntN(40)) + p[i+2:]
				}
				if i == -1 {
					break
				}
			}
			b.WriteString(p + ";")
		}
		b.WriteString("}\n")
		if r.IntN(12) == 0 {
			b.WriteString("}\n")
		}
	}
	return b.String()
}

// fillerScript is the inline JavaScript of a page: an ad and tracking
// configuration, an SVG sprite written by script, and small functions.
func fillerScript(r *rand.Rand, n int) string {
	var b strings.Builder
	b.Grow(n + 256)
	b.WriteString("window.dataLayer=window.dataLayer||[];var siteConfig={\"ads\":[")
	for b.Len() < n/3 {
		b.WriteString(`{"zone":` + strconv.Itoa(r.IntN(90)) + `,"sizes":[[300,250],[728,90]],"targeting":{"rubrik":"` + pick(r, cssParts) + `","pos":"` + pick(r, cssParts) + `"}},`)
	}
	b.WriteString("{}]};\nvar sprite='<svg xmlns=\"http://www.w3.org/2000/svg\" style=\"display:none\">")
	for b.Len() < 2*n/3 {
		b.WriteString("<symbol id=\"i-" + pick(r, cssParts) + strconv.Itoa(r.IntN(99)) + "\" viewBox=\"0 0 24 24\"><path d=\"M")
		for k := 4 + r.IntN(10); k > 0; k-- {
			b.WriteString(strconv.Itoa(r.IntN(24)) + "." + strconv.Itoa(r.IntN(10)) + " " + strconv.Itoa(r.IntN(24)) + "." + strconv.Itoa(r.IntN(10)) + "L")
		}
		b.WriteString("12 12z\"/></symbol>")
	}
	b.WriteString("</svg>';\n")
	for b.Len() < n {
		f := pick(r, cssParts) + strings.ToUpper(pick(r, cssParts)[:1]) + pick(r, cssParts)[1:]
		b.WriteString("function " + f + "(e){var t=document.querySelectorAll('." + pick(r, cssParts) + "');for(var i=0;i<t.length;i++){t[i].classList.toggle('is-" + pick(r, cssParts) + "',e&&e.detail>" + strconv.Itoa(r.IntN(100)) + ");}}\n")
	}
	return b.String()
}

var linkWords = strings.Fields(`Abfallkalender Amtsblatt Ausschreibungen Bauleitplanung Bürgerbüro
Fundbüro Formulare Gewerbe Hundesteuer Kita-Platz Meldewesen Öffnungszeiten Personalausweis Reisepass
Satzungen Standesamt Stellenangebote Termine Veranstaltungen Wahlen Wohngeld Zulassung Newsletter
Archiv Mediadaten Podcast Webinare Stellenmarkt Produkte Anbieter Dossiers`)

func fillerLinks(r *rand.Rand, n int) string {
	var b strings.Builder
	b.Grow(n + 128)
	for b.Len() < n {
		w := pick(r, linkWords)
		b.WriteString(`<li><a href="/service/` + dashSlug(w) + "-" + strconv.Itoa(r.IntN(500)) + `/">` + w + " " + pick(r, linkWords) + "</a></li>\n")
	}
	return b.String()
}
