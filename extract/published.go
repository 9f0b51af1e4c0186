package extract

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Date expressions as they appear inside running text; each match is
// handed to ParseDate.
const (
	numDatePat  = `\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})`
	longDatePat = `\d{1,2}\.?\s*(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan\.|Feb\.|Mrz\.|Apr\.|Aug\.|Sept?\.|Okt\.|Nov\.|Dez\.)\s*\d{4}`
	isoDatePat  = `\d{4}-\d{2}-\d{2}`
	// The place and day of a dateline: a capitalised place name (several
	// words or places joined by "/" or "-"), an optional agency in
	// brackets, a comma, an optional "den" and the date (group 1).
	placeDatePat = `\p{Lu}[\p{L}./\- ]{1,40}(?:\s*\([^()]{1,30}\))?,\s*(?:den\s+)?(` + numDatePat + `|` + longDatePat + `)`
)

var (
	anyDateRe = regexp.MustCompile(`(?:` + numDatePat + `|` + longDatePat + `|\b` + isoDatePat + `)`)
	// "[29.4.2021] " and "[26.08.2025] " at the start of a Kommune21 lead;
	// see fixtures/pages/k21-*.html.
	leadDateRe = regexp.MustCompile(`^\[(\d{1,2}\.\d{1,2}\.\d{4})\]\s*`)
	// Datelines at the start of a lead: "Saarbrücken, 19. Dezember 2025 –",
	// "(Kiel, 3.5.2024)", "Hannover/Bremen, den 14.07.2025:", "Berlin (dpa),
	// 3. Mai 2024 -", "SCHWERIN, 12.09.2024. Das Land …".
	datelineRe = regexp.MustCompile(`^\(?` + placeDatePat + `\)?\s*(?:[–—\-:(]|\.\s)`)
	// A header line that ends with the place and day of a press release:
	// "Pressemitteilung Nr. 112/2025 München, 14. Juli 2025"; see
	// fixtures/pages/y-stmd-akdb-rahmenvereinbarung-verlaengert.html.
	placeDateEndRe = regexp.MustCompile(`(?:^|\s)` + placeDatePat + `\)?\s*$`)
	// A line that is only the place and day of a press release, as city and
	// association releases print it under the text: "Landshut, 04.12.2024",
	// "Stuttgart, den 3. Juli 2025"; see
	// fixtures/pages/q-landshut-servicestelle-digitale-verwaltung-aufgeloest.html
	// and q-landkreistag-bw-oberschwaben-vergabestelle.html.
	placeDateOnlyRe = regexp.MustCompile(`^` + placeDatePat + `\.?\s*$`)
	// "erstellt am: 22.10.2013", "veröffentlicht am 3. Mai 2024", "Datum: …".
	labelledDateRe = regexp.MustCompile(`(?i)(?:erstellt|veröffentlicht|publiziert|online seit|datum|erschienen|pressemitteilung vom|meldung vom|vom)\s*(?:am|:)?\s*:?\s*(` + numDatePat + `|` + longDatePat + `|` + isoDatePat + `)`)
	// "Montag, 5. Januar 2026": the header line of the current Kommune21
	// layout shows the day of the visit in this form.
	weekdayDateRe = regexp.MustCompile(`(?i)(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag),?\s+(?:den\s+)?(?:` + numDatePat + `|` + longDatePat + `)`)
	// Dates in URLs: /2020/09/23/, _20191011172200_, -2021-04-29-.
	urlDateSlashRe = regexp.MustCompile(`/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[-_])`)
	urlDateCompact = regexp.MustCompile(`(?:^|[_/\-.])((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{4,6})?(?:[_/\-.]|$)`)
	urlDateISO     = regexp.MustCompile(`(?:^|[_/\-])((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[_/\-.]|$)`)
)

// dateFinder ranks the date candidates of one page.
type dateFinder struct {
	fetched time.Time
}

// ok reports whether d is a believable publication day: a day-precision
// date not after the visit.
func (f dateFinder) ok(d Date) bool {
	if d.Precision() != "day" {
		return false
	}
	if f.fetched.IsZero() {
		return true
	}
	t, _ := d.Time()
	return !t.After(f.fetched.Add(36 * time.Hour))
}

