package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// prefilterPatterns are patterns of the shapes the cue rules use.
var prefilterPatterns = []string{
	`(?i)angeschlossen|schließt sich\b[^.]*\ban\b|beigetreten|\bbeitritt|\btritt\b[^.]*\bbei\b|als (?:weiterer|neuer) (?:kooperations)?(?:partner|mitglied)|\bwird\b[^.]*\b(?:mitglied|träger)\b|\bgehör(?:t|en)\b\s+(?:jetzt|nun)\b`,
	`(?i)\bsoll(?:en)?\b[^.]*\b(?:unterzeichnet|gegründet)\s+werden|\bplan(?:en|t)\b|\bab (?:dem )?(?:jahr )?20\d\d\b`,
	`(?i)letter of intent|\bloi\b|absichtserklärung|STRASSE`,
	`(?i)\b(?:wollen|will|künftig)\b`,
	`^(?:[Vv]on|VON|Autor(?:in)?:)\s+(.{3,120})$`,
	`(?i)(?:mehr ?\.\.\.|weiterlesen|x)\s*$`,
	`\b\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})\b`,
	`(?i)kündig(?:t|en)+|auflösung{1,3}`,
}

var prefilterTexts = []string{
	"Nun hat sich dem Bündnis der Landkreis Gifhorn als weiterer Kooperationspartner angeschlossen.",
	"Der Kreis TRITT dem Verbund zum 1. Juli BEI",
	"Die Stadt wird im Mai Mitglied der Genossenschaft.",
	"Die Vereinbarung soll im Herbst unterzeichnet werden.",
	"Ab dem Jahr 2026 planen die Partner mehr.",
	"Ein LETTER OF INTENT wurde unterschrieben.",
	"Die Absichtserklärung liegt vor.",
	"Die Gemeinden wollen künftig zusammenarbeiten.",
	"Von Marius Hellwig",
	"von links",
	"Weiterlesen",
	"am 12.3.2021 und 1. 4. 21",
	"Der Landkreis KÜNDIGT den Vertrag; die Auflösungg folgt.",
	"Die Straße ist gesperrt, die STRASSE auch.",
	"Das Wort ſoll mit langem s: Die Vereinbarung ſoll im Mai unterzeichnet werden.",
	"Nichts davon steht in diesem Satz.",
	"Die Stadt ist BEİGETRETEN, der Kreis beigetreten.",
	"Der Kreis ist BEİGETRETEN.",
	"Eine Vereinbarung in Kelvin: K, und eine KOOPERATIONSVEREINBARUNG.",
	"GEGRÜNDET wurde der Verbund 2020; die Gründung war im Mai.",
	"",
}

func TestCueRegexpMatchesLikeRegexp(t *testing.T) {
	for _, p := range prefilterPatterns {
		c, re := mustCue(p), regexp.MustCompile(p)
		for _, s := range prefilterTexts {
			if got, want := c.MatchString(s), re.MatchString(s); got != want {
				t.Errorf("mustCue(%q).MatchString(%q) = %v, regexp says %v", p, s, got, want)
			}
		}
	}
	if c := mustCue(`(?i)\b(?:wollen|will|künftig)\b`); c.lits == nil {
		t.Errorf("no prefilter for an alternation of words; want one")
	}
	if c := mustCue(`(?i)(?:mehr ?\.\.\.|weiterlesen|x)\s*$`); c.lits != nil {
		t.Errorf("prefilter %v for a pattern with a one-letter alternative; want none", c.lits)
	}
}

