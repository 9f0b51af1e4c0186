package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// analyze reads a's title, kicker and text and fills a.Cooperation,
// a.Events and a.People. It never changes the other fields.
func (x *Extractor) analyze(a *Article) {
	d := x.newDoc(a)
	x.findMentions(d)
	d.people = x.findPeople(d)
	partners := x.selectPartners(d)
	x.finishPeople(d, partners)
	partners = x.landsOfOffices(d, partners)
	a.People = d.personList()
	events := x.buildEvents(a, d, partners)
	a.Cooperation = len(events) > 0
	a.Events = events
}

// doc is the per-article state of the entity rules: its sentences with
// their tokens, the bodies mentioned and the people found. It lives for one
// analyze call, so the Extractor itself stays read-only.
type doc struct {
	sents    []*sentence
	landHint string // the Land the article is mostly about
	people   []*personRec
	authors  map[string]bool // lower-case names of the byline
}

// sentence is one sentence of the title, kicker or text.
type sentence struct {
	text     string
	idx      int
	part     sentencePart
	toks     []token
	mentions []*mention
	// personSpans are the token ranges of people's names.
	personSpans [][2]int

	// Derived from text on first use (see lowText, plain, and the cue
	// functions): every rule asks for them, many rules several times.
	full, dotless     *textForm // the text and its lower case, without ordinal dots (see form, plainForm)
	strong, coop, cue tristate  // strongCue, coopCue, hasCueIn
	coopForm, itForm  tristate  // mayNameCooperative, mayNameITProvider
}

// tristate is a remembered yes/no answer, or none yet.
type tristate uint8

const (
	unknown tristate = iota
	no
	yes
)

func (t *tristate) remember(v bool) bool {
	*t = no
	if v {
		*t = yes
	}
	return v
}

// mayNameCooperative reports whether s holds "eG" or "AöR", without which
// cooperativeAt finds nothing; asked once per sentence, not per token.
func (s *sentence) mayNameCooperative() bool {
	if s.coopForm == unknown {
		s.coopForm.remember(strings.Contains(s.text, "eG") || strings.Contains(s.text, "AöR"))
	}
	return s.coopForm == yes
}

// mayNameITProvider reports whether s holds "IT-Dienstleister" or
// "Rechenzentrum" in any case, without which itProviderAt finds nothing.
func (s *sentence) mayNameITProvider() bool {
	if s.itForm == unknown {
		s.itForm.remember(containsFoldASCII(s.text, "it-dienstleister") || containsFoldASCII(s.text, "rechenzentrum"))
	}
	return s.itForm == yes
}

// form returns the sentence with its lower case and bigram filter, for
// the cue patterns (cueRegexp.match) and word lists (hasCueForm).
func (s *sentence) form() *textForm {
	if s.full == nil {
		s.full = (&textForm{text: s.text}).withBigrams()
	}
	return s.full
}

// lowText returns the sentence in lower case.
func (s *sentence) lowText() string { return s.form().lower() }

// plainForm returns the sentence without ordinal dots ("zum 1. Juli" →
// "zum 1 Juli"), so that they do not end the [^.]* of the cue patterns.
// (Dropping the dots and lower-casing commute: neither touches what the
// other changes.)
func (s *sentence) plainForm() *textForm {
	if s.dotless == nil {
		f := s.form()
		if t := dropOrdinalDots(s.text); t == s.text {
			s.dotless = f
		} else {
			s.dotless = (&textForm{text: t, low: dropOrdinalDots(f.lower()), lowSet: true}).withBigrams()
		}
	}
	return s.dotless
}

type sentencePart int

const (
	partKicker sentencePart = iota
	partTitle
	partText
)

// token is a word or a punctuation mark of a sentence; start and end are
// byte offsets into the sentence text.
type token struct {
	text       string
	low        string // text in lower case
	start, end int
	word       bool
	up         bool // a word starting with an upper-case letter
}

func (t token) upper() bool { return t.up }

func (t token) lower() string { return t.low }

// tokenRe matches words (letters and digits, with inner dashes, apostrophes
// and dots between letters, so "Komm.ONE", "IT.NRW", "O’Sullivan" and
// "Baden-Württemberg-CIO" stay one token) and single punctuation marks.
// tokenize walks the text by hand with the same rules (FuzzTokenize proves
// them equal): the regexp was a tenth of the entity rules' time.
var tokenRe = regexp.MustCompile(`[\p{L}\p{N}](?:[\p{L}\p{N}’'\-]|\.[\p{L}\p{N}])*|[^\s\p{L}\p{N}]`)

