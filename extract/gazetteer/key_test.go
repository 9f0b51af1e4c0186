package gazetteer

import (
	"strings"
	"testing"
	"unicode"
)

// keyRef is Key as it was written first, with a strings.Builder: the
// reference for the allocation-free appendKey and the isKey shortcut.
func keyRef(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == 'ß':
			b.WriteString("ss")
			space = false
			continue
		case r == '–' || r == '—' || r == '‐' || r == '‑':
			r = '-'
		case r == '"' || r == '„' || r == '“' || r == '”' || r == '»' || r == '«':
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

var keyTexts = []string{
	"Landkreis Gifhorn", "gifhorn", " Stadt  Limburg a. d. Lahn ", "Straße", "ÄÖÜ äöü", "„Digitale Oberlausitz“",
	"Baden–Württemberg", "ekom21 – KGRZ Hessen", "a\tb\nc\u00a0d\u0085e", "\xffbad\xc3", "", " ", "x ", " x", "a  b", "K\u212a",
}

func TestKeyLikeReference(t *testing.T) {
	for _, s := range keyTexts {
		if got, want := Key(s), keyRef(s); got != want {
			t.Errorf("Key(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range keyTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Key(s), keyRef(s); got != want {
			t.Fatalf("Key(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestHasPlaceAndMayStartName(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(keyTexts, "Sachsen", "Kassel", "Verwaltung", "Neustadt in Sachsen", "Landkreis Kassel", "Bad Homburg vor der Höhe") {
		if got, want := g.HasPlace(s), len(g.Places(s)) > 0; got != want {
			t.Errorf("HasPlace(%q) = %v, Places gives %d", s, got, len(g.Places(s)))
		}
		if got, want := g.MayStartName(s), g.starts[leadRun(keyRef(s))]; got != want {
			t.Errorf("MayStartName(%q) = %v, want %v", s, got, want)
		}
	}
}
