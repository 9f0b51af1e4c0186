package extract

import (
	"regexp"
	"regexp/syntax"
	"sort"
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
// fraction of the time (see bench/NOTES.md, "Profiles").
//
// When every alternative of the pattern has literals of its own, MatchString
// goes further: it tries only the alternatives whose literals the text
// holds, answers at once for an alternative that is nothing but literals
// ("beigetreten", "gegründet|gründung"), and runs only that alternative's
// small regexp for the others. A sentence that passes the prefilter of
// foundedRe because it says "Vereinbarung" then costs one substring search
// instead of a backtracking walk of all thirty alternatives.
//
// Every other method is the regexp's own. A cueRegexp is read-only and
// safe for concurrent use.
type cueRegexp struct {
	*regexp.Regexp
	lits []cueLit // nil: no prefilter, every call runs the regexp
	alts []cueAlt // nil: the whole regexp runs once the prefilter passes
}

type cueLit struct {
	s      string
	fold   bool      // s is lower case and compared with the lower-cased text
	probe  [3]uint16 // byte pairs of s for a bigram filter (probeOf)
	probed bool      // s is long enough to have them
}

// cueAlt is one alternative of a cue pattern.
type cueAlt struct {
	lits  []cueLit       // every match of the alternative holds one of these
	more  [][]cueLit     // and one of each of these: "\btritt\b[^.]*\bbei\b" needs "tritt" and "bei"
	exact bool           // the alternative is lits and nothing else: holding one is a match
	re    *regexp.Regexp // otherwise the alternative's own regexp
}

// maxBranches bounds how many alternatives a pattern is expanded into.
const maxBranches = 64

// mustCue compiles expr like regexp.MustCompile and derives its prefilter.
func mustCue(expr string) *cueRegexp {
	c := &cueRegexp{Regexp: regexp.MustCompile(expr)}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return c // cannot happen: MustCompile accepted it
	}
	re = re.Simplify()
	if lits, ok := mandatoryLits(re); ok {
		c.lits = lits
	}
	if c.lits != nil {
		c.alts = alternatives(re)
		if c.alts == nil {
			conj := mandatoryConj(re)
			c.alts = []cueAlt{{lits: conj[0], more: conj[1:], re: c.Regexp}}
		}
	}
	return c
}

// alternatives splits re into the alternatives it is a union of, each with
// its prefilter, or returns nil when some alternative has no literal every
// one of its matches contains, or re is no union worth splitting.
func alternatives(re *syntax.Regexp) []cueAlt {
	seqs, ok := expand(re)
	if !ok || len(seqs) < 2 {
		return nil
	}
	alts := make([]cueAlt, 0, len(seqs))
	for _, seq := range seqs {
		if lit, fold, ok := literalSeq(seq); ok {
			if len(lit) < minLit {
				return nil
			}
			l := newLit(lit, fold)
			if fold && !foldExact(l.s) {
				return nil
			}
			alts = append(alts, cueAlt{lits: []cueLit{l}, exact: true})
			continue
		}
		sub := &syntax.Regexp{Op: syntax.OpConcat, Sub: seq}
		if len(seq) == 1 {
			sub = seq[0]
		}
		conj := mandatoryConj(sub)
		if len(conj) == 0 {
			return nil
		}
		sre, err := regexp.Compile(sub.String())
		if err != nil {
			return nil
		}
		alts = append(alts, cueAlt{lits: conj[0], more: conj[1:], re: sre})
	}
	return alts
}

// expand returns re as a union of sequences of atoms: alternations are
// multiplied out through concatenations and captures ("g(?:egründet|
// ründung)" → "gegründet", "gründung"), up to maxBranches sequences. An
// atom is anything else: a literal, a class, a repetition, an assertion.
func expand(re *syntax.Regexp) ([][]*syntax.Regexp, bool) {
	switch re.Op {
	case syntax.OpCapture:
		return expand(re.Sub[0])
	case syntax.OpEmptyMatch:
		return [][]*syntax.Regexp{nil}, true
	case syntax.OpAlternate:
		var out [][]*syntax.Regexp
		for _, sub := range re.Sub {
			seqs, ok := expand(sub)
			if !ok {
				return nil, false
			}
			out = append(out, seqs...)
			if len(out) > maxBranches {
				return nil, false
			}
		}
		return out, true
	case syntax.OpConcat:
		out := [][]*syntax.Regexp{nil}
		for _, sub := range re.Sub {
			seqs, ok := expand(sub)
			if !ok || len(out)*len(seqs) > maxBranches {
				return nil, false
			}
			next := make([][]*syntax.Regexp, 0, len(out)*len(seqs))
			for _, a := range out {
				for _, b := range seqs {
					next = append(next, append(append([]*syntax.Regexp(nil), a...), b...))
				}
			}
			out = next
		}
		return out, true
	}
	return [][]*syntax.Regexp{{re}}, true
}

