package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateExpr is one date expression found in a sentence.
type dateExpr struct {
	date Date
	pos  int
	lead string // the word before it, lower case: "seit", "am", "ab" …
}

var (
	dayRangeNumRe  = regexp.MustCompile(`\b(\d{1,2})\.\s*(?:und|bis|/|-|–)\s*\d{1,2}\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b`)
	dayRangeLongRe = regexp.MustCompile(`(?i)\b(\d{1,2})\.\s*(?:und|bis|/|-|–)\s*\d{1,2}\.\s*` + monthPattern + `\s*(\d{4})`)
	numDayInRe     = regexp.MustCompile(`\b\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})\b`)
	longDayInRe    = regexp.MustCompile(`(?i)\b\d{1,2}\.\s*` + monthPattern + `\s*\d{4}`)
	dayNoYearRe    = regexp.MustCompile(`(?i)\b(\d{1,2})\.\s*` + monthPattern + `(?:\s|$|[,;])`)
	monthYearInRe  = regexp.MustCompile(`(?i)\b` + monthPattern + `\s+(\d{4})\b`)
	yearInRe       = regexp.MustCompile(`(?i)\b(?:(?:im|seit dem|seit|ab dem|ab|bis zum|bis|zum|vom|des)\s+)?(?:jahre?s?\s+)?((?:19|20)\d\d)\b`)
	weekdayInRe    = mustCue(`(?i)\b(?:am\s+)?(?:vergangenen\s+|letzten\s+|gestrigen\s+|heutigen\s+)?(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)(?:abend|morgen|vormittag|nachmittag|mittag)?\b`)
	relDayRe       = mustCue(`(?i)\b(vorgestern|gestern|heute)\b`)
)

var weekdays = map[string]time.Weekday{
	"montag": time.Monday, "dienstag": time.Tuesday, "mittwoch": time.Wednesday, "donnerstag": time.Thursday,
	"freitag": time.Friday, "samstag": time.Saturday, "sonnabend": time.Saturday, "sonntag": time.Sunday,
}

// leadWord returns the lower-case word right before byte offset pos.
func leadWord(s string, pos int) string {
	f := strings.Fields(s[:pos])
	if len(f) == 0 {
		return ""
	}
	w := strings.ToLower(strings.Trim(f[len(f)-1], "(,;:"))
	if (w == "dem" || w == "jahr") && len(f) >= 2 {
		w2 := strings.ToLower(f[len(f)-2])
		if w2 == "dem" && len(f) >= 3 {
			w2 = strings.ToLower(f[len(f)-3])
		}
		return w2
	}
	return w
}

