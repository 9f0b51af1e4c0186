package extract

import (
	"strings"

	"github.com/coopwatch/coopwatch/extract/gazetteer"
)

// personRec is a person of the article with the role and organisation
// found for them so far.
type personRec struct {
	name    string
	surname string
	role    string
	org     string
	orgKind string // kind the role implies, to find the org later
	sents   []int
}

// academic titles, left out of names.
var academicTitles = map[string]bool{"dr": true, "prof": true, "dr.-ing": true, "ing": true, "dipl": true, "med": true, "phil": true, "rer": true, "nat": true, "h": true, "c": true, "mult": true}

// nameStop are capitalised words that never belong to a person's name.
var nameStop = map[string]bool{
	"der": true, "die": true, "das": true, "und": true, "im": true, "in": true, "am": true, "mit": true, "von": false,
	"sagt": true, "so": true, "auch": true, "bei": true, "für": true, "zum": true, "zur": true, "als": true,
}

// surnameParticles may stand inside a surname: "von der Leyen", "de Maizière".
var surnameParticles = map[string]bool{"von": true, "van": true, "de": true, "der": true, "zu": true, "vom": true, "ten": true, "di": true, "da": true}

// quoteVerbs attribute a quote: "sagt X", "betont X", "so X".
var quoteVerbs = map[string]bool{
	"sagt": true, "sagte": true, "betont": true, "betonte": true, "ergänzt": true, "ergänzte": true, "erklärt": true,
	"erklärte": true, "so": true, "bemerkt": true, "meint": true, "unterstreicht": true, "bekräftigt": true,
	"bekräftigte": true, "verweist": true, "hebt": true, "fügt": true, "zitiert": true, "freut": true, "berichtet": true,
}

// findPeople finds the persons who act or speak in the article, with their
// roles and organisations.
func (x *Extractor) findPeople(d *doc) []*personRec {
	var people []*personRec
	bySurname := map[string]*personRec{}
	find := func(name string) *personRec {
		for _, p := range people {
			if p.name == name {
				return p
			}
		}
		return nil
	}
	for _, s := range d.textSents() {
		toks := s.toks
		for i := 0; i < len(toks); i++ {
			ns, ne, name, surname := x.personAt(toks, i)
			if name == "" {
				// A surname alone refers to a person named in full before.
				if toks[i].upper() {
					if p := bySurname[toks[i].text]; p != nil && (i+1 >= len(toks) || !toks[i+1].upper() || !x.gaz.IsFirstName(toks[i].text)) {
						if role, org, kind := x.roleAround(d, s, i, i+1); p.role == "" && role != "" {
							p.role, p.org, p.orgKind = role, org, kind
						}
						p.sents = append(p.sents, s.idx)
					}
				}
				continue
			}
			if x.isPlaceWord(surname) {
				i = ne - 1
				continue
			}
			p := find(name)
			if p == nil {
				p = &personRec{name: name, surname: surname}
				people = append(people, p)
				if _, taken := bySurname[surname]; !taken {
					bySurname[surname] = p
				}
			}
			p.sents = append(p.sents, s.idx)
			role, org, kind := x.roleAround(d, s, ns, ne)
			if p.role == "" && role != "" {
				p.role, p.orgKind = role, kind
			}
			if p.org == "" && org != "" {
				p.org = org
			}
			i = ne - 1
		}
	}
	// An office that implies the kind of body ("Erster Kreisrat") belongs to
	// the only body of that kind the article names.
	for _, p := range people {
		if p.org != "" || p.orgKind == "" {
			continue
		}
		var cands []string
		seen := map[string]bool{}
		for _, s := range d.sents {
			for _, m := range s.mentions {
				if string(m.partner.Kind) == p.orgKind && !seen[m.key] {
					seen[m.key] = true
					cands = append(cands, m.partner.Name)
				}
			}
		}
		if len(cands) == 1 {
			p.org = cands[0]
		}
	}
	return people
}