// literalSeq reports whether seq is nothing but literals of one case mode,
// and returns them joined.
func literalSeq(seq []*syntax.Regexp) (string, bool, bool) {
	if len(seq) == 0 {
		return "", false, false
	}
	var b strings.Builder
	fold := seq[0].Flags&syntax.FoldCase != 0
	for _, r := range seq {
		if r.Op != syntax.OpLiteral || (r.Flags&syntax.FoldCase != 0) != fold {
			return "", false, false
		}
		b.WriteString(string(r.Rune))
	}
	return b.String(), fold, true
}

// foldExact reports whether, for lower-case lit, "the lower-cased text
// contains lit" and "the text matches lit case-insensitively" are the same
// statement for every text without a foldOutlier: each rune of lit is
// ASCII or one of the German letters, whose case-folding orbits
// strings.ToLower maps onto them exactly (TestFoldExact checks this
// against all of Unicode).
func foldExact(lit string) bool {
	for _, r := range lit {
		if r >= utf8.RuneSelf && !strings.ContainsRune("äöüß", r) {
			return false
		}
	}
	return true
}

// foldOutliers are the runes for which case-insensitive matching and
// strings.ToLower disagree on ASCII or German letters: "ſ" (long s) and
// "K" (Kelvin sign) fold to "s" and "k" (only the sign is lowered to "k"),
// "İ" is lowered to "i" but does not fold to it, and "µ" (micro sign)
// folds to "μ". A text holding one of them runs the plain regexp.
var foldOutliers = []string{"ſ", "K", "İ", "µ"}

func hasFoldOutlier(s string) bool {
	for i := 0; i < len(s); i++ {
		// every outlier's UTF-8 form starts with 0xC2, 0xC4, 0xC5 or 0xE2
		switch s[i] {
		case 0xC2, 0xC4, 0xC5, 0xE2:
			for _, o := range foldOutliers {
				if strings.HasPrefix(s[i:], o) {
					return true
				}
			}
		}
	}
	return false
}

// minLit is the shortest literal worth a prefilter: shorter ones occur in
// almost every sentence.
const minLit = 3

// mandatoryLits returns literals of which every match of re contains at
// least one, or false when there is no such set of useful literals.
func mandatoryLits(re *syntax.Regexp) ([]cueLit, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		l := newLit(string(re.Rune), re.Flags&syntax.FoldCase != 0)
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

// mandatoryConj returns sets of literals such that every match of re
// contains one literal of each set: the mandatory parts of a
// concatenation each give one, most selective first. Testing all of them
// rules out more texts than mandatoryLits' single best set.
func mandatoryConj(re *syntax.Regexp) [][]cueLit {
	var out [][]cueLit
	var walk func(re *syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpCapture, syntax.OpPlus:
			walk(re.Sub[0])
		case syntax.OpRepeat:
			if re.Min >= 1 {
				walk(re.Sub[0])
			}
		case syntax.OpConcat:
			for _, sub := range re.Sub {
				walk(sub)
			}
		default:
			if lits, ok := mandatoryLits(re); ok {
				out = append(out, lits)
			}
		}
	}
	walk(re)
	sort.SliceStable(out, func(i, j int) bool { return shortest(out[i]) > shortest(out[j]) })
	return out
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
	return c.match(&textForm{text: s})
}

// matchLower is MatchString for a caller that already holds
// strings.ToLower(s) (or "" to have it computed when needed), so that the
// rules testing one sentence against many patterns lower-case it once.
func (c *cueRegexp) matchLower(s, lower string) bool {
	return c.match(&textForm{text: s, low: lower, lowSet: lower != "" || s == ""})
}

