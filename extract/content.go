package extract

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var (
	// Headings and lines that end the article and start what follows it.
	endMarkerRe = regexp.MustCompile(`(?i)^(?:weitere (?:meldungen|beiträge|artikel|nachrichten|news|themen)|mehr (?:zum thema|aus|zu|news|nachrichten|artikel)\b|das könnte sie (?:auch )?interessieren|(?:lesen sie|lies) auch|auch interessant|ebenfalls interessant|ähnliche (?:artikel|beiträge|meldungen|themen)|verwandte (?:artikel|beiträge|themen|meldungen)|empfohlene artikel|empfehlungen|kommentare?\b|\d+ kommentare?|leserkommentare|diskussion|verwendete quellen|aktuelle (?:meldungen|nachrichten|artikel)|meistgelesen|top-?themen|newsletter|zum thema\b|themen ?seite|artikel teilen|diesen artikel teilen|teilen sie diesen|anbieter zum thema|schlagzeilen|neueste (?:artikel|meldungen|beiträge)|archiv\b|zurück zur übersicht|zur übersicht)`)
	// Credits for images and sources.
	creditLineRe = regexp.MustCompile(`(?i)^\(?\s*(?:bildquellen?|bildnachweis|fotonachweis|fotos?|bild|bilder|quelle|quellen|grafik|titelbild|titelfoto|beitragsbild|foto ?credit|copyright|symbolbild|abbildung)\s*:|^\(?\s*(?:©|\(c\)|copyright\b)|^\((?:foto|quelle|bildquelle|bild)\s*:.*\)$`)
	// A broadcaster's note on where else the story ran: "Über dieses Thema
	// hat auch die SR 3-Rundschau am 19.11.2025 berichtet.", "Dieses Thema
	// im Programm: NDR 1 Niedersachsen | Aktuell | …". The public
	// broadcasters end their web articles with it; it is not the story.
	// See fixtures/pages/q-sr-saarland-rheinland-pfalz-open-data-endet.html.
	programmeNoteRe = regexp.MustCompile(`^(?:(?:Über|Zu) diese[ms] Thema (?:hat|haben|berichtet|berichtete|berichteten)\b.{0,140}|Dieses Thema im Programm:.{0,160})$`)
	// Short lines of page furniture.
	furnitureRe = regexp.MustCompile(`(?i)^(?:druckversion|drucken|seite drucken|artikel drucken|pdf|link mailen|per e-?mail (?:versenden|teilen)|e-?mail|teilen|jetzt teilen|auf \S+ teilen|share|tweet|anzeige|werbung|sponsored|advertisement|vergrößern des bildes|bild vergrößern|zum vergrößern klicken|lesedauer:? .*|nach oben|zurück|zum seitenanfang|mehr\.{3}|mehr…|weiterlesen|mehr lesen|suchen\.{0,3}|loading\.{3}|facebook|twitter|x|instagram|linkedin|xing|whatsapp|pinterest|mastodon|rss|merken|kommentieren|artikel merken|audio|vorlesen|artikel vorlesen|schließen|artikel bewerten|bewerten|\d+ min\.? lesezeit|lesezeit:? .*)$`)
	// "… mehr..." at the end of a teaser.
	moreRe = mustCue(`(?i)(?:mehr ?\.\.\.|mehr ?…|weiterlesen|\[mehr\]|mehr lesen|zum artikel|read more|› mehr|» mehr)\s*$`)
	// "Stichwörter: a, b, c" and the like.
	keywordLineRe = regexp.MustCompile(`(?i)^(?:stichw(?:ö|oe)rter|stichworte|schlagw(?:ö|oe)rter|schlagworte|tags|themen|keywords)\s*:\s*(.*)$`)
	// Lines that are only web addresses.
	urlLineRe = regexp.MustCompile(`(?i)^(?:(?:https?://|www\.)\S+\s*)+$`)
	// Bylines: "Von Anna Schmidt", "Autorin: Anna Schmidt", "Text: …".
	bylineRe = regexp.MustCompile(`^(?:[Vv]on|VON|Autor(?:in|/in|\*in|:in)?:|Text:|Ein Beitrag von|By)\s+(.{3,120})$`)
	// Photo captions that list who stands where: "Von links: …", "V.l.n.r.
	// …", "v. l.: …"; the people named are not the story's. See
	// fixtures/pages/x-badisches-tagblatt-rastatt-karlsruhe-bauantrag.html.
	captionLineRe = regexp.MustCompile(`^(?:[^.!?]{0,60}:\s*)?(?:[Vv]on (?:links|rechts)(?: nach (?:rechts|links))?\s*[:,(]|[Vv]\.\s?[lr]\.(?:\s?n\.\s?[rl]\.)?\s*:?\s)`)
	// Headings of what a press release appends after its text: the press
	// contact, "Über <Organisation>" boilerplate, a broadcaster's schedule.
	// See fixtures/pages/x-ekom21-komm-one-zusammenarbeit.html,
	// x-kiel-serviceportal-start.html and x-ndr-varel-kuendigt-kdo.html;
	// "Links" under a contact line: q-medienservice-sachsen-bayern-efa-fischereischein.html.
	tailHeadRe = regexp.MustCompile(`(?i)^(?:über (?:die |den |das |uns\b)?[^\d\s].{0,60}|presse-?\s?kontakte?|medienkontakte?|kontakt für (?:die )?(?:medien|presse|journalist\S*|redaktionen)|(?:ihre? )?ansprechpartner(?:in|innen)?(?: für (?:die )?(?:medien|presse))?|kontakt|pressestelle|pressesprecher(?:in)?|(?:für )?rückfragen(?: an)?|hinweis für redaktionen|redaktionshinweis|(?:weiterführende |weitere |nützliche )?links(?: zum thema)?|dieses thema im programm|sendung(?:en)? zum thema)\s*:?$`)
	// A contact paragraph with its label run in: "Pressekontakt: Sandra Lemke, …".
	tailLineRe = regexp.MustCompile(`(?i)^(?:presse-?\s?kontakt|medienkontakt|kontakt für (?:die )?(?:medien|presse)|ansprechpartner(?:in)?|pressestelle|für rückfragen)\s*:`)
	// A line that starts with a date (after an optional weekday).
	dateFirstRe = regexp.MustCompile(`^(?i:(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|mo|di|mi|do|fr|sa|so)\.?,?\s+)?(?:` + numDatePat + `|` + longDatePat + `|` + isoDatePat + `)`)
	// "20.12.2017 14:43 Alter: 61 Tag(e)": a date with the article's age.
	ageRe = regexp.MustCompile(`(?i)alter:\s*\d+\s*tag`)
)

