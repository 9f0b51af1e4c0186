package gazetteer

import (
	"unicode"
	"unicode/utf8"
)

// buildStarts records the first word of every name key, places (in every
// spelling) and bodies (with aliases), for MayStartName.
func (g *Gazetteer) buildStarts() {
	g.starts = make(map[string]bool, len(g.byKey)+len(g.bodyKey))
	for k := range g.byKey {
		g.starts[leadRun(k)] = true
	}
	for k := range g.bodyKey {
		g.starts[leadRun(k)] = true
	}
}

// leadRun is the leading run of letters and digits of s.
func leadRun(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return s[:i]
		}
	}
	return s
}

// leadRunLen is the length of leadRun(string(b)).
func leadRunLen(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return i
		}
		i += n
	}
	return len(b)
}

// MayStartName reports whether a name that Places or Body knows can begin
// with word: whether the leading letters and digits of Key(word) are the
// leading letters and digits of some place name variant, body name or
// alias. It is false for most words of running text ("die", "haben",
// "Verwaltung"), so that callers scanning text for names need not look up
// every span that starts with them. A false answer is certain; a true one
// only means that a lookup may succeed.
func (g *Gazetteer) MayStartName(word string) bool {
	var buf [keyBuf]byte
	k := appendKey(buf[:0], word)
	return g.starts[string(k[:leadRunLen(k)])]
}