// parseFirst returns the first date in s that ParseDate accepts.
func parseFirst(s string) Date {
	for _, m := range anyDateRe.FindAllString(s, 3) {
		if d, err := ParseDate(m); err == nil {
			return d
		}
	}
	return ""
}

// fromStructured parses a machine-readable date ("2021-04-29T10:00:00+02:00").
// A time with a zone is read as a German page prints it: the calendar day in
// Berlin ("2020-04-28T22:30:00Z" is 29 April there). A bare date or a time
// without a zone is taken as it stands.
func fromStructured(s string) Date {
	s = strings.TrimSpace(s)
	for _, layout := range zonedLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return berlinDay(t)
		}
	}
	if len(s) >= 10 {
		if d, err := ParseDate(s[:10]); err == nil {
			return d
		}
	}
	if d, err := ParseDate(s); err == nil {
		return d
	}
	return ""
}

// timeElementDate returns the date of the first <time datetime> inside the
// article (inside one of roots, or between the headline and them), not in
// boilerplate, not in a link; a time marked as the update is used only when
// no other exists.
func timeElementDate(doc *goquery.Document, roots map[*html.Node]bool, head *html.Node) Date {
	var first, updated Date
	doc.Find("time[datetime], [itemprop=datePublished][datetime], [itemprop=datePublished][content]").Each(func(_ int, s *goquery.Selection) {
		n := s.Get(0)
		if !insideAny(n, roots) && !(head != nil && insideAny(n, map[*html.Node]bool{head.Parent: true})) {
			return
		}
		if strongAncestor(n) {
			return
		}
		v := s.AttrOr("datetime", s.AttrOr("content", ""))
		d := fromStructured(v)
		if d == "" {
			return
		}
		words := classWords(n)
		if hasStem(words, []string{"updated", "modified", "aktualisiert"}) || attrOf(n, "itemprop") == "dateModified" {
			if updated == "" {
				updated = d
			}
			return
		}
		if attrOf(n, "itemprop") == "datePublished" || hasStem(words, []string{"published", "pubdate"}) || attrOf(n, "pubdate") != "" {
			first = d
			return
		}
		if first == "" {
			first = d
		}
	})
	if first != "" {
		return first
	}
	return updated
}

// urlDate returns the day encoded in the path of u.
func urlDate(u string) Date {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	p := pu.Path
	for _, re := range []*regexp.Regexp{urlDateSlashRe, urlDateISO, urlDateCompact} {
		if m := re.FindStringSubmatch(p); m != nil {
			d := MakeDate(digitsToInt(m[1]), time.Month(digitsToInt(m[2])), digitsToInt(m[3]))
			if d.Validate() == nil {
				return d
			}
		}
	}
	return ""
}

// visitDay reports whether the text of b shows the day of the visit in the
// form of a page header ("Montag, 5. Januar 2026").
func (f dateFinder) visitDay(text string, d Date) bool {
	if f.fetched.IsZero() {
		return false
	}
	return d == DayOf(f.fetched) && weekdayDateRe.MatchString(text)
}

// zonedLayouts are the forms of machine-readable times with a zone that
// pages put in meta tags and JSON-LD.
var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
}

// berlinDay returns the calendar day of t in Germany: CET, or CEST from the
// last Sunday of March to the last Sunday of October (01:00 UTC both), the
// EU rule since 1996. It needs no time zone database, so extract stays pure.
func berlinDay(t time.Time) Date {
	u := t.UTC()
	y := u.Year()
	start := lastSunday(y, time.March).Add(time.Hour)
	end := lastSunday(y, time.October).Add(time.Hour)
	off := time.Hour
	if !u.Before(start) && u.Before(end) {
		off = 2 * time.Hour
	}
	return DayOf(u.Add(off))
}

// lastSunday returns 00:00 UTC of the last Sunday of month m in year y.
func lastSunday(y int, m time.Month) time.Time {
	d := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	return d.AddDate(0, 0, -int(d.Weekday()))
}