// isPlaceWord reports whether w is a place or demonym rather than a surname.
func (x *Extractor) isPlaceWord(w string) bool {
	if _, ok := x.gaz.Land(w); ok {
		return true
	}
	return false
}

// personAt recognises a person's name starting at token i: optional
// academic titles, one or more first names (hyphenated ones too), and a
// capitalised surname. It returns the token range of the whole name with
// titles, the name without titles and the surname.
func (x *Extractor) personAt(toks []token, i int) (ns, ne int, name, surname string) {
	ns = i
	j := i
	// titles: "Dr.", "Prof. Dr.", "Dr.-Ing."
	for j < len(toks) {
		l := strings.ToLower(toks[j].text)
		if academicTitles[l] && j+1 < len(toks) && toks[j+1].text == "." {
			j += 2
			continue
		}
		if l == "dr.-ing" || (l == "dr" && j+2 < len(toks) && toks[j+1].text == "." && toks[j+2].text == "-") {
			j++
			continue
		}
		break
	}
	if j >= len(toks) || !x.gaz.IsFirstName(toks[j].text) {
		return 0, 0, "", ""
	}
	if j == i && i > 0 && toks[i-1].word && x.gaz.IsFirstName(toks[i-1].text) && toks[i-1].upper() {
		return 0, 0, "", "" // inside a name already consumed
	}
	parts := []string{toks[j].text}
	k := j + 1
	for k < len(toks) && len(parts) < 5 {
		t := toks[k]
		if t.word && t.upper() && !nameStop[t.lower()] && !isRoleOrBody(t.text) {
			parts = append(parts, t.text)
			k++
			continue
		}
		// middle initial "J."
		if t.word && len([]rune(t.text)) == 1 && t.upper() && k+1 < len(toks) && toks[k+1].text == "." {
			parts = append(parts, t.text+".")
			k += 2
			continue
		}
		if t.word && surnameParticles[t.text] && k+1 < len(toks) && toks[k+1].upper() && len(parts) >= 1 {
			parts = append(parts, t.text)
			k++
			continue
		}
		break
	}
	// drop trailing particles
	for len(parts) > 1 && surnameParticles[parts[len(parts)-1]] {
		parts = parts[:len(parts)-1]
		k--
	}
	if len(parts) < 2 {
		return 0, 0, "", ""
	}
	// The surname is the last part; it must not itself be a first name
	// followed by nothing, unless the name has only two parts ("Thomas Walter").
	last := parts[len(parts)-1]
	if strings.HasSuffix(last, ".") {
		return 0, 0, "", ""
	}
	if len([]rune(last)) < 2 {
		return 0, 0, "", ""
	}
	return ns, k, strings.Join(parts, " "), last
}

// isRoleOrBody reports whether a capitalised word is an office or a body
// noun, which ends a name: "Thomas Walter Landrat" is not a three-part name.
func isRoleOrBody(w string) bool {
	if _, ok := gazetteer.Role(w); ok {
		return true
	}
	if bodyNouns[strings.ToLower(w)] != 0 {
		return true
	}
	switch strings.ToLower(w) {
	case "erster", "erste", "stellvertretender", "stellvertretende", "leitender", "leitende":
		return true
	}
	return false
}

