package extract

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// tokenizeRe is tokenize as it was, by tokenRe: the reference the hand
// walk must agree with.
func tokenizeRe(s string) []token {
	var out []token
	for _, l := range tokenRe.FindAllStringIndex(s, -1) {
		t := s[l[0]:l[1]]
		r, _ := utf8.DecodeRuneInString(t)
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		out = append(out, token{text: t, low: strings.ToLower(t), start: l[0], end: l[1], word: word, up: word && unicode.IsUpper(r)})
	}
	return out
}

var tokenizeTexts = []string{
	"Der Landkreis Gifhorn tritt dem Verbund Komm.ONE bei.",
	"IT.NRW, O’Sullivan und Baden-Württemberg-CIO Stefan Krebs: „Wir sind dabei!“",
	"Am 1. Juli 2026 (Quelle: Stadt Braunschweig/Daniela Nielsen) – 3,5 Mio. €.",
	"a.b.c .x x. ..y 'x' x'y -x x- ²3 Ⅻ ١٢٣ ẞtraße",
	"tab\there\nnew\fline\rcr\vvt\u00a0nbsp\u2009thin",
	"\xff\xfeinvalid\xc3 utf8\xe2\x80",
	"",
}

func TestTokenizeLikeRegexp(t *testing.T) {
	for _, s := range tokenizeTexts {
		if diff := cmp.Diff(tokenizeRe(s), tokenize(s), cmp.AllowUnexported(token{}), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("tokenize(%q) differs from the regexp (-want +got):\n%s", s, diff)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range tokenizeTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, got := tokenizeRe(s), tokenize(s)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(token{}), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("tokenize(%q) differs from the regexp (-want +got):\n%s", s, diff)
		}
	})
}

func FuzzCapAdj(f *testing.F) {
	for _, w := range []string{"Kommunale", "Interkommunalen", "Regionales", "Digitale", "Öffentliche", "Kommunal", "Le", "Äre", "Alle", "ÄÖÜäre", "Nordische", "Kommunale-", "X\xffale"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := isCapAdj(w), capAdjRe.MatchString(w); got != want {
			t.Fatalf("isCapAdj(%q) = %v, capAdjRe says %v", w, got, want)
		}
	})
}
