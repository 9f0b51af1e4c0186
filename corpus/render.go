package corpus

import (
	"html"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Markers where render puts the filler that brings a page to its size.
const (
	fillStyle  = "\x00style\x00"
	fillScript = "\x00script\x00"
	fillLinks  = "\x00links\x00"
)

var esc = html.EscapeString

// render lays out st as a page of its layout.
func (g *Generator) render(st *story) Page {
	r := g.rng(st.meta.N, 1)
	art := st.write(r)
	if st.meta.Charset == "iso-8859-1" {
		art.lead = latin1Safe(art.lead)
		for i := range art.paras {
			art.paras[i] = latin1Safe(art.paras[i])
		}
	}
	target := MinSize + 2048 + r.IntN(MaxSize-MinSize-4096)
	var b strings.Builder
	b.Grow(target + 4096)
	switch st.meta.Layout {
	case LayoutK21Legacy:
		g.legacy(&b, r, st, art)
	case LayoutK21Current:
		g.current(&b, r, st, art)
	case LayoutNews:
		g.news(&b, r, st, art)
	case LayoutMunicipal:
		g.municipal(&b, r, st, art)
	default:
		g.ministry(&b, r, st, art)
	}
	s := fill(r, b.String(), target)
	p := Page{Meta: st.meta, ContentType: "text/html; charset=utf-8"}
	if st.meta.Charset == "iso-8859-1" {
		p.ContentType = "text/html"
		p.Body = toLatin1(latin1Safe(s))
	} else {
		p.Body = []byte(s)
	}
	return p
}

func toLatin1(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			r = '?'
		}
		out = append(out, byte(r))
	}
	return out
}

// teaser is another page of the corpus as a list names it.
type teaser struct {
	meta    Meta
	summary string
}

// teasers returns k teasers of pages near st's, older ones mostly, as
// related-article lists show them.
func (g *Generator) teasers(r *rand.Rand, n, k int) []teaser {
	out := make([]teaser, 0, k)
	seen := map[int]bool{n: true}
	for i := 0; i < k; i++ {
		j := n + 1 + i*(1+r.IntN(7))
		if r.IntN(4) == 0 && n > i {
			j = n - 1 - i
		}
		if seen[j] {
			continue
		}
		seen[j] = true
		out = append(out, g.teaser(j))
	}
	return out
}

func (g *Generator) teaser(j int) teaser {
	st := g.story(j)
	r := g.rng(j, 2)
	ps := st.parties
	var s string
	if isCooperation(st.kind) {
		s = capFirst(names(ps, nom)) + " arbeiten künftig bei " + st.topic.Gen + " zusammen."
	} else {
		s = capFirst(ps[0].nom) + " setzt auf " + st.topic.Akk + "."
	}
	p := st.people[0]
	s += " " + p.Role + " " + p.Name() + " " + pick(r, []string{"zieht eine positive Bilanz.", "rechnet mit einem Start im Herbst.", "spricht von einem wichtigen Signal."})
	if st.meta.Charset == "iso-8859-1" {
		s = latin1Safe(s)
	}
	return teaser{meta: st.meta, summary: s}
}

// legacyDate is Kommune21's old date: "[29.4.2021]".
func legacyDate(t time.Time) string {
	return "[" + strconv.Itoa(t.Day()) + "." + strconv.Itoa(int(t.Month())) + "." + strconv.Itoa(t.Year()) + "]"
}

// paddedDate is "26.08.2025".
func paddedDate(t time.Time) string { return t.Format("02.01.2006") }