func isLN(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

func tokenize(s string) []token {
	out := make([]token, 0, len(s)/5+1)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isLN(r):
			j := i + n
			for j < len(s) {
				c, m := utf8.DecodeRuneInString(s[j:])
				if isLN(c) || c == '’' || c == '\'' || c == '-' {
					j += m
					continue
				}
				if c == '.' && j+1 < len(s) {
					if d, k := utf8.DecodeRuneInString(s[j+1:]); isLN(d) {
						j += 1 + k
						continue
					}
				}
				break
			}
			out = append(out, newToken(s, i, j, r))
			i = j
		case r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r':
			i += n
		default:
			out = append(out, newToken(s, i, i+n, r))
			i += n
		}
	}
	return out
}

func newToken(s string, i, j int, first rune) token {
	t := s[i:j]
	word := unicode.IsLetter(first) || unicode.IsDigit(first)
	return token{text: t, low: strings.ToLower(t), start: i, end: j, word: word, up: word && unicode.IsUpper(first)}
}

// wordToken is a word token made of w alone.
func wordToken(w string) token {
	r, _ := utf8.DecodeRuneInString(w)
	return token{text: w, low: strings.ToLower(w), end: len(w), word: true, up: unicode.IsUpper(r)}
}

// creditRe finds photo credits, sources and copyright notes inside a line:
// "(Quelle: Stadt Braunschweig/Daniela Nielsen)", "Bildquelle: Lars
// Landmann", "Foto: …", "(© …)". Their names are never people of the
// article (seeds 000 and 001).
var creditRe = regexp.MustCompile(`(?i)\((?:\s*(?:bild)?quelle|\s*fotos?|\s*bild|\s*©|\s*copyright)\b[^)]*\)|\b(?:bildquelle|bildnachweis|fotos?|quelle|copyright)\s*:\s*[^\n]*$|©[^\n]*$`)

// teaserLineRe matches a teaser of a related-articles list: "[13.1.2022]
// Thüringens CIO …" (seed 000). CONTENT removes these; the rule is defensive.
var teaserLineRe = regexp.MustCompile(`^\s*\[\d{1,2}\.\d{1,2}\.\d{2,4}\]`)

// abbreviations after which a dot does not end a sentence.
var noSentenceEnd = map[string]bool{
	"dr": true, "prof": true, "ing": true, "med": true, "dipl": true, "st": true, "nr": true, "ca": true, "bzw": true,
	"z": true, "b": true, "u": true, "a": true, "d": true, "v": true, "i": true, "vgl": true, "inkl": true, "ggf": true,
	"evtl": true, "sog": true, "usw": true, "etc": false, "mio": true, "mrd": true, "abs": true, "art": true, "s": true,
	"jan": true, "feb": true, "febr": true, "mrz": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "okt": true, "nov": true, "dez": true, "hr": true, "fr": true, "min": true, "max": true, "bspw": true,
}

