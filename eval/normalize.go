package eval

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold returns s in Unicode NFC with runs of white space (including
// no-break and thin spaces) folded to one space and trimmed. Case is kept.
func fold(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// partnerPrefixes are the leading words that name the kind of a body rather
// than the body, as in "Landkreis Gifhorn", "Freie und Hansestadt Hamburg",
// "Große Kreisstadt Sinsheim", "Samtgemeinde Hankensbüttel". They are given
// lower case, one entry per prefix, split into words. The kind is scored on
// its own (partner_kind_accuracy), so the name match ignores it.
//
// A prefix is only removed when a capitalised word follows (see
// PartnerKey), so "Amt für Digitalisierung" or "Land der Ideen" stay whole.
var partnerPrefixes = [][]string{
	// Länder
	{"land"}, {"bundesland"}, {"freistaat"},
	// Kreise
	{"landkreis"}, {"kreis"}, {"stadtkreis"}, {"städteregion"}, {"region"}, {"bezirk"},
	// Städte and their official titles
	{"stadt"}, {"kreisstadt"}, {"große", "kreisstadt"}, {"kreisfreie", "stadt"},
	{"hansestadt"}, {"freie", "hansestadt"}, {"freie", "und", "hansestadt"},
	{"landeshauptstadt"}, {"bundesstadt"}, {"universitätsstadt"}, {"hochschulstadt"},
	{"wissenschaftsstadt"}, {"universitäts-", "und", "hansestadt"}, {"hanse-", "und", "universitätsstadt"},
	// Gemeinden and their associations
	{"gemeinde"}, {"ortsgemeinde"}, {"marktgemeinde"}, {"markt"},
	{"samtgemeinde"}, {"verbandsgemeinde"}, {"amt"},
}

// PartnerKey returns the form in which partner names are compared: NFC,
// lower case, white space folded, and one leading kind word removed
// ("Landkreis Gifhorn" and "Gifhorn" both give "gifhorn"). The longest
// prefix of partnerPrefixes is removed, and only when the next word starts
// with an upper-case letter or a digit, as a proper name does, so that
// "Amt für Digitalisierung" stays whole. A name that is nothing but a
// prefix ("Land") is kept.
func PartnerKey(name string) string {
	words := strings.Fields(norm.NFC.String(name))
	best := 0
	for _, p := range partnerPrefixes {
		if len(p) <= best || len(p) >= len(words) || !startsName(words[len(p)]) {
			continue
		}
		match := true
		for i, w := range p {
			if strings.ToLower(words[i]) != w {
				match = false
				break
			}
		}
		if match {
			best = len(p)
		}
	}
	return strings.ToLower(strings.Join(words[best:], " "))
}

// startsName reports whether w starts like a proper name: an upper-case
// letter or a digit.
func startsName(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// titleParts are the pieces academic titles are made of, lower case:
// "Dr.", "Prof.", "Dr.-Ing.", "Dr. med.", "Dr. rer. nat.", "Dipl.-Ing.",
// "Priv.-Doz.", "Dr. phil. habil.". A token counts as a title when it ends
// in a dot and every piece between dots and hyphens is one of these
// (so "Dr." and "Dr.-Ing." are titles, a surname "Drews" is not); "Dr" and
// "Prof" without the dot count too.
var titleParts = map[string]bool{
	"dr": true, "prof": true, "dipl": true, "ing": true, "med": true, "dent": true,
	"vet": true, "rer": true, "nat": true, "pol": true, "oec": true, "soc": true,
	"phil": true, "jur": true, "iur": true, "theol": true, "habil": true,
	"mult": true, "priv": true, "doz": true, "apl": true, "jun": true, "em": true,
	"kfm": true, "psych": true, "päd": true, "paed": true, "agr": true, "sc": true,
	"pharm": true, "inform": true, "math": true, "biol": true, "chem": true,
}

// isTitle reports whether the lower-case token w is an academic title or a
// piece of one.
func isTitle(w string) bool {
	if w == "dr" || w == "prof" {
		return true
	}
	if !strings.HasSuffix(w, ".") {
		return false
	}
	parts := strings.FieldsFunc(w, func(r rune) bool { return r == '.' || r == '-' })
	if len(parts) == 0 {
		return false
	}
	for _, p := range parts {
		if !titleParts[p] {
			return false
		}
	}
	return true
}

// PersonKey returns the form in which person names are compared: NFC, lower
// case, white space folded, leading academic titles removed
// ("Prof. Dr.-Ing. Anna Beck" gives "anna beck"). Only leading tokens are
// removed, so an initial inside a name ("Jan C. Müller") stays. A name that
// is nothing but titles is kept as it is.
func PersonKey(name string) string {
	words := strings.Fields(strings.ToLower(norm.NFC.String(name)))
	i := 0
	for i < len(words)-1 {
		switch {
		case isTitle(words[i]):
			i++
		case i > 0 && words[i] == "h.c.":
			i++ // "Dr. h.c."
		case i > 0 && i < len(words)-2 && words[i] == "h." && words[i+1] == "c.":
			i += 2 // "Dr. h. c."
		default:
			return strings.Join(words[i:], " ")
		}
	}
	return strings.Join(words[i:], " ")
}

// nameKey returns a name as it is compared before any word is removed:
// NFC, lower case, white space folded.
func nameKey(name string) string {
	return strings.ToLower(fold(name))
}

// roleKey returns the form in which roles are compared: NFC, lower case,
// white space folded.
func roleKey(role string) string {
	return strings.ToLower(fold(role))
}

// rolesAgree reports whether the roles agree: one contains the other after
// normalisation. An empty role agrees only with an empty role, or every
// role would contain a missing one.
func rolesAgree(gold, got string) bool {
	g, p := roleKey(gold), roleKey(got)
	if g == "" || p == "" {
		return g == p
	}
	return strings.Contains(g, p) || strings.Contains(p, g)
}
