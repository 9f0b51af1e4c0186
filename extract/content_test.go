package extract_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/coopwatch/coopwatch/extract"
)

// body is filler prose for the synthetic pages: long enough to be an article.
var body = strings.Repeat("<p>Die Stadt und der Landkreis arbeiten bei der Digitalisierung der Verwaltung zusammen, wie die Pressestelle mitteilt. Gemeinsam sollen Online-Dienste entwickelt werden.</p>\n", 3)

// visit is the fetch time of the synthetic pages.
var visit = time.Date(2026, 1, 5, 9, 30, 0, 0, time.UTC)

var teaserList = `<div class="teaser-list"><h2>Weitere Meldungen und Beiträge aus dem Bereich Politik</h2>
<div class="teaser"><h3><a href="/meldung_1.html">Thüringen: Zwischenfazit zum OZG</a></h3><p>[13.1.2022] Thüringens CIO zieht ein Zwischenfazit zur OZG-Umsetzung im Land. <a href="/meldung_1.html">mehr...</a></p></div>
<div class="teaser"><h3><a href="/meldung_2.html">Hille: Digitalisierungsstrategie erarbeitet</a></h3><p>[12.1.2022] Das Rechenzentrum hat eine Digitalisierungsstrategie für die Gemeinde Hille erarbeitet. <a href="/meldung_2.html">mehr...</a></p></div>
<div class="teaser"><h3><a href="/meldung_3.html">Brandenburg: Entwurf zum Digitalprogramm</a></h3><p>[17.12.2021] Die Landesregierung hat die Entwurfsfassung des neuen Digitalprogramms vorgestellt. <a href="/meldung_3.html">mehr...</a></p></div>
</div>`