func (g *Generator) legacy(b *strings.Builder, r *rand.Rand, st *story, a article) {
	m, t := st.meta, st.meta.Truth
	id := strconv.Itoa(idBase[LayoutK21Legacy] + m.N)
	site := map[string]string{"www.kommune21.de": "Kommune21", "www.move-online.de": "move", "www.stadt-und-werk.de": "stadt+werk"}[st.host]
	b.WriteString(`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="de" lang="de">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=` + m.Charset + `" />
<title>` + esc(t.Title) + ` - ` + site + ` online | ` + site + ` - E-Government, Internet und Informationstechnik</title>
<meta name="description" content="` + esc(a.lead) + `" />
<meta name="keywords" content="` + esc(strings.Join(keywords(st), ", ")) + `" />
<meta name="robots" content="index, follow" />
<link rel="canonical" href="` + m.URL + `" />
<meta property="og:type" content="article" />
<meta property="og:title" content="` + esc(t.Title) + `" />
<meta property="og:url" content="` + m.URL + `" />
<meta property="og:image" content="https://` + st.host + `/images/meldungen/` + id + `_m.jpg" />
<link rel="stylesheet" type="text/css" href="/css/basis.css?v=20190412" />
<style type="text/css">` + fillStyle + `</style>
<script type="text/javascript" src="/js/jquery-1.12.4.min.js"></script>
<script type="text/javascript">var k21 = k21 || {}; k21.seite = { typ: "meldung", id: ` + id + ` };</script>
</head>
<body class="meldung" id="seite-` + id + `">
<div id="cookie-hinweis" role="dialog">Diese Website verwendet ausschließlich technisch notwendige Cookies. Die Reichweitenmessung erfolgt ohne Cookies und anonymisiert. <a href="/datenschutz.html">Mehr erfahren</a> <button type="button">Verstanden</button></div>
<div id="seite">
<div id="topleiste"><span class="verlag">Ein Angebot der K21 media GmbH</span><ul><li><a href="/newsletter.html">Newsletter</a></li><li><a href="/abo.html">Abonnement</a></li><li><a href="/mediadaten.html">Mediadaten</a></li><li><a href="/kontakt.html">Kontakt</a></li></ul></div>
<div id="kopf"><a href="/" class="logo"><img src="/images/layout/logo.png" width="220" height="64" alt="` + site + `" /></a><span class="claim">E-Government, Internet und Informationstechnik</span>
<div class="banner-top werbeflaeche"><span class="anzeige-label">Anzeige</span><ins data-revive-zoneid="12"></ins></div></div>
<div id="hauptnavigation" role="navigation">`)
	legacyNav(b)
	b.WriteString(`</div>
<div id="brotkrumen"><a href="/">Home</a> &raquo; <a href="/meldungen/">Meldungen</a> &raquo; <a href="/rubrik_` + dashSlug(st.topic.Kicker) + `.html">` + esc(st.topic.Kicker) + `</a></div>
<div id="inhalt"><div id="spalte-haupt">
<div class="meldung" id="meldung-` + id + `">
<div class="dachzeile">` + esc(t.Kicker) + `:</div>
<h1>` + esc(t.Title) + `</h1>
<p class="vorspann">`)
	if st.dated {
		b.WriteString(`<span class="datum">` + legacyDate(st.published) + `</span> `)
	}
	b.WriteString(esc(a.lead) + `</p>
<div class="text">
<div class="bild"><img src="/images/meldungen/` + id + `_m.jpg" width="260" height="173" alt="" /><div class="bu">` + esc(caption(r, st)) + `</div></div>
`)
	for i, p := range a.paras {
		if h, ok := a.heads[i]; ok {
			b.WriteString("<strong>" + esc(h) + "</strong><br />\n")
		}
		b.WriteString(esc(p))
		if i == len(a.paras)-1 {
			b.WriteString(" " + st.initials)
		}
		b.WriteString("<br />\n")
	}
	b.WriteString(`</div>
<div class="quellen"><a href="https://www.` + dashSlug(st.parties[0].Short) + `.de" target="_blank">https://www.` + dashSlug(st.parties[0].Short) + `.de</a></div>
<div class="stichwoerter">Stichwörter: `)
	for i, k := range keywords(st) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`<a href="/suche.html?stichwort=` + esc(k) + `">` + esc(k) + `</a>`)
	}
	b.WriteString(`</div>
<div class="bildquelle">Bildquelle: ` + esc(pick(r, surnames)) + `/Stadtverwaltung</div>
<div class="werkzeuge"><a href="/druck_` + id + `.html" rel="nofollow">Druckversion</a> <a href="/meldung_` + id + `.pdf" rel="nofollow">PDF</a> <a href="mailto:?subject=` + esc(t.Title) + `" rel="nofollow">Link mailen</a></div>
</div>
<div class="weitere-meldungen"><h2>Weitere Meldungen und Beiträge aus dem Bereich ` + esc(st.topic.Kicker) + `</h2>
`)
	for _, tz := range g.teasers(r, m.N, 4+r.IntN(5)) {
		tm := tz.meta
		b.WriteString(`<div class="teaser"><h3><a href="` + escapePath(tm.Path) + `"><span class="dachzeile">` + esc(tm.Truth.Kicker) + `:</span> ` + esc(tm.Truth.Title) + `</a></h3>
<p><span class="datum">` + legacyDate(teaserDate(tm)) + `</span> ` + esc(tz.summary) + ` <a href="` + escapePath(tm.Path) + `" class="mehr">mehr...</a></p></div>
`)
	}
	b.WriteString(`</div>
</div>
<div id="spalte-rand">
<div class="box" id="suche"><form action="/suche.html" method="get"><input type="text" name="q" placeholder="Suchen..." /><button type="submit">Suchen</button></form></div>
`)
	advertisers(b, r)
	b.WriteString(`<div class="box meistgelesen"><h3>Meistgelesen</h3><ul>` + fillLinks + `</ul></div>
</div></div>
<div id="fuss"><div class="spalte"><strong>` + site + `</strong><ul><li><a href="/heft.html">Aktuelle Ausgabe</a></li><li><a href="/archiv.html">Heftarchiv</a></li><li><a href="/abo.html">Abonnement</a></li></ul></div>
<div class="spalte"><strong>K21 media GmbH</strong><ul><li><a href="/impressum.html">Impressum</a></li><li><a href="/datenschutz.html">Datenschutzerklärung</a></li><li><a href="/agb.html">AGB</a></li></ul></div>
<div class="copyright">&copy; ` + strconv.Itoa(st.published.Year()+1) + ` K21 media GmbH &middot; Heinrich-Wieland-Straße 6 &middot; 72072 Tübingen &middot; Alle Rechte vorbehalten.</div></div>
</div>
<script type="text/javascript">` + fillScript + `</script>
</body>
</html>
`)
}