// content parses the page and fills everything but the events: URL, site,
// title, kicker, published, authors, keywords and main text.
func (x *Extractor) content(src Source) (Article, error) {
	a, _, err := x.contentAt(src)
	return a, err
}

// contentAt is content that also returns the headline's node, from which
// Extract reads the article's photo captions (captionsOf).
func (x *Extractor) contentAt(src Source) (Article, *html.Node, error) {
	a, h, err := x.contentHead(src)
	return a, h.node, err
}

func (x *Extractor) contentHead(src Source) (Article, headlineInfo, error) {
	text, err := decodeBody(src.Body, src.ContentType)
	if err != nil {
		return Article{}, headlineInfo{}, err
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return Article{}, headlineInfo{}, fmt.Errorf("parse html: %w", ErrNoContent)
	}
	m := readMeta(doc)
	a := Article{FetchedAt: src.FetchedAt}
	a.URL = pageURL(src.URL, m, linkCanonical(src.Link))
	host := ""
	if u, err := url.Parse(a.URL); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	a.Site = strings.TrimPrefix(host, "www.")

	h := findHeadline(doc, m, host)
	root := doc.Get(0)
	blocks := blocksOf(root, h.node)
	if len(blocks) == 0 {
		return Article{}, headlineInfo{}, ErrNoContent
	}
	body := selectBody(blocks, h)
	if body.notArticle || h.title == "" {
		return Article{}, headlineInfo{}, ErrNotArticle
	}
	a.Title, a.Kicker = h.title, h.kicker

	f := dateFinder{fetched: src.FetchedAt}
	a.Published = publishedDate(f, doc, m, blocks, body, h, src.URL, a.URL)
	a.Keywords = findKeywords(doc, m, blocks, body)
	a.Authors = findAuthors(m, blocks, body, siteTokens(m.siteName, host))
	paras := body.paras
	if n := len(paras); n > 1 && isAuthorBio(paras[n-1], a.Authors) {
		paras = paras[:n-1]
	}
	a.Text = strings.Join(paras, "\n\n")
	return a, h, nil
}

