package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// germanMonths maps lower-case German month names and their usual
// abbreviations (without the final dot) to months. Austrian forms (Jänner,
// Feber) are included because Austrian pages report on the same subjects.
var germanMonths = map[string]time.Month{
	"januar": time.January, "jan": time.January, "jänner": time.January, "jän": time.January,
	"februar": time.February, "feb": time.February, "feber": time.February, "febr": time.February,
	"märz": time.March, "maerz": time.March, "mär": time.March, "mrz": time.March,
	"april": time.April, "apr": time.April,
	"mai":  time.May,
	"juni": time.June, "jun": time.June,
	"juli": time.July, "jul": time.July,
	"august": time.August, "aug": time.August,
	"september": time.September, "sep": time.September, "sept": time.September,
	"oktober": time.October, "okt": time.October,
	"november": time.November, "nov": time.November,
	"dezember": time.December, "dez": time.December,
}

// ParseMonth returns the month named by a German month name or abbreviation
// ("März", "Mrz.", "Jänner", "Sept."), in any letter case, with or without a
// final dot; ok is false for anything else.
func ParseMonth(name string) (m time.Month, ok bool) {
	n := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
	m, ok = germanMonths[n]
	return m, ok
}

// monthPattern matches any key of germanMonths (longest first, so that
// "Juni" is not read as "Jun"), optionally followed by a dot.
const monthPattern = `(januar|jänner|jän|jan|februar|feber|febr|feb|märz|maerz|mär|mrz|april|apr|mai|juni|jun|juli|jul|august|aug|september|sept|sep|oktober|okt|november|nov|dezember|dez)\.?`

var (
	// 2021-04-29, optionally followed by a time and zone (RFC 3339 and the
	// looser "2021-04-29 10:00:00" that CMSs print).
	isoDayRe   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?$`)
	isoMonthRe = regexp.MustCompile(`^(\d{4})-(\d{1,2})$`)
	// 29.4.2021, 29.04.2021, 29.4.21, optionally followed by a clock time.
	numDayRe = regexp.MustCompile(`^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?:,?\s+(?:um\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*Uhr)?)?$`)
	// 19. Dezember 2025, 19. Dez. 2025, 1. März 2024, 19 Dezember 2025.
	longDayRe = regexp.MustCompile(`(?i)^(\d{1,2})\.?\s*` + monthPattern + `\s*(\d{4})(?:,?\s+(?:um\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*Uhr)?)?$`)
	// März 2024, September 2020, Sept. 2020.
	longMonthRe = regexp.MustCompile(`(?i)^` + monthPattern + `\s*(\d{4})$`)
	yearRe      = regexp.MustCompile(`^(\d{4})$`)
	// "Montag, 5. Januar 2026", "Mo., 5.1.2026": a weekday before the date.
	weekdayPrefixRe = regexp.MustCompile(`(?i)^(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|mo|di|mi|do|fr|sa|so)\.?,?\s+`)
)

// ParseDate parses one German or ISO date expression and returns it as a
// Date whose precision is what the expression says: "2021-04-29",
// "2021-04-29T10:00:00+02:00", "29.4.2021", "29.04.2021", "29.4.21" (two-digit
// years are 19xx from 70 on, else 20xx), "19. Dezember 2025", "19. Dez. 2025"
// give a day; "März 2024" and "2024-03" a month; "2019" a year. Surrounding
// white space, brackets, a leading weekday ("Montag, 5. Januar 2026") and a
// trailing clock time are allowed. Anything else, and dates that do not
// exist or lie outside the years 1900-2199, give an error.
func ParseDate(s string) (Date, error) {
	t := strings.TrimSpace(s)
	t = strings.Trim(t, "[]() \t\u00a0")
	t = strings.TrimRight(t, ",;:–- ")
	t = strings.ReplaceAll(t, "\u00a0", " ")
	t = weekdayPrefixRe.ReplaceAllString(t, "")
	if t == "" || len(t) > 64 {
		return "", fmt.Errorf("parse date %q: want a date like 29.4.2021, 19. Dezember 2025 or 2021-04-29", s)
	}
	var (
		y, d   int
		m      time.Month
		hasDay bool // the pattern names a day, so 0 is not "unknown" but wrong
	)
	switch {
	case isoDayRe.MatchString(t):
		g := isoDayRe.FindStringSubmatch(t)
		y, m, d = digitsToInt(g[1]), time.Month(digitsToInt(g[2])), digitsToInt(g[3])
		hasDay = true
	case isoMonthRe.MatchString(t):
		g := isoMonthRe.FindStringSubmatch(t)
		y, m = digitsToInt(g[1]), time.Month(digitsToInt(g[2]))
	case numDayRe.MatchString(t):
		g := numDayRe.FindStringSubmatch(t)
		d, m, y = digitsToInt(g[1]), time.Month(digitsToInt(g[2])), digitsToInt(g[3])
		hasDay = true
		if len(g[3]) == 2 {
			y = expandYear(y)
		}
	case longDayRe.MatchString(t):
		g := longDayRe.FindStringSubmatch(t)
		d, y = digitsToInt(g[1]), digitsToInt(g[3])
		hasDay = true
		m, _ = ParseMonth(g[2])
	case longMonthRe.MatchString(t):
		g := longMonthRe.FindStringSubmatch(t)
		y = digitsToInt(g[2])
		m, _ = ParseMonth(g[1])
	case yearRe.MatchString(t):
		y = digitsToInt(t)
	default:
		return "", fmt.Errorf("parse date %q: want a date like 29.4.2021, 19. Dezember 2025 or 2021-04-29", s)
	}
	if m < 1 || m > 12 {
		if m != 0 || hasDay || t != fmt.Sprint(y) {
			return "", fmt.Errorf("parse date %q: month %d out of range", s, int(m))
		}
	}
	if hasDay && d < 1 {
		return "", fmt.Errorf("parse date %q: day %d out of range", s, d)
	}
	date := MakeDate(y, m, d)
	if err := date.Validate(); err != nil {
		return "", fmt.Errorf("parse date %q: %w", s, err)
	}
	return date, nil
}

// expandYear turns a two-digit year into a four-digit one: 70-99 are the
// 1900s, 00-69 the 2000s (German news online starts in the late 1990s).
func expandYear(y int) int {
	if y >= 70 {
		return 1900 + y
	}
	return 2000 + y
}

// digitsToInt converts a string of at most a few ASCII digits; the regexps above
// guarantee the input, so errors cannot happen.
func digitsToInt(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