func legacyNav(b *strings.Builder) {
	b.WriteString(`<ul class="ebene1">`)
	for _, sec := range navSections {
		b.WriteString(`<li><a href="/` + dashSlug(sec[0]) + `.html">` + sec[0] + `</a><ul class="ebene2">`)
		for _, s := range sec[1:] {
			b.WriteString(`<li><a href="/rubrik_` + dashSlug(s) + `.html">` + s + `</a></li>`)
		}
		b.WriteString("</ul></li>\n")
	}
	b.WriteString("</ul>")
}

var navSections = [][]string{
	{"E-Government", "Politik", "Panorama", "Organisation", "Bürgerservice", "Portale", "Fachverfahren", "Finanzwesen", "Geodaten", "IT-Sicherheit", "Infrastruktur"},
	{"Smart City", "Digitale Stadt", "Breitband", "Mobilität", "Energie", "Open Data"},
	{"Schul-IT", "DigitalPakt", "Schulträger", "Medienentwicklung", "Lernplattformen"},
	{"Praxis", "Best Practice", "Interviews", "Schwerpunkte", "Kommentare"},
	{"IT-Guide", "Anbieter A-Z", "Produkte", "IT-Guide Plus"},
	{"Termine", "Kongresse", "Messen", "Seminare", "Webinare"},
}

func advertisers(b *strings.Builder, r *rand.Rand) {
	b.WriteString(`<div class="box anbieter-liste"><h3>Anbieter zum Thema</h3>`)
	for k := 3 + r.IntN(4); k > 0; k-- {
		f := pick(r, firms)
		b.WriteString(`<div class="anbieter"><a href="/it-guide/anbieter_` + strconv.Itoa(1000+r.IntN(9000)) + `.html" class="firma">` + f[0] + `</a><br /><span class="ort">` + f[1] + `</span></div>`)
	}
	b.WriteString("</div>\n")
}

// firms are invented software vendors with their town, as advertisers'
// boxes list them.
var firms = [][2]string{
	{"Datenwerk Kommunal GmbH", "89081 Ulm"}, {"Civitas Software AG", "23556 Lübeck"}, {"Formular-Manufaktur GmbH", "76131 Karlsruhe"},
	{"NordAkte Systems GmbH", "24103 Kiel"}, {"Ratsinfo Plus GmbH", "04103 Leipzig"}, {"Geoline Solutions GmbH", "44799 Bochum"},
	{"Kassenwerk IT GmbH", "90402 Nürnberg"}, {"Portalbau Süd GmbH", "70173 Stuttgart"},
}

// teaserDate is the date a teaser prints: the page's, or a nearby one for
// pages without a date.
func teaserDate(m Meta) time.Time {
	if t, err := time.Parse(time.DateOnly, m.Truth.Published); err == nil {
		return t
	}
	return newest.AddDate(0, 0, -m.N/12)
}

func keywords(st *story) []string {
	k := []string{st.topic.Short, st.land.Name}
	for _, p := range st.parties {
		if p.Kind != "land" {
			k = append(k, p.Short)
		}
	}
	if isCooperation(st.kind) {
		k = append(k, "Interkommunale Zusammenarbeit")
	}
	return k
}

// caption is an image caption naming the people, as captions do.
func caption(r *rand.Rand, st *story) string {
	p := st.people[0]
	return pick(r, []string{
		p.Role + " " + p.Name() + " bei der Vorstellung des Projekts.",
		"Von links: " + p.Name() + " und Vertreter der beteiligten Verwaltungen.",
		"Das Rathaus von " + st.parties[0].Short + ".",
	})
}

