package extract

import (
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// Date expressions as they appear inside running text; each match is
// handed to ParseDate.
const (
	numDatePat  = `\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})`
	longDatePat = `\d{1,2}\.?\s*(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan\.|Feb\.|Mrz\.|Apr\.|Aug\.|Sept?\.|Okt\.|Nov\.|Dez\.)\s*\d{4}`
	isoDatePat  = `\d{4}-\d{2}-\d{2}`
)

var (
	anyDateRe = regexp.MustCompile(`(?:` + numDatePat + `|` + longDatePat + `|\b` + isoDatePat + `)`)
	// "[29.4.2021] " and "[26.08.2025] " at the start of a Kommune21 lead;
	// see fixtures/pages/k21-*.html.
	leadDateRe = regexp.MustCompile(`^\[(\d{1,2}\.\d{1,2}\.\d{4})\]\s*`)
	// Datelines: "Saarbrücken, 19. Dezember 2025 –", "(Kiel, 3.5.2024)".
	datelineRe = regexp.MustCompile(`^\(?[\p{Lu}][\p{L}./\- ]{1,40},\s*(?:den\s+)?(` + numDatePat + `|` + longDatePat + `)\)?\s*[–—\-:(]`)
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

// dateSource names where a date candidate came from; lower is better.
type dateSource int

const (
	srcLead     dateSource = iota // the site's printed form at the start of the lead
	srcJSONLD                     // JSON-LD datePublished of the article
	srcMeta                       // article:published_time and similar
	srcTime                       // <time datetime> inside the article
	srcByline                     // a date between the headline and the text
	srcDateline                   // "Saarbrücken, 19. Dezember 2025 –"
	srcAfter                      // "erstellt am:" after the body
	srcURL                        // /2020/09/23/
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
// The calendar day is the one in the stated zone, which is how the site
// printed it.
func fromStructured(s string) Date {
	s = strings.TrimSpace(s)
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