// dateLineLabelRe matches a date line that starts with a short label:
// "Pressemitteilung vom 04.09.2024", "Veröffentlicht: 14. Mai 2024",
// "Stand - 12.11.2021", "Datum 28.01.2022".
var dateLineLabelRe = regexp.MustCompile(`(?i)^(?:\p{L}+\s+){0,2}(?:vom|am|veröffentlicht|erstellt|publiziert|erschienen|aktualisiert|stand|datum)\s*(?:am|vom)?\s*[:\-–]?\s*(?:` + numDatePat + `|` + longDatePat + `|` + isoDatePat + `)`)

// isDateLine reports whether text is a line that shows a date, as a byline
// or the head of a press release does: it starts with the date or with a
// short label before it, or it gives the article's age.
func isDateLine(text string) bool {
	return dateFirstRe.MatchString(text) || dateLineLabelRe.MatchString(text) || ageRe.MatchString(text) || placeDateEndRe.MatchString(text)
}

// headerDate returns the date of a date line printed right above the
// headline element head: one of the two elements before it or, when the
// headline opens its container, before that container. The line must be
// short, without links and not the day of the visit. A teaser's date does
// not stand there (its own linked headline does), and a site header with
// today's date is cut off by the navigation between it and the headline.
// See fixtures/pages/x-ekom21-komm-one-zusammenarbeit.html,
// x-kiel-serviceportal-start.html and x-wedemark-govdigital-beitritt.html.
func headerDate(f dateFinder, head *html.Node) Date {
	if head == nil {
		return ""
	}
	seen := 0
	for n := head; n != nil && seen < 2; n = n.Parent {
		if n != head && (n.DataAtom == atom.Body || n.DataAtom == atom.Main || n.DataAtom == atom.Article) {
			break
		}
		for p := prevElement(n); p != nil && seen < 2; p = prevElement(p) {
			seen++
			if s, _ := markupHints(p); s || p.DataAtom == atom.Ul || p.DataAtom == atom.Ol || p.DataAtom == atom.Li {
				return ""
			}
			// A link to the category beside the date is allowed ("20.12.2017
			// 14:43 Alter: 61 Tag(e) Kategorie: Rathaus", see
			// fixtures/pages/y-bernau-chiemsee-datenschutzbeauftragter.html);
			// a date inside a link, or a line that is mostly links, is a
			// teaser's or the navigation's.
			t, linked := unlinkedText(p)
			if n := utf8.RuneCountInString(t); n+linked > 100 || 2*linked > n || !isDateLine(t) {
				continue
			}
			if d := parseFirst(t); f.ok(d) && !f.visitDay(t, d) {
				return d
			}
			return ""
		}
		if n != head {
			break // one level up at most
		}
	}
	return ""
}

// leadDateline returns the day of a dateline at the start of the lead:
// the first kept paragraph or, when that is a standfirst printed above the
// lead, the second ("Schwerin, 12. September 2024 – Das Land …" under the
// subtitle; see fixtures/pages/y-landkreistag-mv-zukunftspakt.html).
func (f dateFinder) leadDateline(blocks []textBlock, body bodyResult) Date {
	for _, i := range body.kept[:min(2, len(body.kept))] {
		if mm := datelineRe.FindStringSubmatch(blocks[i].text); mm != nil {
			if d, err := ParseDate(mm[1]); err == nil && f.ok(d) {
				return d
			}
		}
	}
	return ""
}

// unlinkedText returns the squashed text of n without the text of its
// links, and the number of runes inside links.
func unlinkedText(n *html.Node) (text string, linked int) {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.A && attrOf(n, "href") != "" {
			linked += utf8.RuneCountInString(squash(nodeText(n)))
			b.WriteByte(' ')
			return
		}
		if n.Type == html.ElementNode && (skipTags[n.DataAtom] || n.DataAtom == atom.Br) {
			b.WriteByte(' ')
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
		if n.Type == html.ElementNode && blockTags[n.DataAtom] {
			b.WriteByte(' ')
		}
	}
	f(n)
	return squash(b.String()), linked
}

// hasLink reports whether n holds a link.
func hasLink(n *html.Node) bool {
	if n.Type == html.ElementNode && n.DataAtom == atom.A && attrOf(n, "href") != "" {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasLink(c) {
			return true
		}
	}
	return false
}