// academicTitleRe matches the titles before a name in an author's bio.
var academicTitleRe = regexp.MustCompile(`^(?:(?:Prof|Dr|Dipl\.-\p{L}+|h\.\s?c|mult|rer\.\s?\p{L}+|phil|jur|med|habil)\.\s*|PD\s+)+`)

// isAuthorBio reports whether para is a short note about one of the
// article's authors, as a column closes with: "Prof. Dr. Henrike Vollmer
// lehrt Verwaltungsinformatik …" (the name, then a word in lower case). See
// fixtures/pages/y-treffpunkt-kommune-kolumne-registermodernisierung.html.
func isAuthorBio(para string, authors []string) bool {
	if utf8.RuneCountInString(para) > 400 {
		return false
	}
	t := academicTitleRe.ReplaceAllString(para, "")
	for _, au := range authors {
		rest, ok := strings.CutPrefix(t, au+" ")
		if !ok {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// pageURL returns the canonical URL of the page: rel=canonical or og:url
// in the page, else a rel=canonical Link header, when they are absolute
// http(s) URLs (a relative one is resolved against the fetched URL), else
// the fetched URL; lightly normalised.
func pageURL(fetched string, m pageMeta, header string) string {
	base, _ := url.Parse(fetched)
	for _, c := range []string{m.canonical, m.ogURL, header} {
		if c == "" {
			continue
		}
		u, err := url.Parse(c)
		if err != nil {
			continue
		}
		if !u.IsAbs() && base != nil && base.IsAbs() {
			u = base.ResolveReference(u)
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			continue
		}
		// A canonical that points at the home page from a deeper page is a
		// CMS default, not this article's address.
		if (u.Path == "" || u.Path == "/") && u.RawQuery == "" && base != nil && base.Path != "" && base.Path != "/" {
			continue
		}
		return normalizeURL(u)
	}
	if base == nil {
		return fetched
	}
	return normalizeURL(base)
}

// normalizeURL drops the fragment and tracking parameters and lower-cases
// scheme and host.
func normalizeURL(u *url.URL) string {
	v := *u
	v.Fragment, v.RawFragment = "", ""
	v.Scheme = strings.ToLower(v.Scheme)
	v.Host = strings.ToLower(v.Host)
	if v.RawQuery != "" {
		var keep []string
		for _, kv := range strings.Split(v.RawQuery, "&") {
			k, _, _ := strings.Cut(kv, "=")
			lk := strings.ToLower(k)
			if kv == "" || strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" || lk == "wt_mc" || lk == "mc_cid" || lk == "mc_eid" {
				continue
			}
			keep = append(keep, kv)
		}
		v.RawQuery = strings.Join(keep, "&")
	}
	return v.String()
}

// bodyResult is the main text and where it was found.
type bodyResult struct {
	paras      []string
	kept       []int // block indexes of paras
	first      int   // index of the first kept block, -1 if none
	last       int   // index of the last kept block
	end        int   // index of the end marker, or len(blocks)
	headIdx    int   // index of the headline block, -1 if not among blocks
	leadDate   Date  // "[29.4.2021]" stripped from the lead
	notArticle bool
}

// selectBody picks the main text from blocks.
func selectBody(blocks []textBlock, h headlineInfo) bodyResult {
	r := bodyResult{first: -1, last: -1, end: len(blocks), headIdx: -1}
	roots := map[*html.Node]bool{}
	for _, n := range mainContainer(blocks) {
		roots[n] = true
	}
	for i, b := range blocks {
		if h.node != nil && insideAny(b.node, map[*html.Node]bool{h.node: true}) {
			r.headIdx = i
			break
		}
	}
	firstMain := -1
	for i, b := range blocks {
		if insideAny(b.node, roots) {
			firstMain = i
			break
		}
	}
	seen := map[string]bool{}
	keptChars := 0
	teasers := 0       // linked headlines and teaser paragraphs in the main part
	afterLinkHead := 0 // chars of kept paragraphs right after a linked headline
	prevLinkHead := false
	for i := range blocks {
		b := &blocks[i]
		inMain := insideAny(b.node, roots)
		// The lead often sits beside the headline, outside the container
		// that holds the body.
		lead := !inMain && r.headIdx >= 0 && i > r.headIdx && (firstMain < 0 || i < firstMain) &&
			b.chars >= 80 && b.linkDensity() < 0.2 && !b.strong && b.heading == 0
		if !inMain && !lead {
			continue
		}
		linkHead := (b.heading > 0 || b.bold == b.chars) && b.linkDensity() > 0.6
		wasLinkHead := prevLinkHead
		prevLinkHead = linkHead
		if linkHead {
			teasers++
			continue
		}
		if b.strong || b.hidden {
			continue
		}
		t := b.text
		if i == r.headIdx || t == h.title || (h.kicker != "" && strings.TrimSuffix(t, ":") == h.kicker) {
			continue
		}
		if r.headIdx >= 0 && i < r.headIdx && b.heading == 0 && b.chars < 100 && !endsLikeSentence(t) {
			continue // a label or date above the headline; see fixtures/pages/x-saarland-it-dienstleister-absichtserklaerung.html
		}
		if b.chars < 400 && captionLineRe.MatchString(t) {
			continue
		}
		if isEndMarker(b) {
			if keptChars >= 200 {
				r.end = i
				break
			}
			continue
		}
		// Items of a metadata or info box go together: keeping the long
		// ones alone would tear a glossary apart; see the "Begriffe kurz
		// erklärt" box in fixtures/pages/x-kommunal-was-ist-das-ozg.html.
		if b.weak && (b.linkDensity() > 0.25 || b.chars < 100 || b.item) {
			continue
		}
		if keywordLineRe.MatchString(t) || creditLineRe.MatchString(t) || urlLineRe.MatchString(t) || furnitureRe.MatchString(t) || programmeNoteRe.MatchString(t) {
			continue
		}
		if b.linkDensity() > 0.5 || (b.chars < 80 && b.linkDensity() > 0.3) {
			continue
		}
		if moreRe.MatchString(t) || (r.first >= 0 && leadDateRe.MatchString(t)) {
			teasers++
			continue
		}
		if b.heading == 0 && b.chars < 160 && (!endsLikeSentence(t) || dateFirstRe.MatchString(t) || strings.Contains(t, "Lesedauer")) &&
			(anyDateRe.MatchString(t) || bylineRe.MatchString(t)) {
			continue // a byline or date line: "23.09.2020Lesedauer: 1 Min."
		}
		if b.chars < 12 && !endsLikeSentence(t) && b.heading == 0 {
			continue
		}
		if r.first < 0 {
			if m := leadDateRe.FindStringSubmatch(t); m != nil {
				if d, err := ParseDate(m[1]); err == nil {
					r.leadDate = d
				}
				t = strings.TrimSpace(t[len(m[0]):])
				if t == "" {
					continue
				}
			}
		}
		if seen[t] {
			continue // a caption or lead printed twice
		}
		seen[t] = true
		if wasLinkHead {
			afterLinkHead += len(t)
		}
		r.paras = append(r.paras, t)
		r.kept = append(r.kept, i)
		if r.first < 0 {
			r.first = i
		}
		r.last = i
		keptChars += len(t)
	}
	r.trimTail(blocks, keptChars)
	// Not an article: almost no text of its own, or text that is mostly
	// the summaries under repeated linked headlines (a list page).
	switch {
	case keptChars < 150:
		r.notArticle = true
	case teasers >= 4 && afterLinkHead*2 >= keptChars:
		r.notArticle = true
	case teasers >= 6 && keptChars < 600:
		r.notArticle = true
	}
	return r
}

// trimTail cuts what a press release appends after its text: from the first
// heading (or run-in label) of a contact, "Über <Organisation>" or schedule
// section on, when only such sections follow it and together they are a
// small part of the text. Mid-text subheadings ("Über die Zukunft …"
// followed by more of the story) stay.
func (r *bodyResult) trimTail(blocks []textBlock, keptChars int) {
	headingish := func(j int) bool {
		b := blocks[r.kept[j]]
		return b.heading > 0 || (b.bold == b.chars && b.chars <= 80)
	}
	isTail := func(j int) bool {
		t := r.paras[j]
		// "Ihr Ansprechpartner: Pressesprecher …, Telefon …" and other
		// contact lines (q-landkreistag-bw-oberschwaben-vergabestelle, see isContactLine).
		if tailLineRe.MatchString(t) || isContactLine(t) {
			return true
		}
		return headingish(j) && utf8.RuneCountInString(t) <= 80 && tailHeadRe.MatchString(t)
	}
	for j := range r.paras {
		if j == 0 || !isTail(j) {
			continue
		}
		tail := 0
		ok := true
		for k := j; k < len(r.paras); k++ {
			if k > j && headingish(k) && !isTail(k) {
				ok = false
				break
			}
			tail += len(r.paras[k])
		}
		if !ok || tail > 1500 || tail*5 > keptChars*2 {
			continue
		}
		r.paras, r.kept = r.paras[:j], r.kept[:j]
		r.last = r.kept[j-1]
		return
	}
}

// isEndMarker reports whether b is a short heading-like line that starts
// what follows the article ("Weitere Meldungen …", "Das könnte Sie auch
// interessieren", "Kommentare").
func isEndMarker(b *textBlock) bool {
	if b.chars > 90 || endsLikeSentence(b.text) && b.heading == 0 {
		return false
	}
	return endMarkerRe.MatchString(b.text)
}

// endsLikeSentence reports whether s ends like a sentence.
func endsLikeSentence(s string) bool {
	s = strings.TrimRight(s, " \"'“”„«»)")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, ":")
}

// publishedDate ranks the page's date candidates and returns the best, or
// "" when the page shows no date of its own.
func publishedDate(f dateFinder, doc *goquery.Document, m pageMeta, blocks []textBlock, body bodyResult, h headlineInfo, fetchedURL, canonURL string) Date {
	if f.ok(body.leadDate) {
		return body.leadDate
	}
	if d := fromStructured(m.ldPublished); f.ok(d) {
		return d
	}
	for _, v := range m.published {
		if d := fromStructured(v); f.ok(d) {
			return d
		}
	}
	roots := map[*html.Node]bool{}
	for _, i := range body.kept {
		roots[blocks[i].node] = true
	}
	if len(body.kept) > 0 {
		// The article's own region: the common ancestor of its paragraphs.
		roots = map[*html.Node]bool{commonAncestor(blocks, body.kept): true}
	}
	if d := timeElementDate(doc, roots, h.node); f.ok(d) {
		return d
	}
	// A byline or date line between the headline and the text.
	if body.first >= 0 {
		start := body.headIdx
		if start < 0 {
			start = max(0, body.first-6)
		}
		for i := start; i < body.first; i++ {
			b := blocks[i]
			if b.chars > 160 || b.linkDensity() > 0.5 {
				continue
			}
			if d := parseFirst(b.text); f.ok(d) && !f.visitDay(b.text, d) {
				return d
			}
		}
		// A date line below a standfirst that was taken as the first
		// paragraph: "Veröffentlicht: 14. Mai 2024, 16:20 Uhr" under the
		// subtitle; see fixtures/pages/x-badisches-tagblatt-rastatt-karlsruhe-bauantrag.html.
		kept := map[int]bool{}
		for _, i := range body.kept {
			kept[i] = true
		}
		for i := body.first + 1; i < min(len(blocks), body.first+4, body.last); i++ {
			b := blocks[i]
			if kept[i] || b.strong || b.chars > 100 || b.linkDensity() > 0.3 || !isDateLine(b.text) {
				continue
			}
			if d := parseFirst(b.text); f.ok(d) && !f.visitDay(b.text, d) {
				return d
			}
		}
	}
	// A date line printed right above the headline, in its group:
	// "Pressemitteilung vom 04.09.2024", "08.03.2023 14:43 Alter: 61 Tag(e)".
	if d := headerDate(f, h.node); d != "" {
		return d
	}
	// Generic meta dates ("date", "dc.date") are often the day the page was
	// generated; the date printed by the headline wins over them (the
	// "Stand:" line of tagesschau.de under a newer meta date).
	for _, v := range m.weakPublished {
		if d := fromStructured(v); f.ok(d) {
			return d
		}
	}
	if d := f.leadDateline(blocks, body); d != "" {
		return d
	}
	// After the body: "erstellt am: 22.10.2013", "20.12.2017 14:43 Alter: 61 Tag(e)",
	// "Landshut, 04.12.2024" (which may close the body itself).
	if body.last >= 0 {
		// A place-and-day line of its own below the lead: the text may
		// go on after it with a contact line (q-landkreistag-bw-oberschwaben-vergabestelle).
		for i := body.first + 1; i < min(len(blocks), body.end+1, body.last+15); i++ {
			b := blocks[i]
			if b.chars > 60 || b.linkDensity() > 0 {
				continue
			}
			if mm := placeDateOnlyRe.FindStringSubmatch(b.text); mm != nil {
				if d, err := ParseDate(mm[1]); err == nil && f.ok(d) {
					return d
				}
			}
		}
		for i := body.last + 1; i < min(len(blocks), body.end+1, body.last+15); i++ {
			b := blocks[i]
			if b.chars > 160 {
				continue
			}
			if mm := labelledDateRe.FindStringSubmatch(b.text); mm != nil {
				if d, err := ParseDate(mm[1]); err == nil && f.ok(d) {
					return d
				}
			}
			if ageRe.MatchString(b.text) || strings.Contains(strings.ToLower(b.text), "artikel-informationen") {
				if d := parseFirst(b.text); f.ok(d) {
					return d
				}
			}
		}
		// "Artikel-Informationen" as its own line, with the date in the next.
		for i := body.last + 1; i+1 < min(len(blocks), body.last+15); i++ {
			if strings.EqualFold(blocks[i].text, "Artikel-Informationen") {
				for j := i + 1; j < min(len(blocks), i+5); j++ {
					if d := parseFirst(blocks[j].text); f.ok(d) {
						return d
					}
				}
			}
		}
	}
	// Anywhere above the body, a date with the article's age.
	for i := max(0, body.headIdx); i < body.first && i >= 0; i++ {
		if ageRe.MatchString(blocks[i].text) {
			if d := parseFirst(blocks[i].text); f.ok(d) {
				return d
			}
		}
	}
	for _, u := range []string{canonURL, fetchedURL} {
		if d := urlDate(u); f.ok(d) {
			return d
		}
	}
	return ""
}

// commonAncestor returns the deepest element that holds all blocks idx.
func commonAncestor(blocks []textBlock, idx []int) *html.Node {
	anc := blocks[idx[0]].node
	for _, i := range idx[1:] {
		for anc != nil && !insideAny(blocks[i].node, map[*html.Node]bool{anc: true}) {
			anc = anc.Parent
		}
	}
	if anc == nil {
		return blocks[idx[0]].node
	}
	return anc
}

// findKeywords returns the site's tags for the article in page order: a
// visible "Stichwörter:" line, a tag list (rel=tag), article:tag, JSON-LD
// keywords, meta keywords — the first that has any.
func findKeywords(doc *goquery.Document, m pageMeta, blocks []textBlock, body bodyResult) []string {
	from := max(0, body.first)
	for i := from; i < len(blocks); i++ {
		mm := keywordLineRe.FindStringSubmatch(blocks[i].text)
		if mm == nil || i > body.end+3 && body.first >= 0 {
			continue
		}
		if strings.TrimSpace(mm[1]) != "" {
			if kw := uniqueTags(tagElements(blocks[i].node, mm[1])); len(kw) > 1 {
				return kw
			}
			if kw := uniqueTags(splitTagList(mm[1])); len(kw) > 0 {
				return kw
			}
		}
		// The label alone, the tags in the items that follow.
		var kw []string
		for j := i + 1; j < min(len(blocks), i+60); j++ {
			b := blocks[j]
			if b.chars > 60 || !(b.item || b.linkDensity() > 0.8) {
				break
			}
			kw = append(kw, strings.TrimSuffix(b.text, ","))
		}
		if kw = uniqueTags(kw); len(kw) > 0 {
			return kw
		}
	}
	var tags []string
	doc.Find(`a[rel~="tag"]`).Each(func(_ int, s *goquery.Selection) {
		if n := s.Get(0); !teaserAncestor(n) {
			tags = append(tags, squash(s.Text()))
		}
	})
	if kw := uniqueTags(tags); len(kw) > 0 {
		return kw
	}
	for _, list := range [][]string{m.articleTags, m.ldKeywords, m.metaKeyword} {
		if kw := uniqueTags(list); len(kw) > 0 {
			return kw
		}
	}
	return []string{}
}

// teaserAncestor reports whether n sits in a teaser, a related list or
// navigation.
func teaserAncestor(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type != html.ElementNode {
			continue
		}
		w := classWords(p)
		if hasStem(w, []string{"teaser", "related", "recommend", "nav", "menu", "sidebar", "footer"}) {
			return true
		}
	}
	return false
}