func (g *Generator) current(b *strings.Builder, r *rand.Rand, st *story, a article) {
	m, t := st.meta, st.meta.Truth
	id := strconv.Itoa(idBase[LayoutK21Current] + m.N)
	visit := m.FetchedAt.In(berlin)
	b.WriteString(`<!DOCTYPE html>
<html lang="de-DE">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>` + esc(t.Title) + ` - Kommune21 online | Kommune21 - E-Government, Internet und Informationstechnik</title>
<link rel="canonical" href="` + m.URL + `" />
<meta property="og:locale" content="de_DE" />
<meta property="og:type" content="article" />
<meta property="og:title" content="` + esc(t.Title) + `" />
<meta property="og:url" content="` + m.URL + `" />
<meta property="og:site_name" content="Kommune21" />
<meta property="article:modified_time" content="` + m.FetchedAt.Add(-72*time.Hour).Format(time.RFC3339) + `" />
<link rel='stylesheet' id='k21-style-css' href='https://www.kommune21.de/wp-content/themes/k21/style.css?ver=3.2.1' media='all' />
<style id='k21-inline-css'>` + fillStyle + `</style>
</head>
<body class="k21-meldungen-template-default single single-k21-meldungen postid-` + id + `">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">Zum Inhalt springen</a>
<div class="k21-topbar"><span class="k21-date">` + weekdays[visit.Weekday()] + ", " + germanDate(visit) + `</span>
<span class="k21-topbar-links"><a href="https://www.kommune21.de/newsletter/">Newsletter</a> | <a href="https://www.kommune21.de/abonnement/">Abo</a> | <a href="https://www.kommune21.de/kontakt/">Kontakt</a></span></div>
<header id="masthead" class="site-header"><div class="site-branding"><a href="https://www.kommune21.de/" class="custom-logo-link" rel="home"><img width="260" height="74" src="https://www.kommune21.de/wp-content/uploads/2023/03/k21-logo.svg" class="custom-logo" alt="Kommune21" /></a><p class="site-description">E-Government, Internet und Informationstechnik</p></div>
<div class="k21-header-ad"><span class="k21-ad-label">Anzeige</span><div class="k21-ad-slot" data-zone="leaderboard"></div></div>
<nav id="site-navigation" class="main-navigation" aria-label="Hauptmenü"><ul id="primary-menu" class="menu">`)
	for i, sec := range navSections {
		b.WriteString(`<li id="menu-item-` + strconv.Itoa(1300+i) + `" class="menu-item menu-item-has-children"><a href="https://www.kommune21.de/` + dashSlug(sec[0]) + `/">` + sec[0] + `</a><ul class="sub-menu">`)
		for j, s := range sec[1:] {
			b.WriteString(`<li id="menu-item-` + strconv.Itoa(1400+i*20+j) + `" class="menu-item menu-item-type-taxonomy"><a href="https://www.kommune21.de/category/` + dashSlug(s) + `/">` + s + `</a></li>`)
		}
		b.WriteString("</ul></li>\n")
	}
	b.WriteString(`</ul></nav>
</header>
<main id="primary" class="site-main">
<nav class="yoast-breadcrumbs" aria-label="Breadcrumb"><span><a href="https://www.kommune21.de/">Startseite</a> » <a href="https://www.kommune21.de/k21-meldungen/">Meldungen</a> » <span class="breadcrumb_last">` + esc(t.Title) + `</span></span></nav>
<article id="post-` + id + `" class="post-` + id + ` k21-meldungen type-k21-meldungen status-publish has-post-thumbnail hentry">
<header class="entry-header"><span class="entry-kicker">` + esc(t.Kicker) + `</span><h1 class="entry-title">` + esc(t.Title) + `</h1></header>
<figure class="post-thumbnail wp-caption"><img width="1200" height="675" src="https://www.kommune21.de/wp-content/uploads/bild-` + id + `.jpg" alt="" /><figcaption class="wp-caption-text">` + esc(caption(r, st)) + `</figcaption></figure>
<p class="k21-bildquelle">(Bildquelle: ` + esc(st.parties[0].Name) + `)</p>
<div class="entry-content">
<p><strong>`)
	if st.dated {
		b.WriteString("[" + paddedDate(st.published) + "] ")
	}
	b.WriteString(esc(a.lead) + "</strong></p>\n")
	for i, p := range a.paras {
		if h, ok := a.heads[i]; ok {
			b.WriteString("<h2>" + esc(h) + "</h2>\n")
		}
		b.WriteString("<p>" + esc(p))
		if i == len(a.paras)-1 {
			b.WriteString(" " + st.initials)
		}
		b.WriteString("</p>\n")
	}
	b.WriteString(`</div>
<footer class="entry-footer"><div class="k21-tags"><span>Schlagwörter:</span> `)
	for _, k := range keywords(st) {
		b.WriteString(`<a href="https://www.kommune21.de/tag/` + dashSlug(k) + `/" rel="tag">` + esc(k) + `</a> `)
	}
	b.WriteString(`</div>
<div class="k21-share"><span>Teilen:</span> <a class="k21-share-linkedin" href="https://www.linkedin.com/sharing/share-offsite/?url=` + m.URL + `" rel="nofollow noopener">LinkedIn</a> <a class="k21-print" href="javascript:window.print()" rel="nofollow">Drucken</a></div>
</footer>
</article>
<section class="k21-more-posts" aria-label="Weitere Meldungen"><h2 class="k21-more-title">Weitere Meldungen</h2>
`)
	for _, tz := range g.teasers(r, m.N, 4+r.IntN(6)) {
		tm := tz.meta
		b.WriteString(`<article class="k21-teaser k21-meldungen hentry"><h3 class="k21-teaser-title"><a href="` + tm.URL + `"><span class="k21-teaser-kicker">` + esc(tm.Truth.Kicker) + `:</span> ` + esc(tm.Truth.Title) + `</a></h3>
<div class="k21-teaser-excerpt"><p>[` + paddedDate(teaserDate(tm)) + `] ` + esc(tz.summary) + ` <a href="` + tm.URL + `" class="more-link">mehr...</a></p></div></article>
`)
	}
	b.WriteString(`</section>
</main>
<aside id="secondary" class="widget-area">
<section class="widget widget_k21_ad"><span class="k21-ad-label">Anzeige</span><div class="k21-ad-slot" data-zone="skyscraper"></div></section>
<section class="widget widget_k21_newsletter"><h2 class="widget-title">Newsletter</h2><p>Die wichtigsten Meldungen der Woche kostenlos per E-Mail. Abmeldung jederzeit möglich.</p><form class="k21-newsletter-form" action="https://www.kommune21.de/newsletter/" method="post"><input type="email" name="email" placeholder="E-Mail-Adresse" /><button type="submit">Anmelden</button></form></section>
`)
	advertisers(b, r)
	b.WriteString(`<section class="widget widget_recent"><h2 class="widget-title">Meistgelesen</h2><ul>` + fillLinks + `</ul></section>
</aside>
<footer id="colophon" class="site-footer"><div class="site-info">© K21 media GmbH · <a href="https://www.kommune21.de/impressum/">Impressum</a> · <a href="https://www.kommune21.de/datenschutz/">Datenschutz</a></div></footer>
</div>
<div id="cmplz-cookiebanner" class="cmplz-cookiebanner" role="dialog"><div class="cmplz-message"><p>Um Ihnen ein optimales Erlebnis zu bieten, verwenden wir Technologien wie Cookies. Wenn Sie diesen Technologien zustimmen, können wir Daten wie das Surfverhalten verarbeiten.</p></div><button class="cmplz-accept">Akzeptieren</button> <button class="cmplz-deny">Ablehnen</button></div>
<script id="k21-main-js-extra">` + fillScript + `</script>
</body>
</html>
`)
}