// datesIn returns the date expressions of s in text order; relative ones
// ("am Mittwoch", "gestern") are resolved against ref when it is known.
func datesIn(s string, ref time.Time) []dateExpr {
	var out []dateExpr
	taken := make([]bool, len(s)+1)
	mark := func(a, b int) bool {
		for i := a; i < b; i++ {
			if taken[i] {
				return false
			}
		}
		for i := a; i < b; i++ {
			taken[i] = true
		}
		return true
	}
	add := func(d Date, a, b int) {
		if d.Validate() != nil || d == "" || !mark(a, b) {
			return
		}
		out = append(out, dateExpr{date: d, pos: a, lead: leadWord(s, a)})
	}
	// Every pattern but the weekdays and "gestern" needs a digit (\d is
	// ASCII): a sentence without one skips them.
	digits := strings.ContainsAny(s, "0123456789")
	for _, m := range findAllIf(digits, dayRangeNumRe, s) {
		d, err := ParseDate(s[m[2]:m[3]] + "." + s[m[4]:m[5]] + "." + s[m[6]:m[7]])
		if err == nil {
			add(d, m[0], m[1])
		}
	}
	for _, m := range findAllIf(digits, dayRangeLongRe, s) {
		d, err := ParseDate(s[m[2]:m[3]] + ". " + s[m[4]:m[5]] + " " + s[m[6]:m[7]])
		if err == nil {
			add(d, m[0], m[1])
		}
	}
	for _, re := range []*regexp.Regexp{longDayInRe, numDayInRe} {
		for _, m := range findAllIf(digits, re, s) {
			if d, err := ParseDate(s[m[0]:m[1]]); err == nil {
				add(d, m[0], m[1])
			}
		}
	}
	for _, m := range findAllIf(digits, monthYearInRe, s) {
		if d, err := ParseDate(s[m[0]:m[1]]); err == nil {
			add(d, m[0], m[1])
		}
	}
	if !ref.IsZero() {
		for _, m := range findAllIf(digits, dayNoYearRe, s) {
			day, _ := strconv.Atoi(s[m[2]:m[3]])
			mon, ok := ParseMonth(s[m[4]:m[5]])
			if !ok {
				continue
			}
			y := ref.Year()
			// A day later in the year than the reference is last year's,
			// unless the sentence plans ahead; callers filter by lead word.
			if time.Date(y, mon, day, 0, 0, 0, 0, time.UTC).After(ref.AddDate(0, 1, 0)) {
				y--
			}
			add(MakeDate(y, mon, day), m[0], m[1])
		}
		low := strings.ToLower(s)
		for _, m := range findAllIf(weekdayInRe.mayMatch(s, low), weekdayInRe.Regexp, s) {
			wd := weekdays[strings.ToLower(s[m[2]:m[3]])]
			diff := (int(ref.Weekday()) - int(wd) + 7) % 7
			add(DayOf(ref.AddDate(0, 0, -diff)), m[0], m[1])
		}
		for _, m := range findAllIf(relDayRe.mayMatch(s, low), relDayRe.Regexp, s) {
			back := map[string]int{"heute": 0, "gestern": 1, "vorgestern": 2}[strings.ToLower(s[m[2]:m[3]])]
			add(DayOf(ref.AddDate(0, 0, -back)), m[0], m[1])
		}
	}
	for _, m := range findAllIf(digits, yearInRe, s) {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		if m[2] == m[0] && !strings.Contains(strings.ToLower(s[max(0, m[0]-12):m[0]]), "jahr") {
			// A bare year without "im", "seit", "Jahr" is too often a name
			// ("Digitalprogramm 2025") to be a date.
			continue
		}
		add(MakeDate(y, 0, 0), m[2], m[3])
	}
	// text order
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].pos < out[j-1].pos; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// findAllIf returns the submatch indexes of re in s, or none without
// running it when a prefilter has ruled every match out (ok false).
func findAllIf(ok bool, re *regexp.Regexp, s string) [][]int {
	if !ok {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

// sinceDate returns the date after "seit" in s: "seit September 2020" →
// 2020-09, "seit dem Jahr 2019" → 2019.
func sinceDate(s string) (Date, bool) {
	for _, e := range datesIn(s, time.Time{}) {
		if e.lead == "seit" {
			return e.date, true
		}
	}
	return "", false
}

// eventDate dates an event from its evidence: an explicit date that is not
// background ("seit …") or an outlook ("ab …", "bis …"), a weekday or
// "gestern" resolved against the article's date, else the article's date
// itself ("jetzt", "nun" or nothing), else null.
func (x *Extractor) eventDate(a *Article, d *doc, evidence []string, typ EventType) Date {
	ref, ok := a.Published.Time()
	if !ok && !a.FetchedAt.IsZero() {
		ref = a.FetchedAt.UTC()
	}
	// The evidence first, then the other sentences that carry the event's
	// type: "haben dazu gestern in Schwerin einen Letter of Intent
	// unterzeichnet" names no partner but dates the signing
	// (x-kn-online-sh-mv-letter-of-intent).
	cands := append([]string(nil), evidence...)
	re := typeRe[typ]
	for _, s := range d.textSents() {
		if re.match(s.form()) && coopCue(s) {
			cands = append(cands, s.text)
		}
	}
	for _, e := range cands {
		if pluperfectRe.MatchString(e) || strings.HasPrefix(strings.ToLower(e), "seit") {
			continue // background: "Der Rat hatte den Beitritt am 27. Februar beschlossen"
		}
		for _, de := range datesIn(e, ref) {
			switch de.lead {
			case "seit", "bereits", "vor", "bis", "nach":
				continue
			case "ab":
				if typ != Planned {
					continue
				}
			}
			if typ != Planned && a.Published != "" && de.date > a.Published {
				continue // a past event cannot be later than its report
			}
			return de.date
		}
	}
	return a.Published
}