// splitSentences splits a paragraph into sentences at ".", "!" or "?"
// followed by white space and an upper-case letter, a digit or a quote,
// except after abbreviations and ordinal numbers ("29. und 30.3.2023",
// "1. Januar").
func splitSentences(p string) []string {
	p = strings.ToValidUTF8(p, "\uFFFD") // byte offsets below follow the runes
	var out []string
	start := 0
	rs := []rune(p)
	pos := 0 // byte offset of rs[i]
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		size := utf8.RuneLen(r)
		if r == '.' || r == '!' || r == '?' || r == '…' {
			j := i + 1
			// closing quotes and brackets belong to the sentence
			for j < len(rs) && strings.ContainsRune("\"“”»«’')", rs[j]) {
				j++
			}
			if j < len(rs) && unicode.IsSpace(rs[j]) {
				k := j
				for k < len(rs) && unicode.IsSpace(rs[k]) {
					k++
				}
				if k < len(rs) && (unicode.IsUpper(rs[k]) || strings.ContainsRune("\"„“»(", rs[k])) && !(r == '.' && noBreakBefore(rs[:i])) {
					end := pos + size + len(string(rs[i+1:j]))
					out = append(out, strings.TrimSpace(p[start:end]))
					start = end
				}
			}
		}
		pos += size
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// noBreakBefore reports whether the word ending at the end of rs is an
// abbreviation or a number, after which a dot does not end a sentence.
func noBreakBefore(rs []rune) bool {
	i := len(rs)
	for i > 0 && (unicode.IsLetter(rs[i-1]) || unicode.IsDigit(rs[i-1])) {
		i--
	}
	w := string(rs[i:])
	if w == "" {
		return false
	}
	if unicode.IsDigit(rs[len(rs)-1]) {
		return len(w) <= 2 // "29." "1." ordinals; years end sentences
	}
	if len([]rune(w)) == 1 {
		return true // initials: "J. Schmidt", "a. d."
	}
	return noSentenceEnd[strings.ToLower(w)]
}

func (x *Extractor) newDoc(a *Article) *doc {
	d := &doc{authors: map[string]bool{}}
	for _, au := range a.Authors {
		d.authors[strings.ToLower(strings.Join(strings.Fields(au), " "))] = true
	}
	add := func(text string, part sentencePart) {
		text = strings.TrimSpace(strings.ToValidUTF8(text, "\uFFFD"))
		if text == "" {
			return
		}
		s := &sentence{text: text, idx: len(d.sents), part: part}
		s.toks = tokenize(text)
		d.sents = append(d.sents, s)
	}
	add(a.Kicker, partKicker)
	add(a.Title, partTitle)
	for _, para := range strings.Split(strings.ToValidUTF8(a.Text, "\uFFFD"), "\n") {
		para = strings.TrimSpace(para)
		if isTrailerHeading(para) {
			break // press contact, "Über ekom21": the story has ended
		}
		if para == "" || teaserLineRe.MatchString(para) || isCreditLine(para) || isContactLine(para) {
			continue
		}
		if strings.ContainsAny(para, "(:©") { // every credit holds one of them
			para = creditRe.ReplaceAllString(para, "")
		}
		for _, s := range splitSentences(para) {
			add(s, partText)
		}
	}
	return d
}

// trailerHeadings start the blocks after a press release's story: the
// press contact and the self-description of the issuer
// (x-saarland-it-dienstleister-absichtserklaerung, x-ekom21-komm-one-zusammenarbeit).
var trailerHeadings = map[string]bool{
	"pressekontakt": true, "kontakt": true, "medienkontakt": true, "ansprechpartner": true, "ansprechpartnerin": true,
	"pressestelle": true, "über uns": true, "kontakt für die presse": true, "für rückfragen": true,
}

func isTrailerHeading(l string) bool {
	low := strings.ToLower(strings.TrimRight(l, ": "))
	if trailerHeadings[low] {
		return true
	}
	// "Kontakt für die Medien", "Pressekontakt Stadt Kiel" (x-kiel-serviceportal-start)
	if (strings.HasPrefix(low, "kontakt") || strings.HasPrefix(low, "pressekontakt") || strings.HasPrefix(low, "medienkontakt") ||
		strings.HasPrefix(low, "ansprechpartner") || strings.HasPrefix(low, "pressesprecher")) && len(strings.Fields(low)) <= 5 && !strings.ContainsAny(l, ".!?") {
		return true
	}
	// "Über ekom21", "Über Dataport": a short heading
	return strings.HasPrefix(low, "über ") && len(strings.Fields(low)) <= 3 && !strings.ContainsAny(l, ".,!?")
}

// contactLabelRe opens a press contact printed as one line of the text:
// "Medienkontakt: …", "Pressereferent: Dennis Hollmann, …", "Ihr
// Ansprechpartner: Pressesprecher …", "Ansprechpartnerin im NLT: …",
// "Pressestelle der Stadt Landshut · Ansprechpartnerin: …".
var contactLabelRe = regexp.MustCompile(`(?i)^(?:\p{L}+\s+){0,2}(?:medien|presse)?(?:kontakt|ansprechpartner(?:in)?|pressesprecher(?:in)?|pressereferent(?:in)?|pressestelle|rückfragen|anfragen|verantwortlich|v\.\s?i\.\s?s\.\s?d\.\s?p\.)\b[^:.]{0,40}:`)

// phoneMailRe finds a telephone number or an e-mail address.
var phoneMailRe = regexp.MustCompile(`(?i)\btel(?:efon)?\b|\bfon\b|\be-mail\b|@`)

// isContactLine reports whether a paragraph is a press contact: its
// names are the issuer's staff, not people of the story
// (q-medienservice-sachsen-bayern-efa-fischereischein,
// q-senatspressestelle-bremen-hamburg-staatsvertrag-barrierefreiheit,
// q-nlt-emsland-grafschaft-bentheim-informationssicherheit,
// q-landkreistag-bw-oberschwaben-vergabestelle).
func isContactLine(l string) bool {
	return contactLabelRe.MatchString(l) && (phoneMailRe.MatchString(l) || len(l) < 120)
}

func isCreditLine(l string) bool {
	low := strings.ToLower(l)
	for _, p := range []string{"bildquelle", "foto:", "fotos:", "bild:", "quelle:", "copyright", "©", "stichwörter:", "http://", "https://", "www.", "autor:", "autorin:", "autor/in:", "autor*in:", "text:", "redaktion:", "moderation:", "interview:"} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	// A short byline: "Von Wiebke Harms", "von t-online".
	return strings.HasPrefix(low, "von ") && len([]rune(l)) < 60 && !strings.ContainsAny(l, ".!?")
}

// text sentences only, in order.
func (d *doc) textSents() []*sentence {
	var out []*sentence
	for _, s := range d.sents {
		if s.part == partText {
			out = append(out, s)
		}
	}
	return out
}