func FuzzCueRegexp(f *testing.F) {
	for _, s := range prefilterTexts {
		f.Add(s)
	}
	var cues []*cueRegexp
	for _, p := range prefilterPatterns {
		cues = append(cues, mustCue(p))
	}
	cues = append(cues, joinedRe, joinedNotRe, endedRe, extendedRe, foundedRe, strongFoundRe, plannedRe, pastRe,
		sinceRe, negRe, modalRe, foundingRe, strongCueRe, moreRe, pluperfectRe, indefCoopRe, bothRe, separateRe,
		authorBioRe, weekdayInRe, relDayRe, topicsRe, topicOneRe, endedNotRe, condRe)
	for _, in := range instruments {
		cues = append(cues, in.re)
	}
	res := make([]*regexp.Regexp, len(cues))
	for i, c := range cues {
		res[i] = regexp.MustCompile(c.String())
	}
	f.Fuzz(func(t *testing.T, s string) {
		low := strings.ToLower(s)
		for i := range cues {
			want := res[i].MatchString(s)
			if got := cues[i].MatchString(s); got != want {
				t.Fatalf("mustCue(%q).MatchString(%q) = %v, regexp says %v", cues[i], s, got, want)
			}
			if got := cues[i].matchLower(s, low); got != want {
				t.Fatalf("mustCue(%q).matchLower(%q) = %v, regexp says %v", cues[i], s, got, want)
			}
			if want && !cues[i].mayMatch(s, low) {
				t.Fatalf("mustCue(%q).mayMatch(%q) = false, but the regexp matches", cues[i], s)
			}
			if got := cues[i].match((&textForm{text: s}).withBigrams()); got != want {
				t.Fatalf("mustCue(%q).match(%q) with bigrams = %v, regexp says %v", cues[i], s, got, want)
			}
		}
		f := (&textForm{text: s}).withBigrams()
		for _, l := range []struct {
			cues []string
			lits []cueLit
		}{{coopCues, coopCueLits}, {strongCues, strongCueLits}} {
			if got, want := hasCueForm(f, l.lits), hasCue(low, l.cues); got != want {
				t.Fatalf("hasCueForm(%q) = %v, hasCue says %v", s, got, want)
			}
		}
	})
}

// TestCueRegexpsOnGoldens checks every cue pattern of the package against
// its plain regexp on every sentence of the golden articles' texts.
func TestCueRegexpsOnGoldens(t *testing.T) {
	cues := map[string]*cueRegexp{
		"joinedRe": joinedRe, "joinedNotRe": joinedNotRe, "endedRe": endedRe, "extendedRe": extendedRe,
		"foundedRe": foundedRe, "strongFoundRe": strongFoundRe, "plannedRe": plannedRe, "pastRe": pastRe,
		"sinceRe": sinceRe, "negRe": negRe, "modalRe": modalRe, "foundingRe": foundingRe, "strongCueRe": strongCueRe,
		"moreRe": moreRe, "pluperfectRe": pluperfectRe, "indefCoopRe": indefCoopRe, "bothRe": bothRe, "separateRe": separateRe,
		"authorBioRe": authorBioRe, "weekdayInRe": weekdayInRe, "relDayRe": relDayRe, "topicsRe": topicsRe, "topicOneRe": topicOneRe,
		"endedNotRe": endedNotRe, "condRe": condRe,
	}
	for _, in := range instruments {
		cues[in.name] = in.re
	}
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	var sents []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var a struct{ Title, Text string }
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		sents = append(sents, a.Title)
		for _, p := range strings.Split(a.Text, "\n\n") {
			sents = append(sents, splitSentences(p)...)
		}
	}
	matched := 0
	for name, c := range cues {
		re := regexp.MustCompile(c.String())
		for _, s := range sents {
			got, want := c.MatchString(s), re.MatchString(s)
			if got != want {
				t.Errorf("%s.MatchString(%q) = %v, regexp says %v", name, s, got, want)
			}
			if want && !c.mayMatch(s, "") {
				t.Errorf("%s.mayMatch(%q) = false, but the regexp matches", name, s)
			}
			if got := c.match((&textForm{text: s}).withBigrams()); got != want {
				t.Errorf("%s.match(%q) with bigrams = %v, regexp says %v", name, s, got, want)
			}
			if want {
				matched++
			}
		}
	}
	if matched == 0 {
		t.Errorf("no cue pattern matched any golden sentence: the test proves nothing")
	}
}