// roleAround finds the role and organisation of the person whose name
// spans tokens [ns, ne) of s: before the name ("Der Erste Kreisrat, Thomas
// Walter"; "Braunschweigs Stadtrat Dr. Thorsten Kornblum"; "Sachsen-CIO
// Thomas Popp") or after it ("Dennis Weilmann, Erster Stadtrat … der Stadt
// Wolfsburg"; "Claus Spandau vom hessischen Innenministerium und Leiter des
// Kompetenzzentrums …").
func (x *Extractor) roleAround(d *doc, s *sentence, ns, ne int) (role, org, orgKind string) {
	toks := s.toks
	// Before: skip one comma, then look back for a role word.
	k := ns - 1
	if k >= 0 && toks[k].text == "," {
		k--
	}
	for back := 0; k >= 0 && back < 10; back, k = back+1, k-1 {
		t := toks[k]
		if !t.word {
			if t.text == "," || t.text == "." || t.text == ":" || t.text == "„" || t.text == "“" {
				break
			}
			continue
		}
		rw, ok := gazetteer.Role(t.text)
		if !ok {
			continue
		}
		if looksLikeOtherPerson(x, toks, k+1, ns) {
			break
		}
		start := k
		if k > 0 && isOrdinalAdj(toks[k-1].lower()) {
			start = k - 1
		}
		roleEnd := k + 1
		// Org inside the phrase: "Der Digitalisierungsdezernent der Stadt Braunschweig, …"
		for _, m := range s.mentions {
			if m.first > k && m.end <= ns {
				org = m.partner.Name
				break
			}
		}
		if org == "" {
			// Everything up to the name may continue the role: "Leiter des Amtes für Digitales"
			e := k + 1
			for e < ns && toks[e].text != "," {
				e++
			}
			if rw.Prefix || (e > k+1 && e < ns && (toks[k+1].lower() == "für" || toks[k+1].lower() == "des" || toks[k+1].lower() == "der")) {
				roleEnd = e
			}
		}
		role = roleText(toks, s.text, start, roleEnd)
		if org == "" {
			org = x.orgBefore(toks, start, t.text)
		}
		return role, org, rw.OrgKind
	}
	// After: ", Erster Stadtrat und Dezernent … der Stadt Wolfsburg" or
	// "vom hessischen Innenministerium und Leiter des …".
	k = ne
	if k < len(toks) && toks[k].text == "," {
		k++
	}
	if k+1 < len(toks) && (toks[k].lower() == "vom" || toks[k].lower() == "von" || toks[k].lower() == "beim" || toks[k].lower() == "aus") {
		for _, m := range s.mentions {
			if m.first >= k && m.first <= k+3 {
				org = m.partner.Name
				k = m.end
				break
			}
		}
		if org != "" && k < len(toks) && toks[k].lower() == "und" {
			k++
		} else if org != "" {
			return "", org, ""
		}
	}
	start := k
	if k < len(toks) && isOrdinalAdj(toks[k].lower()) {
		k++
	}
	if k >= len(toks) {
		return "", org, ""
	}
	rw, ok := gazetteer.Role(toks[k].text)
	if !ok || ne == k {
		return "", org, ""
	}
	if start == ne {
		// "Thomas Walter verweist" — a role must follow a comma or "vom … und".
		return "", org, ""
	}
	// Extend the role until the organisation, a verb, or the next person.
	e := k + 1
	for e < len(toks) {
		t := toks[e]
		if m := mentionAt(s, e); m != nil && e > k+1 {
			if org == "" {
				org = m.partner.Name
			}
			// drop "der/des" before the org
			for e > k+1 && isArticle(toks[e-1].lower()) {
				e--
			}
			break
		}
		if t.text == "," {
			if e+1 < len(toks) && toks[e+1].upper() && !x.gaz.IsFirstName(toks[e+1].text) && continuesRole(toks, e+1) {
				e++
				continue
			}
			break
		}
		if !t.word {
			break
		}
		if !t.upper() && !roleGlue[t.lower()] {
			break
		}
		if x.gaz.IsFirstName(t.text) && e+1 < len(toks) && toks[e+1].upper() {
			break
		}
		e++
	}
	role = roleText(toks, s.text, start, e)
	if org == "" && rw.OrgKind != "" {
		orgKind = rw.OrgKind
	}
	return role, org, rw.OrgKind
}

// roleGlue are lower-case words that may stand inside an office name.
var roleGlue = map[string]bool{"für": true, "und": true, "des": true, "der": true, "im": true, "in": true, "beim": true, "vom": true, "von": true, "zur": true, "zum": true}