// berlin is the zone pages print their dates in; a fixed offset is close
// enough for generated pages and needs no tzdata.
var berlin = time.FixedZone("CET", 3600)

func (g *Generator) news(b *strings.Builder, r *rand.Rand, st *story, a article) {
	m, t := st.meta, st.meta.Truth
	var paper newspaper
	for _, p := range newspapers {
		if p.host == st.host {
			paper = p
		}
	}
	pub := st.published.In(berlin)
	b.WriteString(`<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="` + m.Charset + `">
<title>` + esc(t.Title) + ` | ` + paper.name + `</title>
<link rel="canonical" href="` + m.URL + `">
<meta property="og:title" content="` + esc(t.Title) + `">
<meta property="article:published_time" content="` + pub.Format(time.RFC3339) + `">
<meta name="author" content="` + esc(st.author) + `">
<style>` + fillStyle + `</style>
</head>
<body class="page page--article">
<div id="consent" class="consent-layer" role="dialog"><p>Wir und unsere Partner verwenden Cookies und ähnliche Technologien, um Inhalte und Anzeigen zu personalisieren und Zugriffe zu analysieren. Mit Klick auf „Zustimmen“ willigen Sie ein. Ihre Einwilligung können Sie jederzeit widerrufen.</p><button>Zustimmen</button> <button>Einstellungen</button></div>
<header class="site-header"><a class="logo" href="/"><img src="/assets/logo.svg" alt="` + paper.name + `" width="160" height="40"></a><div class="tools"><a href="/epaper/">E-Paper</a> <a href="/abo/">Abo</a> <a href="/login/">Anmelden</a></div></header>
<nav class="main-nav" aria-label="Hauptnavigation"><ul>`)
	for _, s := range []string{"Lokales", "Politik", "Wirtschaft", "Sport", "Kultur", "Ratgeber", "Service"} {
		b.WriteString(`<li><a href="/` + dashSlug(s) + `/">` + s + `</a><ul class="sub">`)
		ks := g.pools.lands[r.IntN(len(g.pools.lands))].kreise
		for _, l := range ks[:min(len(ks), 12)] {
			b.WriteString(`<li><a href="/lokales/` + dashSlug(l.Short) + `/">` + esc(l.Short) + `</a></li>`)
		}
		b.WriteString("</ul></li>\n")
	}
	b.WriteString(`</ul></nav>
<div class="grid"><main id="main">
<nav class="breadcrumb"><ol><li><a href="/">Startseite</a></li><li><a href="/lokales/">Lokales</a></li><li><a href="/lokales/` + dashSlug(st.parties[0].Short) + `/">` + esc(st.parties[0].Short) + `</a></li></ol></nav>
<article class="story" data-id="` + strconv.Itoa(idBase[LayoutNews]+m.N) + `">
<header class="story-header">
<h1 class="story-headline"><span class="story-kicker">` + esc(t.Kicker) + `</span> <span class="story-title">` + esc(t.Title) + `</span></h1>
<div class="story-meta"><span class="story-author">Von <a href="/autoren/` + dashSlug(st.author) + `/">` + esc(st.author) + `</a></span> <time datetime="` + pub.Format(time.RFC3339) + `">` + pub.Format("02.01.2006, 15:04") + ` Uhr</time></div>
<div class="story-share"><button>Teilen</button> <button>Merken</button> <a href="#kommentare">Kommentare</a></div>
</header>
<p class="story-lead">` + esc(a.lead) + `</p>
<figure class="story-image"><img src="/bilder/` + strconv.Itoa(m.N) + `.jpg" alt="" width="1200" height="675"><figcaption>` + esc(caption(r, st)) + ` <span class="credit">© ` + esc(pick(r, surnames)) + `</span></figcaption></figure>
<div class="story-body">
`)
	for i, p := range a.paras {
		if h, ok := a.heads[i]; ok {
			b.WriteString(`<h2 class="crosshead">` + esc(h) + "</h2>\n")
		}
		if i == 0 {
			p = "<strong>" + esc(st.parties[0].Short) + "</strong> – " + esc(p)
		} else {
			p = esc(p)
		}
		b.WriteString(`<p class="paragraph">` + p + "</p>\n")
		if i == 1 {
			tz := g.teaser(m.N + 3)
			b.WriteString(`<aside class="inline-teaser"><span>Auch interessant:</span> <a href="` + escapePath(tz.meta.Path) + `">` + esc(tz.meta.Truth.Title) + "</a></aside>\n")
		}
	}
	b.WriteString(`</div>
<footer class="story-footer"><p class="source">(` + esc(st.author) + `)</p><div class="comments" id="kommentare"><h2>Kommentare</h2><p>Um Kommentare zu schreiben, melden Sie sich bitte an.</p></div></footer>
</article>
<section class="related"><h2>Mehr aus der Region</h2><ul>
`)
	for _, tz := range g.teasers(r, m.N, 5+r.IntN(6)) {
		tm := tz.meta
		b.WriteString(`<li><a href="` + escapePath(tm.Path) + `"><span class="kicker">` + esc(tm.Truth.Kicker) + `</span> ` + esc(tm.Truth.Title) + `</a> <time>` + paddedDate(teaserDate(tm)) + "</time><p>" + esc(tz.summary) + "</p></li>\n")
	}
	b.WriteString(`</ul></section>
<section class="newsletter"><h2>Newsletter</h2><p>Die wichtigsten Nachrichten aus der Region jeden Morgen in Ihrem Postfach.</p><form action="/newsletter/" method="post"><input type="email" name="email"><button type="submit">Jetzt anmelden</button></form></section>
</main>
<aside class="aside"><div class="ad" data-ad="sky"><span class="ad-label">Anzeige</span></div>
<section class="box"><h2>Meistgelesen</h2><ol>` + fillLinks + `</ol></section>
<section class="box box--abo"><h2>` + paper.short + ` Plus</h2><p>Alle Artikel, das E-Paper und die App: Jetzt einen Monat für 0,99 Euro testen.</p><a href="/abo/">Zum Angebot</a></section>
</aside></div>
<footer class="site-footer"><p>© ` + paper.name + ` Verlagsgesellschaft mbH. Alle Rechte vorbehalten.</p><ul><li><a href="/impressum/">Impressum</a></li><li><a href="/datenschutz/">Datenschutz</a></li><li><a href="/agb/">AGB</a></li></ul></footer>
<script>` + fillScript + `</script>
</body>
</html>
`)
}