// mayMatch reports whether s may hold a match of the pattern: false is
// certain, true means that the regexp must decide. It lets callers of the
// Find methods skip texts without any of the pattern's literals; lower is
// strings.ToLower(s) or "" as for matchLower.
func (c *cueRegexp) mayMatch(s, lower string) bool {
	if c.lits == nil || hasFoldOutlier(s) {
		return true
	}
	f := &textForm{text: s, low: lower, lowSet: lower != "" || s == ""}
	return f.hasAny(c.lits)
}

// match reports whether f's text contains a match of the pattern.
func (c *cueRegexp) match(f *textForm) bool {
	if c.lits == nil || f.outlier() {
		return c.Regexp.MatchString(f.text)
	}
alts:
	for _, a := range c.alts {
		if !f.hasAny(a.lits) {
			continue
		}
		if a.exact {
			return true
		}
		for _, lits := range a.more {
			if !f.hasAny(lits) {
				continue alts
			}
		}
		if a.re.MatchString(f.text) {
			return true
		}
	}
	return false
}

// textForm is a text with what the prefilters derive from it, each made on
// first use: its lower case and, for the sentences the entity rules test
// against dozens of patterns, a bigram filter of the lower case.
type textForm struct {
	text         string
	low          string
	lowSet       bool
	bg           *bigrams // nil: none, literals are searched for directly
	outlierState tristate
}

func (f *textForm) lower() string {
	if !f.lowSet {
		f.low, f.lowSet = strings.ToLower(f.text), true
	}
	return f.low
}

func (f *textForm) outlier() bool {
	if f.outlierState == unknown {
		f.outlierState.remember(hasFoldOutlier(f.text))
	}
	return f.outlierState == yes
}

// withBigrams makes f keep a bigram filter of its lower case.
func (f *textForm) withBigrams() *textForm {
	if f.bg == nil {
		f.bg = new(bigrams)
		low := f.lower()
		for i := 0; i+1 < len(low); i++ {
			f.bg.set(bigramOf(low[i], low[i+1]))
		}
	}
	return f
}

// has reports whether the text holds l: l.s in the lower case for a
// case-insensitive literal, as is otherwise. The bigram filter rules most
// absent literals out without a search.
func (f *textForm) has(l cueLit) bool {
	if f.bg != nil && l.probed && !f.bg.mayHold(l.probe) {
		return false
	}
	if !l.fold {
		return strings.Contains(f.text, l.s)
	}
	return strings.Contains(f.lower(), l.s)
}

func (f *textForm) hasAny(lits []cueLit) bool {
	for _, l := range lits {
		if f.has(l) {
			return true
		}
	}
	return false
}

// bigrams is a set of the byte pairs of a text, hashed into 1024 bits. A
// text holding a string holds all its byte pairs, so a literal one of whose
// probes (three of its pairs) is missing is certainly absent.
type bigrams [16]uint64

func bigramOf(a, b byte) uint16 { return (uint16(a)*37 + uint16(b)) & 1023 }

func (g *bigrams) set(h uint16) { g[h>>6] |= 1 << (h & 63) }

func (g *bigrams) mayHold(p [3]uint16) bool {
	return g[p[0]>>6]&(1<<(p[0]&63)) != 0 && g[p[1]>>6]&(1<<(p[1]&63)) != 0 && g[p[2]>>6]&(1<<(p[2]&63)) != 0
}

// probeOf returns three byte pairs of s (at its start, middle and end;
// len(s) >= 2).
func probeOf(s string) [3]uint16 {
	n := len(s)
	m := n/2 - 1
	return [3]uint16{bigramOf(s[0], s[1]), bigramOf(s[m], s[m+1]), bigramOf(s[n-2], s[n-1])}
}

// newLit returns the prefilter literal s.
func newLit(s string, fold bool) cueLit {
	if fold {
		s = strings.ToLower(s)
	}
	l := cueLit{s: s, fold: fold}
	// The filter is made of the text's lower case. A case-sensitive
	// literal is in the text only if its lower case is in the text's lower
	// case (strings.ToLower maps rune by rune), so it is probed by that.
	p := s
	if !fold {
		p = strings.ToLower(s)
	}
	if len(p) >= 2 {
		l.probe, l.probed = probeOf(p), true
	}
	return l
}

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