// uniqueTags trims items, drops empty and repeated ones (ignoring case) and
// keeps the order; at most 50 items.
func uniqueTags(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.Trim(squash(s), " ,;#")
		k := strings.ToLower(s)
		if s == "" || seen[k] || len([]rune(s)) > 80 {
			continue
		}
		seen[k] = true
		out = append(out, s)
		if len(out) == 50 {
			break
		}
	}
	return out
}

// findAuthors returns the persons who wrote the article: JSON-LD authors, meta
// author, or a byline ("Von Anna Schmidt"). Agencies, the site itself and
// initials such as "(sib)" are not persons.
func findAuthors(m pageMeta, blocks []textBlock, body bodyResult, site []string) []string {
	for _, list := range [][]string{m.ldAuthors, m.metaAuthors} {
		if p := personNames(list, site); len(p) > 0 {
			return p
		}
	}
	if body.first < 0 {
		return []string{}
	}
	start := body.headIdx
	if start < 0 {
		start = max(0, body.first-6)
	}
	for i := start; i < min(len(blocks), body.end, body.last+1); i++ {
		if i > body.first+2 && i < body.last {
			continue // bylines sit around the text, not inside it
		}
		b := blocks[i]
		mm := bylineRe.FindStringSubmatch(b.text)
		if mm == nil {
			continue
		}
		s := mm[1]
		if loc := anyDateRe.FindStringIndex(s); loc != nil {
			s = s[:loc[0]]
		}
		s, _, _ = strings.Cut(s, "|")
		s, _, _ = strings.Cut(s, "•")
		s = strings.TrimSuffix(strings.TrimSpace(s), ",")
		parts := nameSepRe.Split(s, -1)
		if p := personNames(parts, site); len(p) > 0 {
			return p
		}
	}
	return []string{}
}