func (g *Generator) municipal(b *strings.Builder, r *rand.Rand, st *story, a article) {
	m, t := st.meta, st.meta.Truth
	owner := st.parties[0]
	pub := st.published.In(berlin)
	b.WriteString(`<!DOCTYPE html>
<html lang="de">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=` + m.Charset + `">
<title>` + esc(t.Title) + `: ` + esc(owner.Name) + `</title>
<meta name="generator" content="TYPO3 CMS">
<link rel="canonical" href="` + m.URL + `">
<style type="text/css">` + fillStyle + `</style>
</head>
<body id="p` + strconv.Itoa(200+r.IntN(800)) + `" class="page-news">
<div id="cookieconsent" class="cc-window" role="dialog">Diese Website nutzt Cookies, um die Bedienfreundlichkeit zu verbessern. <a href="/datenschutz/">Datenschutzerklärung</a> <button class="cc-btn">Alle akzeptieren</button> <button class="cc-btn">Nur notwendige</button></div>
<header id="header"><a href="/" id="logo"><img src="/fileadmin/templates/logo.png" alt="` + esc(owner.Name) + `"></a>
<ul class="serviceleiste"><li><a href="/leichte-sprache/">Leichte Sprache</a></li><li><a href="/gebaerdensprache/">Gebärdensprache</a></li><li><a href="/kontakt/">Kontakt</a></li></ul>
<form action="/suche/" id="search"><input type="text" name="q" placeholder="Suchbegriff"></form></header>
<nav id="mainnav"><ul>`)
	for _, sec := range municipalNav {
		b.WriteString(`<li><a href="/` + dashSlug(sec[0]) + `/">` + sec[0] + `</a><ul>`)
		for _, s := range sec[1:] {
			b.WriteString(`<li><a href="/` + dashSlug(sec[0]) + `/` + dashSlug(s) + `/">` + s + `</a></li>`)
		}
		b.WriteString("</ul></li>\n")
	}
	b.WriteString(`</ul></nav>
<div id="breadcrumb">Sie sind hier: <a href="/">Startseite</a> &gt; <a href="/aktuelles/">Aktuelles</a> &gt; <a href="/aktuelles/pressemitteilungen/">Pressemitteilungen</a></div>
<div id="content"><main>
<div class="news news-single"><div class="article" itemscope itemtype="http://schema.org/Article">
`)
	age := !st.urlDate && r.IntN(2) == 0
	if age {
		days := int(m.FetchedAt.Sub(st.published).Hours() / 24)
		b.WriteString(`<div class="news-list-date">` + pub.Format("02.01.2006 15:04") + ` <span class="news-age">Alter: ` + strconv.Itoa(days) + ` Tag(e)</span></div>
`)
	}
	b.WriteString(`<div class="header"><h1 itemprop="headline">` + esc(t.Title) + `</h1></div>
<div class="teaser-text" itemprop="description"><p>` + esc(a.lead) + `</p></div>
<div class="news-img-wrap"><figure><img src="/fileadmin/_processed_/bild` + strconv.Itoa(m.N) + `.jpg" alt=""><figcaption>` + esc(caption(r, st)) + ` Foto: ` + esc(owner.Name) + `</figcaption></figure></div>
<div class="news-text-wrap" itemprop="articleBody">
`)
	for i, p := range a.paras {
		if h, ok := a.heads[i]; ok {
			b.WriteString("<h3>" + esc(h) + "</h3>\n")
		}
		b.WriteString("<p>" + esc(p) + "</p>\n")
	}
	b.WriteString("</div>\n")
	if !age && !st.urlDate {
		b.WriteString(`<div class="news-footer">Artikel-Informationen<br>erstellt am: ` + paddedDate(pub) + "</div>\n")
	}
	b.WriteString(`<div class="news-backlink-wrap"><a href="/aktuelles/pressemitteilungen/">Zurück zur Übersicht</a></div>
<div class="news-related-wrap"><h4>Weitere Pressemitteilungen</h4><ul>
`)
	for _, tz := range g.teasers(r, m.N, 4+r.IntN(6)) {
		tm := tz.meta
		b.WriteString(`<li><span class="news-list-date">` + paddedDate(teaserDate(tm)) + `</span> <a href="` + escapePath(tm.Path) + `">` + esc(tm.Truth.Title) + "</a></li>\n")
	}
	p := st.people[len(st.people)-1]
	b.WriteString(`</ul></div>
</div></div>
</main>
<aside id="sidebar"><div class="box"><h3>Termine</h3><ul>`)
	for k := 0; k < 5; k++ {
		d := m.FetchedAt.AddDate(0, 0, 3+k*4)
		b.WriteString("<li>" + paddedDate(d) + " – " + esc(pick(r, events)) + "</li>")
	}
	b.WriteString(`</ul></div>
<div class="box"><h3>Pressestelle</h3><p>` + esc(owner.Name) + `<br>Telefon 0` + strconv.Itoa(1000+r.IntN(8999)) + ` ` + strconv.Itoa(100+r.IntN(899)) + `-` + strconv.Itoa(1000+r.IntN(8999)) + `<br>presse@` + strings.TrimPrefix(st.host, "www.") + `</p></div>
<div class="box"><h3>Schnellzugriff</h3><ul>` + fillLinks + `</ul></div>
<div class="box"><h3>Bürgerservice</h3><p>Das Bürgerbüro ist montags bis freitags von 8 bis 12 Uhr geöffnet. Termine vergibt ` + esc(p.Name()) + `s Team auch online.</p></div></aside>
</div>
<footer id="footer"><p>` + esc(owner.Name) + ` · Rathausplatz 1 · Telefon 0` + strconv.Itoa(1000+r.IntN(8999)) + ` 0</p><ul><li><a href="/impressum/">Impressum</a></li><li><a href="/datenschutz/">Datenschutz</a></li><li><a href="/barrierefreiheit/">Barrierefreiheit</a></li></ul></footer>
<script>` + fillScript + `</script>
</body>
</html>
`)
}