var snippetTests = []struct {
	name                string
	url                 string
	html                string
	title, kicker       string
	published           extract.Date
	keywords            []string
	authors             []string
	textHas, textHasNot []string
	wantErr             error
}{
	{
		name: "legacy k21: kicker line with colon, lead date, Stichwörter, teasers",
		url:  "https://www.kommune21.de/meldung_1_Test.html",
		html: `<html><head><title>Kommune21 · Kooperation erweitert</title></head><body>
<div id="kopf">Montag, 5. Januar 2026</div>
<div id="inhalt"><div class="dachzeile">Digitalisierung:</div><h1>Kooperation erweitert</h1>
<p>[29.4.2021] Seit 2020 arbeiten drei Städte zusammen. Nun kam der Landkreis als Partner dazu.</p>
<div class="bu">Der Landkreis kooperiert jetzt mit den Städten.</div>
` + body + `<p>Stichwörter: Politik, Kooperation, Interkommunale Zusammenarbeit (IKZ)</p>
<p>Bildquelle: Lars Landmann</p>
<p><a href="/druck">Druckversion</a> <a href="/pdf">PDF</a> <a href="/mail">Link mailen</a></p>
` + teaserList + `</div></body></html>`,
		title: "Kooperation erweitert", kicker: "Digitalisierung", published: "2021-04-29",
		keywords:   []string{"Politik", "Kooperation", "Interkommunale Zusammenarbeit (IKZ)"},
		textHas:    []string{"Seit 2020 arbeiten", "Gemeinsam sollen Online-Dienste"},
		textHasNot: []string{"[29.4.2021]", "Lars Landmann", "Zwischenfazit", "Stichwörter", "Druckversion", "Weitere Meldungen", "kooperiert jetzt mit den Städten", "Montag"},
	},
	{
		name: "current k21: visit-day header, kicker element, no date of its own",
		url:  "https://www.kommune21.de/k21-meldungen/die-idee-des-teilens/",
		html: `<html><head><title>Die Idee des Teilens - Kommune21 online | Kommune21 - E-Government, Internet und Informationstechnik</title></head><body>
<header class="site-header"><div class="k21-date">Montag, 5. Januar 2026</div><nav><a href="/">Start</a></nav></header>
<main><article><header class="entry-header"><span class="entry-kicker">ekom21</span><h1 class="entry-title">Die Idee des Teilens</h1></header>
<p class="k21-bildquelle">(Bildquelle: Max Muster)</p>
<div class="entry-content">` + body + `</div></article>
<section class="related">` + teaserList + `</section></main></body></html>`,
		title: "Die Idee des Teilens", kicker: "ekom21", published: "",
		textHasNot: []string{"Max Muster", "Montag", "Hille"},
	},
	{
		name: "current k21: zero-padded lead date",
		url:  "https://www.kommune21.de/k21-meldungen/mehr-leistungen/",
		html: `<html><body><div class="k21-date">Montag, 5. Januar 2026</div><article><span class="entry-kicker">Sachsen-Anhalt</span><h1>Mehr Leistungen</h1>
<div class="entry-content"><p>[26.08.2025] Sachsen-Anhalt und Dataport bauen ihre Zusammenarbeit aus, wie das Ministerium mitteilt.</p>` + body + `</div></article></body></html>`,
		title: "Mehr Leistungen", kicker: "Sachsen-Anhalt", published: "2025-08-26",
		textHas: []string{"Sachsen-Anhalt und Dataport"}, textHasNot: []string{"[26.08.2025]"},
	},
	{
		name: "t-online-like: kicker span in h1, byline date, agency byline, caption",
		url:  "https://www.t-online.de/region/wolfsburg/id_1/diese-staedte.html",
		html: `<html><head><title>Diese Städte helfen Wolfsburg | t-online</title></head><body>
<article><h1><span class="kicker">E-Government</span><span>Diese Städte helfen Wolfsburg</span></h1>
<div class="meta"><span>Von t-online</span><div>23.09.2020Lesedauer: 1 Min.</div></div>
<figure><img src="x.jpg"><figcaption>Drei Stadträte im Rathaus. (Quelle: Stadt Braunschweig/Daniela Nielsen)</figcaption></figure>
` + body + `<h2>Nicht jeder muss das Rad neu erfinden</h2><p>"Alle Städte befinden sich auf demselben Weg", sagte der Stadtrat am Mittwoch in Braunschweig.</p>
<h3>Verwendete Quellen</h3><ul><li>Pressemitteilung der Stadt Wolfsburg</li></ul></article></body></html>`,
		title: "Diese Städte helfen Wolfsburg", kicker: "E-Government", published: "2020-09-23",
		authors:    []string{},
		textHas:    []string{"Nicht jeder muss das Rad neu erfinden", "Alle Städte befinden sich"},
		textHasNot: []string{"Daniela Nielsen", "Lesedauer", "Von t-online", "Verwendete Quellen", "Pressemitteilung der Stadt Wolfsburg"},
	},
	{
		name: "JSON-LD only",
		url:  "https://www.example.de/news/kooperation",
		html: `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Landkreise gründen Zweckverband","datePublished":"2024-11-21T10:00:00+01:00","author":[{"@type":"Person","name":"Anna Schmidt"},{"@type":"Organization","name":"Beispiel-Zeitung"}],"keywords":["Zweckverband","Sachsen"]}</script></head>
<body><div class="content"><h1>Landkreise gründen Zweckverband</h1>` + body + `</div></body></html>`,
		title: "Landkreise gründen Zweckverband", published: "2024-11-21",
		keywords: []string{"Zweckverband", "Sachsen"}, authors: []string{"Anna Schmidt"},
	},
	{
		name: "meta article:published_time and byline",
		url:  "https://www.example.de/news/2",
		html: `<html><head><meta property="article:published_time" content="2023-03-30T08:00:00+02:00"><meta property="article:tag" content="OZG"><meta property="article:tag" content="Thüringen"><meta property="og:title" content="Zusammen fürs OZG"></head>
<body><div class="post"><h1>Zusammen fürs OZG</h1><p class="byline">Von Anna Schmidt und Jens Meier</p>` + body + `</div></body></html>`,
		title: "Zusammen fürs OZG", published: "2023-03-30",
		keywords: []string{"OZG", "Thüringen"}, authors: []string{"Anna Schmidt", "Jens Meier"},
	},
	{
		// A broadcaster's BEM class names ("sr-grid__main" at the
		// Saarländischer Rundfunk) start with "sr" like the screen-reader
		// class "sr-only": only the latter hides text.
		name:  "class prefix sr- is not screen-reader-only",
		url:   "https://www.example.de/news/sr",
		html:  `<html><body><div class="sr-grid"><div class="sr-grid__main"><p class="rubrik">Politik</p><h1>Länder teilen Daten</h1><span class="sr-only">Artikel:</span>` + body + `<p>Über dieses Thema berichtete auch das BR Fernsehen in der Rundschau am 3.2.2024.</p></div></div></body></html>`,
		title: "Länder teilen Daten", kicker: "Politik",
		textHas:    []string{"Gemeinsam sollen Online-Dienste"},
		textHasNot: []string{"Artikel:", "Rundschau"},
	},
	{
		name:  "URL-only date",
		url:   "https://www.example.de/2020/09/23/staedte-kooperieren/",
		html:  `<html><body><div class="entry"><h1>Städte kooperieren</h1>` + body + `</div></body></html>`,
		title: "Städte kooperieren", published: "2020-09-23",
	},
	{
		name:  "URL with compact timestamp",
		url:   "https://www.example.de/artikel/stadt_kooperiert_20191011172200_x.html",
		html:  `<html><body><div class="entry"><h1>Stadt kooperiert</h1>` + body + `</div></body></html>`,
		title: "Stadt kooperiert", published: "2019-10-11",
	},
	{
		name:  "no date at all",
		url:   "https://www.example.de/news/ohne-datum",
		html:  `<html><body><div class="entry"><h1>Ohne Datum</h1>` + body + `</div></body></html>`,
		title: "Ohne Datum", published: "",
	},
	{
		name: "teaser dates only",
		url:  "https://www.example.de/news/nur-teaser",
		html: `<html><body><div class="entry"><h1>Nur Teaser datiert</h1>` + body + `</div>
<aside class="sidebar"><time datetime="2025-12-01">1.12.2025</time></aside>` + teaserList + `</body></html>`,
		title: "Nur Teaser datiert", published: "",
		textHasNot: []string{"Zwischenfazit", "13.1.2022"},
	},
	{
		name: "time element inside the article, not in the teaser",
		url:  "https://www.example.de/news/time",
		html: `<html><body><article><h1>Mit Zeitangabe</h1><time class="entry-date published" datetime="2023-11-06T10:00:00+01:00">6. November 2023</time><time class="updated" datetime="2024-01-01">1.1.2024</time>` + body + `</article>
<div class="related"><article><time datetime="2025-01-01">1.1.2025</time><h3><a href="/x">Andere Meldung mit langem Titel</a></h3></article></div></body></html>`,
		title: "Mit Zeitangabe", published: "2023-11-06",
		textHasNot: []string{"Andere Meldung"},
	},
	{
		name:  "dateline",
		url:   "https://www.example.de/presse/ego",
		html:  `<html><body><div class="text"><h1>Saarpfalz-Kreis tritt bei</h1><p>Saarbrücken, 19. Dezember 2025 – Der Saarpfalz-Kreis ist dem Zweckverband beigetreten, wie der Verband mitteilt.</p>` + body + `</div></body></html>`,
		title: "Saarpfalz-Kreis tritt bei", published: "2025-12-19",
	},
	{
		name:  "date after the body",
		url:   "https://www.example.de/aktuelles/meldung",
		html:  `<html><body><div class="text"><h1>Neues Portal</h1>` + body + `<div class="artikelinfo"><h4>Artikel-Informationen</h4><p>erstellt am: 22.10.2013</p></div></div></body></html>`,
		title: "Neues Portal", published: "2013-10-22",
	},
	{
		name:  "date with age",
		url:   "https://www.example.de/aktuelles/alter",
		html:  `<html><body><div class="text"><h1>Alte Meldung</h1><p class="news-date">20.12.2017 14:43 Alter: 61 Tag(e)</p>` + body + `</div></body></html>`,
		title: "Alte Meldung", published: "2017-12-20",
		textHasNot: []string{"Alter:"},
	},
	{
		name: "press release date line right above the headline",
		url:  "https://www.example.de/presse/kooperation",
		html: `<html><body><nav class="breadcrumb"><a href="/">Start</a> › <a href="/presse">Presse</a></nav>
<div class="news"><div class="news-header"><p class="news-date">Pressemitteilung vom 04.09.2024</p><h1>Zwei Dienstleister erweitern ihre Zusammenarbeit</h1></div>` + body + `</div></body></html>`,
		title: "Zwei Dienstleister erweitern ihre Zusammenarbeit", published: "2024-09-04",
		textHasNot: []string{"Pressemitteilung vom"},
	},
	{
		name:  "TYPO3 date with age above the headline",
		url:   "https://www.example.de/nachrichten/beitritt",
		html:  `<html><body><div class="news-single"><div class="news-single-timedata">08.03.2023 14:43 Alter: 61 Tag(e)</div><h1>Gemeinde tritt Genossenschaft bei</h1>` + body + `</div></body></html>`,
		title: "Gemeinde tritt Genossenschaft bei", published: "2023-03-08",
		textHasNot: []string{"Alter:"},
	},
	{
		name: "press release number and dateline right above the headline",
		url:  "https://www.example.de/presse/pm-12",
		html: `<html><body><main><article><div class="press-meta"><span>Pressemitteilung Nr. 12/2025</span> <span class="press-date">München, 14. Juli 2025</span></div>
<h1>Land und Anstalt verlängern Vereinbarung</h1><p class="subtitle">Zusammenarbeit bis 2030</p>` + body + `</article></main></body></html>`,
		title: "Land und Anstalt verlängern Vereinbarung", published: "2025-07-14",
		textHasNot: []string{"Pressemitteilung Nr."},
	},
	{
		name: "dateline in the lead under a standfirst",
		url:  "https://www.example.de/presse/pakt",
		html: `<html><body><div class="news-detail"><h1>Pakt unterzeichnet</h1><p class="untertitel">Land und Kommunen vereinbaren gemeinsames Vorgehen</p>
<p><strong>Schwerin, 12. September 2024 – Das Land und die Kommunen haben heute in Schwerin einen Pakt unterzeichnet, der die Digitalisierung regelt.</strong></p>` + body + `</div></body></html>`,
		title: "Pakt unterzeichnet", published: "2024-09-12",
		textHas: []string{"Schwerin, 12. September 2024 – Das Land"},
	},
	{
		name:  "dateline with two places, agency and a numeric date",
		url:   "https://www.example.de/presse/cyber",
		html:  `<html><body><div class="text"><h1>Länder bündeln Cyberabwehr</h1><p>Hannover/Bremen (dpa/lni), 3. Mai 2024 - Niedersachsen und Bremen wollen bei der Abwehr von Angriffen zusammenarbeiten.</p>` + body + `</div></body></html>`,
		title: "Länder bündeln Cyberabwehr", published: "2024-05-03",
	},
	{
		name:  "capitalised dateline with a colon",
		url:   "https://www.example.de/presse/kiel",
		html:  `<html><body><div class="text"><h1>Portal gestartet</h1><p>KIEL, 14.07.2025: Die Landeshauptstadt hat ihr neues Serviceportal gemeinsam mit dem Land gestartet.</p>` + body + `</div></body></html>`,
		title: "Portal gestartet", published: "2025-07-14",
	},
	{
		name:  "dateline without a date gives no date",
		url:   "https://www.example.de/presse/ohne",
		html:  `<html><body><div class="text"><h1>Ohne Tag im Ortsvermerk</h1><p>Hannover (dpa/lni) - Niedersachsen und Bremen wollen bei der Abwehr von Angriffen zusammenarbeiten.</p>` + body + `</div></body></html>`,
		title: "Ohne Tag im Ortsvermerk", published: "",
	},
	{
		name:  "TYPO3 date with age and a category link above the headline",
		url:   "https://www.example.de/rathaus/aktuelles/detail/datenschutz.html",
		html:  `<html><body><div class="news-single-item"><div class="news-single-rightbox">20.12.2017 14:43 Alter: 61 Tag(e)<br>Kategorie: <a href="/rathaus/aktuelles/?kat=2">Rathaus</a></div><h1>Gemeinsamer Beauftragter</h1>` + body + `</div></body></html>`,
		title: "Gemeinsamer Beauftragter", published: "2017-12-20",
		textHasNot: []string{"Alter:", "Kategorie"},
	},
	{
		name:  "a linked date right above the headline is not the date",
		url:   "https://www.example.de/k/ohne-datum-3",
		html:  `<html><body><div class="box"><div class="archiv"><a href="/archiv/2025-12-12">12.12.2025</a></div><h1>Artikel mit verlinktem Archivdatum</h1>` + body + `</div></body></html>`,
		title: "Artikel mit verlinktem Archivdatum", published: "",
	},
	{
		name:  "a teaser's date beside its linked headline above the headline is not the date",
		url:   "https://www.example.de/k/ohne-datum-4",
		html:  `<html><body><div class="box"><div class="teaser"><span>12.12.2025</span> <a href="/x">Anderer Artikel über die Verwaltung</a></div><h1>Artikel nach einem Teaser</h1>` + body + `</div></body></html>`,
		title: "Artikel nach einem Teaser", published: "",
	},
	{
		name:  "the author's bio under a column is not the text",
		url:   "https://www.example.de/kolumne/mut",
		html:  `<html><body><article><h1>Mut zur Lücke</h1><p class="byline">Von Prof. Dr. Jana Beispiel</p>` + body + `<p><em>Prof. Dr. Jana Beispiel lehrt Verwaltungsinformatik an einer Hochschule und schreibt regelmäßig für dieses Magazin.</em></p></article></body></html>`,
		title: "Mut zur Lücke", authors: []string{"Jana Beispiel"},
		textHas: []string{"Gemeinsam sollen Online-Dienste"}, textHasNot: []string{"lehrt Verwaltungsinformatik"},
	},
	{
		name:  "a quote of the author's namesake stays",
		url:   "https://www.example.de/kolumne/zitat",
		html:  `<html><body><article><h1>Kein Bio-Absatz</h1><p class="byline">Von Jana Beispiel</p>` + body + `<p>Jana Beispiel, die Autorin dieses Textes, sieht das anders.</p></article></body></html>`,
		title: "Kein Bio-Absatz", authors: []string{"Jana Beispiel"},
		textHas: []string{"Jana Beispiel, die Autorin"},
	},
	{
		name:  "a category label right above the headline is the kicker",
		url:   "https://www.example.de/aktuelles/leitung",
		html:  `<html><body><main><article><p class="article__category">Personalie</p><h1>Neue Leitung</h1>` + body + `</article></main></body></html>`,
		title: "Neue Leitung", kicker: "Personalie",
		textHasNot: []string{"Personalie"},
	},
	{
		name:  "a document-type label is not a kicker",
		url:   "https://www.example.de/presse/pakt-2",
		html:  `<html><body><div class="news-detail"><span class="rubrik">Pressemitteilung</span><h1>Pakt unterzeichnet</h1>` + body + `</div></body></html>`,
		title: "Pakt unterzeichnet", kicker: "",
		textHasNot: []string{"Pressemitteilung"},
	},
	{
		name:  "a hidden separator between kicker and title",
		url:   "https://www.example.de/news/cyber",
		html:  `<html><head><meta property="og:title" content="Länder unterzeichnen Staatsvertrag"></head><body><article><h1><span class="heading__kicker">Cybersicherheit</span><span class="visually-hidden">:</span> <span class="heading__title">Länder unterzeichnen Staatsvertrag</span></h1>` + body + `</article></body></html>`,
		title: "Länder unterzeichnen Staatsvertrag", kicker: "Cybersicherheit",
		textHasNot: []string{"Länder unterzeichnen"},
	},
	{
		name:  "visit-day line right above the headline is not the date",
		url:   "https://www.example.de/k/ohne-datum",
		html:  `<html><body><div class="box"><div class="heute">Montag, 5. Januar 2026</div><h1>Artikel ohne eigenes Datum</h1>` + body + `</div></body></html>`,
		title: "Artikel ohne eigenes Datum", published: "",
	},
	{
		name:  "a teaser list right above the headline gives no date",
		url:   "https://www.example.de/k/ohne-datum-2",
		html:  `<html><body><div class="box"><ul><li><a href="/x">Anderer Artikel</a> <span>12.12.2025</span></li></ul><h1>Noch ein Artikel ohne Datum</h1>` + body + `</div></body></html>`,
		title: "Noch ein Artikel ohne Datum", published: "",
	},
	{
		name: "date line under a standfirst",
		url:  "https://www.example.de/region/bauantrag",
		html: `<html><body><article><p class="dachzeile">Landkreis</p><h1>Kreise bündeln den Bauantrag</h1><p class="unterzeile">Zwei Landkreise unterzeichnen eine Kooperationsvereinbarung</p>
<p class="artikel-datum">Veröffentlicht: 14. Mai 2024, 16:20 Uhr</p>` + body + `</article></body></html>`,
		title: "Kreise bündeln den Bauantrag", kicker: "Landkreis", published: "2024-05-14",
		textHasNot: []string{"Veröffentlicht"},
	},
	{
		name:  "the printed Stand line beats a generic meta date",
		url:   "https://www.example.de/investigativ/daten",
		html:  `<html><head><meta name="date" content="2020-04-29T11:52:23"></head><body><div class="text"><h1>Daten gehackt</h1><p>Stand: 28.04.2020 18:00 Uhr</p>` + body + `</div></body></html>`,
		title: "Daten gehackt", published: "2020-04-28",
	},
	{
		name:  "JSON-LD time in UTC is read as the Berlin day",
		url:   "https://www.example.de/spaet",
		html:  `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Spät am Abend","datePublished":"2024-06-11T22:30:00Z"}</script></head><body><div class="text"><h1>Spät am Abend</h1>` + body + `</div></body></html>`,
		title: "Spät am Abend", published: "2024-06-12",
	},
	{
		name:  "JSON-LD time with a German offset keeps its day",
		url:   "https://www.example.de/frueh",
		html:  `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Früh am Morgen","datePublished":"2024-01-10T00:30:00+01:00"}</script></head><body><div class="text"><h1>Früh am Morgen</h1>` + body + `</div></body></html>`,
		title: "Früh am Morgen", published: "2024-01-10",
	},
	{
		name:  "tags as separate links without commas",
		url:   "https://www.example.de/news/tags",
		html:  `<html><body><article><h1>Getrennte Tags</h1>` + body + `<div class="topics"><span>Themen:</span> <a href="/t/a">Trägerländer</a> <a href="/t/b">Brandenburg</a> <a href="/t/c">Künstliche Intelligenz</a></div></article></body></html>`,
		title: "Getrennte Tags", keywords: []string{"Trägerländer", "Brandenburg", "Künstliche Intelligenz"},
	},
	{
		name: "press contact and about-boilerplate after a press release",
		url:  "https://www.example.de/presse/pm-1",
		html: `<html><body><div class="news"><h1>Zwei Verbände kooperieren</h1>` + body + `
<p>Die beiden Verbände wollen ihre Rechenzentren vernetzen, Fachverfahren gemeinsam betreiben und Updates gemeinsam testen. Die Vereinbarung läuft zunächst bis 2030 und kann danach verlängert werden.</p>
<h3>Über den Verband</h3><p>Der Verband ist ein kommunaler IT-Dienstleister mit Sitz in Musterstadt und betreut rund 400 Kommunen.</p>
<h3>Pressekontakt</h3><p>Erika Mustermann</p><p>Unternehmenskommunikation</p><p>presse@example.de</p></div></body></html>`,
		title: "Zwei Verbände kooperieren", textHas: []string{"Gemeinsam sollen Online-Dienste"},
		textHasNot: []string{"Erika Mustermann", "Über den Verband", "kommunaler IT-Dienstleister mit Sitz", "presse@example.de"},
	},
	{
		name: "a subheading starting with Über in the middle of the text stays",
		url:  "https://www.example.de/presse/pm-2",
		html: `<html><body><div class="news"><h1>Verbund wächst</h1>` + body + `
<h2>Über 100 Kommunen dabei</h2><p>Inzwischen nutzen mehr als 100 Kommunen die gemeinsame Plattform, wie der Verbund mitteilt.</p>
<h2>Kontakt für die Medien</h2><p>Pressesprecherin Erika Mustermann</p></div></body></html>`,
		title:      "Verbund wächst",
		textHas:    []string{"Über 100 Kommunen dabei", "mehr als 100 Kommunen"},
		textHasNot: []string{"Erika Mustermann", "Kontakt für die Medien"},
	},
	{
		name: "photo caption by class suffix and Von-links caption line",
		url:  "https://www.example.de/nachrichten/foto",
		html: `<html><body><div class="text"><h1>Beitritt unterschrieben</h1><p class="news-imgcaption">Unterschrieben: Bürgermeister im Rathaus. Foto: Gemeinde/Carla Muster</p>
<p>Von links: Hans Beispiel, Eva Muster und Otto Probe nach der Unterzeichnung.</p>` + body + `</div></body></html>`,
		title:      "Beitritt unterschrieben",
		textHasNot: []string{"Carla Muster", "Hans Beispiel"},
	},
	{
		name:       "audio player module with its author",
		url:        "https://www.example.de/regional/austritt",
		html:       `<html><body><article><h1>Stadt verlässt Verband</h1>` + body + `<div class="audiomodule"><div class="audiotext"><strong>Stadt verlässt Verband</strong><br>Radio - 11.10.2019 17:00 Uhr<br>Autor/in: Wiebke Muster</div></div></article></body></html>`,
		title:      "Stadt verlässt Verband",
		textHasNot: []string{"Wiebke Muster", "Radio -"},
	},
	{
		name:  "page-wide off-canvas wrapper and a label kicker",
		url:   "https://www.example.de/wissen/ozg",
		html:  `<html><body><div class="dialog-off-canvas-main-canvas"><main><article><p class="c-article__label">Wissen</p><h1 class="c-article__title">Was ist das OZG?</h1>` + body + `</article></main></div></body></html>`,
		title: "Was ist das OZG?", kicker: "Wissen",
		textHasNot: []string{"Wissen"},
	},
	{
		name:  "a screen-reader-only h1 is not the headline",
		url:   "https://www.example.de/publikationen/detail",
		html:  `<html><head><title>Stiftung - detail</title><meta property="og:title" content="Kommunalwahlen im Land"></head><body><h1 class="hide-accessible">detail</h1><div class="text"><h1 class="o-page-headline">Kommunalwahlen im Land</h1>` + body + `</div></body></html>`,
		title: "Kommunalwahlen im Land",
	},
	{
		name:  "title from <title> with site suffix",
		url:   "https://www.move-online.de/meldung_1.html",
		html:  `<html><head><title>Gemeinsame IT ab 2025 - move-online.de | move - moderne verwaltung</title></head><body><div class="text">` + body + `</div></body></html>`,
		title: "Gemeinsame IT ab 2025",
	},
	{
		name:  "site logo h1 is not the title",
		url:   "https://www.example.de/a",
		html:  `<html><head><meta property="og:site_name" content="Beispiel"><title>Echter Titel | Beispiel</title></head><body><header><h1 class="logo"><a href="/">Beispiel</a></h1></header><div class="text"><h2>Echter Titel</h2>` + body + `</div></body></html>`,
		title: "Echter Titel",
	},
	{
		name:  "kicker and title in one text node are not split",
		url:   "https://www.example.de/b",
		html:  `<html><body><div class="text"><h1>Hessen: Fünf Städte kooperieren</h1>` + body + `</div></body></html>`,
		title: "Hessen: Fünf Städte kooperieren", kicker: "",
	},
	{
		name:  "kicker before br in h1",
		url:   "https://www.example.de/c",
		html:  `<html><body><div class="text"><h1>Hessen:<br>Interkommunale Kooperation</h1>` + body + `</div></body></html>`,
		title: "Interkommunale Kooperation", kicker: "Hessen",
	},
	{
		name:    "list page",
		url:     "https://www.kommune21.de/k21-meldungen/",
		html:    `<html><body><main><h1>Meldungen</h1>` + strings.Repeat(teaserList, 3) + `</main></body></html>`,
		wantErr: extract.ErrNotArticle,
	},
	{
		name:    "empty",
		html:    "   ",
		wantErr: extract.ErrNoContent,
	},
	{
		name:    "binary",
		html:    "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		wantErr: extract.ErrNoContent,
	},
}