// continuesRole reports whether the words after a comma still belong to
// an enumeration inside the role: "Dezernent für Wirtschaft, Digitales und
// Kultur". It does when an "und" follows before the next comma or verb.
func continuesRole(toks []token, i int) bool {
	for j := i; j < len(toks) && j < i+6; j++ {
		if toks[j].lower() == "und" {
			return true
		}
		if !toks[j].word || !toks[j].upper() {
			return false
		}
	}
	return false
}

func mentionAt(s *sentence, i int) *mention {
	for _, m := range s.mentions {
		if m.first == i {
			return m
		}
	}
	return nil
}

func isOrdinalAdj(w string) bool {
	switch w {
	case "erster", "erste", "ersten", "stellvertretender", "stellvertretende", "leitender", "leitende", "zweiter", "zweite":
		return true
	}
	return false
}

// looksLikeOtherPerson reports whether a name stands between a role word
// and this person: then the role is someone else's.
func looksLikeOtherPerson(x *Extractor, toks []token, from, to int) bool {
	for i := from; i < to; i++ {
		if toks[i].word && x.gaz.IsFirstName(toks[i].text) && i+1 < to && toks[i+1].upper() {
			return true
		}
	}
	return false
}

// roleText renders tokens [a, b) as the role an editor writes: "Der Erste
// Kreisrat" → "Erster Kreisrat"; "Sachsen-CIO" → "CIO".
func roleText(toks []token, text string, a, b int) string {
	if a >= b {
		return ""
	}
	for b > a && (!toks[b-1].word || isArticle(toks[b-1].lower()) || roleGlue[toks[b-1].lower()]) {
		b--
	}
	if a >= b {
		return ""
	}
	r := text[toks[a].start:toks[b-1].end]
	first := toks[a].text
	if i := strings.LastIndex(first, "-"); i > 0 && a == b-1 {
		if _, ok := gazetteer.Role(first[i+1:]); ok {
			return first[i+1:]
		}
	}
	if i := strings.LastIndex(first, "-"); i > 0 {
		if _, ok := gazetteer.Role(first); ok {
			r = first[i+1:] + text[toks[a].end:toks[b-1].end]
		}
	}
	// weak adjective after "der" becomes strong without it: "Erste" → "Erster"
	low := strings.ToLower(first)
	if (low == "erste" || low == "stellvertretende" || low == "leitende" || low == "zweite") && a > 0 && toks[a-1].lower() == "der" {
		if rw, ok := gazetteer.Role(toks[min(a+1, b-1)].text); ok && !strings.HasSuffix(strings.ToLower(rw.Word), "in") {
			r = first + "r" + r[len(first):]
		}
	}
	return strings.Join(strings.Fields(r), " ")
}

// orgBefore finds the body named right before a role word: a genitive or
// demonym ("Braunschweigs Stadtrat", "Thüringens CIO") or the first part of
// a compound ("Sachsen-CIO", "Baden-Württemberg-CIO").
func (x *Extractor) orgBefore(toks []token, roleStart int, roleWord string) string {
	if i := strings.LastIndex(roleWord, "-"); i > 0 {
		head := roleWord[:i]
		if p, ok := x.gaz.Land(head); ok {
			return p.Name
		}
		if p, ok := x.gaz.Demonym(head); ok {
			return p.Display()
		}
		if p, c := x.gaz.ResolvePlace(head, gazetteer.AnyLevel, ""); c && p.AGS != "" {
			return p.Display()
		}
	}
	k := roleStart - 1
	if k >= 0 && toks[k].word && toks[k].upper() {
		w := toks[k].text
		if strings.HasSuffix(w, "s") {
			if p, ok := x.gaz.Demonym(w); ok {
				return p.Display()
			}
		}
	}
	return ""
}

// personList returns the people of the article, deduplicated, in order of
// first mention.
func (d *doc) personList() []Person {
	out := make([]Person, 0, len(d.people))
	for _, p := range d.people {
		out = append(out, Person{Name: p.name, Role: p.role, Org: p.org})
	}
	return out
}
