package eval_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/coopwatch/coopwatch/eval"
)

func TestPartnerKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Landkreis Gifhorn", "gifhorn"},
		{"Gifhorn", "gifhorn"},
		{"Kreis  Gifhorn", "gifhorn"},
		{"Stadt Wolfsburg", "wolfsburg"},
		{"Freistaat Thüringen", "thüringen"},
		{"Land Baden-Wu\u0308rttemberg", "baden-württemberg"},
		{"Freie und Hansestadt Hamburg", "hamburg"},
		{"Freie Hansestadt Bremen", "bremen"},
		{"Große Kreisstadt Sinsheim", "sinsheim"},
		{"Kreisfreie Stadt Cottbus", "cottbus"},
		{"Universitätsstadt Marburg", "marburg"},
		{"Universitäts- und Hansestadt Greifswald", "greifswald"},
		{"Landeshauptstadt Hannover", "hannover"},
		{"Region Hannover", "hannover"},
		{"Samtgemeinde Hankensbüttel", "hankensbüttel"},
		{"Verbandsgemeinde Bad Ems-Nassau", "bad ems-nassau"},
		{"Markt Garmisch-Partenkirchen", "garmisch-partenkirchen"},
		{"Amt Süderbrarup", "süderbrarup"},
		{"Amt für Digitalisierung", "amt für digitalisierung"}, // a lower-case word follows: not a kind word
		{"Land", "land"}, // nothing left: kept
		{"Stadtwerke Wolfsburg", "stadtwerke wolfsburg"}, // whole words only
		{"ekom21 – KGRZ Hessen", "ekom21 – kgrz hessen"},
		{"Stadt Stadt Essen", "stadt essen"}, // one prefix only
		{"\u00a0Stadt\tGießen ", "gießen"},
	}
	for _, tt := range tests {
		if got := eval.PartnerKey(tt.in); got != tt.want {
			t.Errorf("PartnerKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPersonKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Thorsten Kornblum", "thorsten kornblum"},
		{"Dr. Thorsten Kornblum", "thorsten kornblum"},
		{"Prof. Dr. Anna Beck", "anna beck"},
		{"Dr.-Ing. Anna Beck", "anna beck"},
		{"Dr. med. Anna Beck", "anna beck"},
		{"Dr. rer. nat. Anna Beck", "anna beck"},
		{"Dipl.-Ing. Anna Beck", "anna beck"},
		{"Prof. Dr. h. c. Anna Beck", "anna beck"},
		{"Dr. h.c. mult. Anna Beck", "anna beck"},
		{"Prof Dr Anna Beck", "anna beck"},
		{"H. Müller", "h. müller"},         // an initial, not a title
		{"Jan C. Müller", "jan c. müller"}, // only leading titles go
		{"Dr. Drews", "drews"},
		{"Melitta Ku\u0308hnlein", "melitta kühnlein"},
		{"Dr.", "dr."}, // nothing left: kept
	}
	for _, tt := range tests {
		if got := eval.PersonKey(tt.in); got != tt.want {
			t.Errorf("PersonKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzKeys checks on any name that the keys are folded (no leading,
// trailing or double spaces) and do not depend on the Unicode form the
// name came in, which is the point of normalising.
func FuzzKeys(f *testing.F) {
	for _, s := range []string{"Landkreis Gifhorn", "Prof. Dr. h. c. Anna Beck", "Land Baden-Wu\u0308rttemberg", "Dr.", "Amt für Digitalisierung", "\u00a0Stadt\tGießen "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) {
			t.Skip()
		}
		for _, key := range []func(string) string{eval.PartnerKey, eval.PersonKey} {
			k := key(name)
			if k != strings.Join(strings.Fields(k), " ") {
				t.Errorf("key(%q) = %q: not folded", name, k)
			}
			if nfd := key(norm.NFD.String(name)); nfd != k {
				t.Errorf("key(NFD %q) = %q, key(%q) = %q", norm.NFD.String(name), nfd, name, k)
			}
		}
	})
}