func TestContentSnippets(t *testing.T) {
	x := mustNew(t)
	for _, tt := range snippetTests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := x.Extract(extract.Source{URL: tt.url, FetchedAt: visit, Body: []byte(tt.html)})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Extract = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if a.Title != tt.title {
				t.Errorf("title = %q, want %q", a.Title, tt.title)
			}
			if a.Kicker != tt.kicker {
				t.Errorf("kicker = %q, want %q", a.Kicker, tt.kicker)
			}
			if a.Published != tt.published {
				t.Errorf("published = %q, want %q", a.Published, tt.published)
			}
			if tt.keywords != nil && strings.Join(a.Keywords, "|") != strings.Join(tt.keywords, "|") {
				t.Errorf("keywords = %q, want %q", a.Keywords, tt.keywords)
			}
			if tt.authors != nil && strings.Join(a.Authors, "|") != strings.Join(tt.authors, "|") {
				t.Errorf("authors = %q, want %q", a.Authors, tt.authors)
			}
			for _, s := range tt.textHas {
				if !strings.Contains(a.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, a.Text)
				}
			}
			for _, s := range tt.textHasNot {
				if strings.Contains(a.Text, s) {
					t.Errorf("text contains %q:\n%s", s, a.Text)
				}
			}
		})
	}
}