func TestContainsFoldASCII(t *testing.T) {
	tests := []struct {
		s, needle string
		want      bool
	}{
		{"der kommunale IT-Dienstleister Datawerk", "it-dienstleister", true},
		{"DES IT-DIENSTLEISTERS", "it-dienstleister", true},
		{"im Rechenzentrum", "rechenzentrum", true},
		{"die Dienstleister der Stadt", "it-dienstleister", false},
		{"Rechenzentren", "rechenzentrum", false},
		{"", "rechenzentrum", false},
	}
	for _, tt := range tests {
		got := containsFoldASCII(tt.s, tt.needle)
		if got != tt.want || got != strings.Contains(strings.ToLower(tt.s), tt.needle) {
			t.Errorf("containsFoldASCII(%q, %q) = %v, want %v", tt.s, tt.needle, got, tt.want)
		}
	}
}

func FuzzDropOrdinalDots(f *testing.F) {
	for _, s := range []string{"zum 1. Juli 2026", "am 29.4.2021.", "1..2", "", ".", "9.", "Kein Datum."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := dropOrdinalDots(s), ordinalDotRe.ReplaceAllString(s, "$1"); got != want {
			t.Errorf("dropOrdinalDots(%q) = %q, regexp gives %q", s, got, want)
		}
	})
}

// TestFoldExact checks the premise of exact alternatives against all of
// Unicode: for every rune r but the fold outliers, a case-insensitive
// literal rune c (ASCII or a German letter) matches r exactly when
// strings.ToLower turns r into c.
func TestFoldExact(t *testing.T) {
	outlier := map[rune]bool{}
	for _, o := range foldOutliers {
		r, _ := utf8.DecodeRuneInString(o)
		outlier[r] = true
	}
	var lits []rune
	for r := rune(0); r < utf8.RuneSelf; r++ {
		if unicode.ToLower(r) == r {
			lits = append(lits, r)
		}
	}
	lits = append(lits, []rune("äöüß")...)
	isLit := map[rune]bool{}
	for _, c := range lits {
		if !foldExact(string(c)) {
			t.Fatalf("foldExact(%q) = false", c)
		}
		isLit[c] = true
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if outlier[r] {
			continue
		}
		lower := []rune(strings.ToLower(string(r)))
		orbit := map[rune]bool{r: true}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			orbit[f] = true
		}
		cands := []rune{lower[0]}
		for f := range orbit {
			cands = append(cands, f)
		}
		for _, c := range cands {
			if !isLit[c] {
				continue
			}
			if folds, lowers := orbit[c], len(lower) == 1 && lower[0] == c; folds != lowers {
				t.Errorf("rune %U: folds to %q: %v, lowers to it: %v", r, c, folds, lowers)
			}
		}
	}
	if foldExact("café") {
		t.Errorf("foldExact(café) = true, want false")
	}
}

// TestCueAlternatives checks that the event patterns are split into
// alternatives, and that literal alternatives answer without a regexp.
func TestCueAlternatives(t *testing.T) {
	for name, c := range map[string]*cueRegexp{"foundedRe": foundedRe, "joinedRe": joinedRe, "endedRe": endedRe, "extendedRe": extendedRe, "strongCueRe": strongCueRe} {
		if len(c.alts) < 2 {
			t.Errorf("%s: %d alternatives, want the pattern split", name, len(c.alts))
		}
	}
	exact := 0
	for _, a := range foundedRe.alts {
		if a.exact {
			exact++
		}
	}
	if exact < 10 {
		t.Errorf("foundedRe: %d literal alternatives, want most of its words", exact)
	}
}

func TestCueListsAreLowerCase(t *testing.T) {
	for _, c := range append(append([]string(nil), coopCues...), strongCues...) {
		if strings.ToLower(c) != c {
			t.Errorf("cue %q is not lower case: hasCue compares it with lower-cased text", c)
		}
	}
}

func TestBigramsNeverMissAPresentLiteral(t *testing.T) {
	for _, s := range prefilterTexts {
		f := (&textForm{text: s}).withBigrams()
		low := strings.ToLower(s)
		for i := 0; i+2 <= len(low); i++ {
			for j := i + 2; j <= len(low) && j <= i+20; j++ {
				if utf8.ValidString(low[i:j]) && !f.bg.mayHold(probeOf(low[i:j])) {
					t.Fatalf("bigram filter of %q misses %q", s, low[i:j])
				}
			}
		}
	}
}