var (
	nameSepRe  = regexp.MustCompile(`\s*(?:,|\bund\b|&|\band\b)\s*`)
	nameWordRe = regexp.MustCompile(`^(?:\p{Lu}[\p{Ll}'’\-]*\.?(?:-\p{Lu}[\p{Ll}]+)?|von|van|de|der|den|zu|da|di|le|la|ter)$`)
	orgWordRe  = regexp.MustCompile(`(?i)\b(?:redaktion|online|gmbh|verlag|agentur|dpa|afp|epd|kna|reuters|ap|sid|presse|pressestelle|stadt|landkreis|kreis|gemeinde|ministerium|amt|team|newsroom|staff|zeitung|nachrichten|news|media|medien)\b`)
)

// personNames keeps the names in list that look like a person's: two to four
// capitalised words, no organisation words, not the site.
func personNames(list []string, site []string) []string {
	var out []string
	for _, s := range list {
		s = squash(s)
		for _, t := range []string{"Dr. ", "Prof. ", "Dipl.-Ing. "} {
			s = strings.ReplaceAll(s, t, "")
		}
		s = strings.TrimSpace(s)
		words := strings.Fields(s)
		if len(words) < 2 || len(words) > 4 || orgWordRe.MatchString(s) || isSiteName(s, site) {
			continue
		}
		good := true
		for _, w := range words {
			if !nameWordRe.MatchString(w) {
				good = false
				break
			}
		}
		if good {
			out = append(out, s)
		}
	}
	return uniqueTags(out)
}