func TestCharset(t *testing.T) {
	x := mustNew(t)
	para := strings.Repeat("Die Bürgerinnen und Bürger können Anträge online stellen, heißt es aus dem Rathaus. ", 4)
	latin1 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r)) // the test strings hold Latin-1 runes only
		}
		return b
	}
	tests := []struct {
		name, contentType string
		body              []byte
	}{
		{"iso-8859-1 in meta only", "text/html", latin1(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>Größere Bürgernähe</title></head><body><div class="text"><h1>Größere Bürgernähe</h1><p>` + para + `</p></div></body></html>`)},
		{"windows-1252 in meta charset", "", append(latin1(`<html><head><meta charset="windows-1252"></head><body><div class="text"><h1>Größere Bürgernähe</h1><p>`+para), append([]byte("\x84Zitat\x93 \x96 Ende."), latin1(`</p></div></body></html>`)...)...)},
		{"header charset wins over meta", "text/html; charset=ISO-8859-1", latin1(`<html><head><meta charset="utf-8"></head><body><div class="text"><h1>Größere Bürgernähe</h1><p>` + para + `</p></div></body></html>`)},
		{"utf-8 with BOM", "text/html", []byte("\xef\xbb\xbf<html><head></head><body><div class=\"text\"><h1>Größere Bürgernähe</h1><p>" + para + "</p></div></body></html>")},
		{"undeclared latin-1 is sniffed", "", latin1(`<html><body><div class="text"><h1>Größere Bürgernähe</h1><p>` + para + `</p></div></body></html>`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := x.Extract(extract.Source{URL: "https://www.example.de/x", ContentType: tt.contentType, Body: tt.body})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if a.Title != "Größere Bürgernähe" {
				t.Errorf("title = %q, want %q", a.Title, "Größere Bürgernähe")
			}
			if !strings.Contains(a.Text, "Die Bürgerinnen und Bürger können Anträge online stellen, heißt es") {
				t.Errorf("text not decoded: %.120q", a.Text)
			}
			if strings.Contains(tt.name, "windows-1252") && !strings.Contains(a.Text, "„Zitat“ – Ende.") {
				t.Errorf("windows-1252 quotes not decoded: %q", a.Text)
			}
		})
	}
}

func TestURLNormalisation(t *testing.T) {
	x := mustNew(t)
	page := func(head string) []byte {
		return []byte(`<html><head>` + head + `</head><body><div class="text"><h1>Titel der Meldung</h1>` + body + `</div></body></html>`)
	}
	tests := []struct {
		name, url, head, want, site string
	}{
		{"canonical wins", "https://www.kommune21.de/k21-meldungen/x-2/?utm_source=rss", `<link rel="canonical" href="https://www.kommune21.de/k21-meldungen/x/">`, "https://www.kommune21.de/k21-meldungen/x/", "kommune21.de"},
		{"og:url when no canonical", "https://www.kommune21.de/?p=1", `<meta property="og:url" content="https://www.kommune21.de/k21-meldungen/x/">`, "https://www.kommune21.de/k21-meldungen/x/", "kommune21.de"},
		{"fetched URL without fragment and utm", "https://www.example.de/a.html?id=3&utm_medium=x#top", ``, "https://www.example.de/a.html?id=3", "example.de"},
		{"relative canonical is resolved", "https://example.de/a?x=1", `<link rel="canonical" href="/a">`, "https://example.de/a", "example.de"},
		{"canonical to home page is ignored", "https://example.de/news/a", `<link rel="canonical" href="https://example.de/">`, "https://example.de/news/a", "example.de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := x.Extract(extract.Source{URL: tt.url, Body: page(tt.head)})
			if err != nil {
				t.Fatal(err)
			}
			if a.URL != tt.want || a.Site != tt.site {
				t.Errorf("url, site = %q, %q, want %q, %q", a.URL, a.Site, tt.want, tt.site)
			}
			if a.ID != extract.NewArticleID(tt.want) {
				t.Errorf("id = %q, want NewArticleID(%q)", a.ID, tt.want)
			}
		})
	}
}