var municipalNav = [][]string{
	{"Rathaus und Politik", "Bürgermeister", "Verwaltung", "Ortsrecht", "Wahlen", "Ausschreibungen", "Stellenangebote"},
	{"Leben und Wohnen", "Kinderbetreuung", "Schulen", "Senioren", "Sport", "Bauen", "Umwelt"},
	{"Wirtschaft", "Wirtschaftsförderung", "Gewerbeflächen", "Breitband"},
	{"Kultur und Freizeit", "Bibliothek", "Museum", "Veranstaltungen", "Tourismus"},
	{"Aktuelles", "Pressemitteilungen", "Amtsblatt", "Baustellen"},
}

var events = []string{"Sitzung des Kreistags", "Bürgersprechstunde", "Sitzung des Bauausschusses", "Wochenmarkt", "Infoabend Glasfaser", "Blutspende im Bürgerhaus"}

var capitals = map[string]string{
	"Schleswig-Holstein": "Kiel", "Hamburg": "Hamburg", "Niedersachsen": "Hannover", "Bremen": "Bremen",
	"Nordrhein-Westfalen": "Düsseldorf", "Hessen": "Wiesbaden", "Rheinland-Pfalz": "Mainz", "Baden-Württemberg": "Stuttgart",
	"Bayern": "München", "Saarland": "Saarbrücken", "Berlin": "Berlin", "Brandenburg": "Potsdam",
	"Mecklenburg-Vorpommern": "Schwerin", "Sachsen": "Dresden", "Sachsen-Anhalt": "Magdeburg", "Thüringen": "Erfurt",
}