// tagElements returns the tags of a tag line whose tags are separate
// elements without commas between them ("Themen: <a>OZG</a> <a>Verwaltung</a>"),
// whose text runs together as list. The tags are the links of n or else
// its innermost elements (spans, list items) after the label, and only
// when together they spell list; otherwise nil. See
// fixtures/pages/x-dataport-brandenburg-traegerland.html and
// x-itzoom-antragsplattform-ki-assistent.html.
func tagElements(n *html.Node, list string) []string {
	want := foldAlnum(list)
	if want == "" {
		return nil
	}
	var links, leaves []string
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type != html.ElementNode || skipTags[c.DataAtom] {
			return
		}
		t := squash(nodeText(c))
		if t == "" {
			return
		}
		if c.DataAtom == atom.A {
			links = append(links, t)
			return
		}
		hasElem := false
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			if k.Type == html.ElementNode && squash(nodeText(k)) != "" {
				hasElem = true
			}
		}
		if !hasElem && c != n {
			leaves = append(leaves, t)
			return
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	for _, cand := range [][]string{links, leaves} {
		// Drop a leading label element ("Themen:").
		if len(cand) > 0 && keywordLineRe.MatchString(cand[0]) {
			cand = cand[1:]
		}
		if len(cand) > 1 && foldAlnum(strings.Join(cand, " ")) == want {
			return cand
		}
	}
	return nil
}

// linkCanonical returns the target of the rel="canonical" link in an HTTP
// Link header value (`<https://example.org/a>; rel="canonical", …`), or "".
func linkCanonical(h string) string {
	for h != "" {
		start := strings.IndexByte(h, '<')
		if start < 0 {
			return ""
		}
		end := strings.IndexByte(h[start:], '>')
		if end < 0 {
			return ""
		}
		target := h[start+1 : start+end]
		rest := h[start+end+1:]
		params := rest
		if next := strings.IndexByte(rest, '<'); next >= 0 {
			params, rest = rest[:next], rest[next:]
		} else {
			rest = ""
		}
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
				continue
			}
			for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(v), `"`)) {
				if strings.EqualFold(rel, "canonical") {
					return target
				}
			}
		}
		h = rest
	}
	return ""
}
