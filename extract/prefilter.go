package extract

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// cueRegexp is a compiled pattern with a literal prefilter: MatchString
// first checks that the text holds one of the literals every match must
// contain, and runs the regexp only then. The cue patterns of the entity
// rules are long case-insensitive alternations ("angeschlossen|beigetreten|
// \btritt\b[^.]*\bbei\b|…") that Go's regexp engines walk position by
// position over every sentence, several times per sentence; most sentences
// contain none of their words, and a substring search says so in a
// fraction of the time (see BENCHMARKS.md, "Profiles"). Every other method
// is the regexp's own. A cueRegexp is read-only and safe for concurrent
// use.
type cueRegexp struct {
	*regexp.Regexp
	lits []cueLit // nil: no prefilter, every call runs the regexp
}

type cueLit struct {
	s    string
	fold bool // s is lower case and compared with the lower-cased text
}

// mustCue compiles expr like regexp.MustCompile and derives its prefilter.
func mustCue(expr string) *cueRegexp {
	c := &cueRegexp{Regexp: regexp.MustCompile(expr)}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return c // cannot happen: MustCompile accepted it
	}
	if lits, ok := mandatoryLits(re.Simplify()); ok {
		c.lits = lits
	}
	return c
}

// minLit is the shortest literal worth a prefilter: shorter ones occur in
// almost every sentence.
const minLit = 3

// mandatoryLits returns literals of which every match of re contains at
// least one, or false when there is no such set of useful literals.
func mandatoryLits(re *syntax.Regexp) ([]cueLit, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		l := cueLit{s: string(re.Rune)}
		if re.Flags&syntax.FoldCase != 0 {
			l = cueLit{s: strings.ToLower(l.s), fold: true}
		}
		return []cueLit{l}, len(l.s) >= minLit
	case syntax.OpCapture, syntax.OpPlus:
		return mandatoryLits(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return mandatoryLits(re.Sub[0])
		}
	case syntax.OpConcat:
		// Any one mandatory part will do; take the most selective: the one
		// whose shortest literal is longest.
		var best []cueLit
		bestLen := 0
		for _, sub := range re.Sub {
			lits, ok := mandatoryLits(sub)
			if !ok {
				continue
			}
			if n := shortest(lits); n > bestLen {
				best, bestLen = lits, n
			}
		}
		return best, best != nil
	case syntax.OpAlternate:
		var all []cueLit
		for _, sub := range re.Sub {
			lits, ok := mandatoryLits(sub)
			if !ok {
				return nil, false
			}
			all = append(all, lits...)
		}
		return all, true
	}
	return nil, false
}

func shortest(lits []cueLit) int {
	n := -1
	for _, l := range lits {
		if n < 0 || len(l.s) < n {
			n = len(l.s)
		}
	}
	return n
}

// MatchString reports whether s contains a match of the pattern.
func (c *cueRegexp) MatchString(s string) bool {
	if c.lits == nil || strings.Contains(s, "ſ") || strings.Contains(s, "µ") {
		return c.Regexp.MatchString(s)
	}
	lower := ""
	for _, l := range c.lits {
		t := s
		if l.fold {
			if lower == "" {
				lower = strings.ToLower(s)
			}
			t = lower
		}
		if strings.Contains(t, l.s) {
			return c.Regexp.MatchString(s)
		}
	}
	return false
}

// Case-insensitive matching equates "ſ" (long s) with "s" and "µ" (micro
// sign) with "μ", which strings.ToLower does not: text holding one skips
// the prefilter. (strings.ContainsAny would cost more than the rest of the
// prefilter.)

// spanEnd is the exclusive upper bound of the token spans starting at word
// token i that scanSentence looks up as place or body names: i+maxSpan
// (at most the sentence's end), or i itself, so that no span is tried,
// when no name the gazetteer knows can start with the token. Every span
// lookup normalises the span (gazetteer.Key) and most tokens of running
// text start no name, so this saves some twenty lookups per word.
func (x *Extractor) spanEnd(s *sentence, i, maxSpan int) int {
	end := min(len(s.toks), i+maxSpan)
	t := s.toks[i]
	// Key drops quotes, so "Stadt„X" would be looked up as "stadtx":
	// only a token followed by white space, punctuation or nothing is
	// known to be the first word of the spans' keys.
	if next, _ := utf8.DecodeRuneInString(s.text[t.end:]); strings.ContainsRune(`"„“”»«`, next) {
		return end
	}
	if !x.gaz.MayStartName(t.text) {
		return i
	}
	return end
}

// containsFoldASCII reports whether s contains needle, compared ignoring
// the case of ASCII letters; needle must be lower-case ASCII. For needles
// without "k" and "s" (which Unicode case folding also equates with the
// Kelvin sign and the long s) it agrees with
// strings.Contains(strings.ToLower(s), needle) without allocating.
func containsFoldASCII(s, needle string) bool {
	n := len(needle)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for j < n {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[j] {
				break
			}
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

// dropOrdinalDots removes the dot after every ASCII digit, as
// ordinalDotRe.ReplaceAllString(s, "$1") does ("zum 1. Juli" → "zum 1
// Juli"), but returns s itself, without allocating, when there is none;
// the event rules call it several times for every sentence.
func dropOrdinalDots(s string) string {
	first := -1
	for i := 1; i < len(s); i++ {
		if s[i] == '.' && '0' <= s[i-1] && s[i-1] <= '9' {
			first = i
			break
		}
	}
	if first < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:first]...)
	for i := first + 1; i < len(s); i++ {
		if s[i] == '.' && '0' <= s[i-1] && s[i-1] <= '9' {
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}