func (g *Generator) ministry(b *strings.Builder, r *rand.Rand, st *story, a article) {
	m, t := st.meta, st.meta.Truth
	pub := st.published.In(berlin)
	capital := capitals[st.land.Name]
	if capital == "" {
		capital = st.land.Name
	}
	nr := strconv.Itoa(1+r.IntN(300)) + "/" + strconv.Itoa(pub.Year())
	b.WriteString(`<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>` + esc(t.Title) + ` - Landesportal ` + esc(st.land.Name) + `</title>
<link rel="canonical" href="` + m.URL + `">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"` + jsonEsc(t.Title) + `","datePublished":"` + pub.Format(time.RFC3339) + `","publisher":{"@type":"GovernmentOrganization","name":"Landesregierung ` + jsonEsc(st.land.Name) + `"}}</script>
<style>` + fillStyle + `</style>
</head>
<body class="landesportal pressemitteilung">
<div class="cookie-notice" role="dialog"><p>Wir verwenden nur technisch notwendige Cookies. Mit der Nutzung der Website erklären Sie sich damit einverstanden.</p><button>OK</button></div>
<header class="lp-header"><a href="/" class="lp-logo"><img src="/static/wappen.svg" alt="Landesregierung ` + esc(st.land.Name) + `"></a>
<nav class="lp-nav"><ul>`)
	for _, s := range []string{"Themen", "Landesregierung", "Ministerien", "Service", "Presse"} {
		b.WriteString(`<li><a href="/` + dashSlug(s) + `/">` + s + `</a></li>`)
	}
	b.WriteString(`</ul></nav></header>
<div class="lp-breadcrumb"><a href="/">Startseite</a> / <a href="/presse/">Presse</a> / <span>Pressemitteilung</span></div>
<main class="lp-main">
<article class="pm">
<p class="pm-meta">` + esc(st.ministry) + ` · Pressemitteilung Nr. ` + nr + `</p>
<h1 class="pm-title">` + esc(t.Title) + `</h1>
<div class="pm-text">
<p><strong>` + esc(capital) + `, ` + germanDate(pub) + ` –</strong> ` + esc(a.lead) + `</p>
`)
	for i, p := range a.paras {
		if h, ok := a.heads[i]; ok {
			b.WriteString("<h2>" + esc(h) + "</h2>\n")
		}
		b.WriteString("<p>" + esc(p) + "</p>\n")
	}
	b.WriteString(`</div>
<div class="pm-kontakt"><h2>Pressekontakt</h2><p>` + esc(pick(r, g.pools.female)+" "+pick(r, surnames)) + `, Pressesprecherin<br>Telefon 0` + strconv.Itoa(100+r.IntN(899)) + ` ` + strconv.Itoa(1000+r.IntN(8999)) + `</p></div>
</article>
<section class="pm-weitere"><h2>Weitere Pressemitteilungen</h2><ul>
`)
	for _, tz := range g.teasers(r, m.N, 5+r.IntN(5)) {
		tm := tz.meta
		b.WriteString(`<li><a href="` + escapePath(tm.Path) + `">` + esc(tm.Truth.Title) + `</a> <span class="datum">` + germanDate(teaserDate(tm)) + "</span></li>\n")
	}
	b.WriteString(`</ul></section>
</main>
<aside class="lp-aside"><h2>Service</h2><ul>` + fillLinks + `</ul></aside>
<footer class="lp-footer"><ul><li><a href="/impressum/">Impressum</a></li><li><a href="/datenschutz/">Datenschutz</a></li><li><a href="/barrierefreiheit/">Erklärung zur Barrierefreiheit</a></li><li><a href="/leichte-sprache/">Leichte Sprache</a></li></ul></footer>
<script>` + fillScript + `</script>
</body>
</html>
`)
}

func jsonEsc(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "<", `\u003c`).Replace(s)
}
