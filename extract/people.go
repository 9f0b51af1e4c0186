package extract

import (
	"regexp"
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
	cands   []roleCand
	occ     int
}

// academic titles, left out of names.
var academicTitles = map[string]bool{"dr": true, "prof": true, "dr.-ing": true, "ing": true, "dipl": true, "med": true, "phil": true, "rer": true, "nat": true, "h": true, "c": true, "mult": true}

// nameStop are capitalised words that never belong to a person's name.
var nameStop = map[string]bool{
	"der": true, "die": true, "das": true, "und": true, "im": true, "in": true, "am": true, "mit": true, "von": false,
	"sagt": true, "so": true, "auch": true, "bei": true, "für": true, "zum": true, "zur": true, "als": true,
}

// surnameParticles may stand inside a surname: "von der Leyen", "de Maizière".
var surnameParticles = map[string]bool{"von": true, "van": true, "de": true, "zu": true, "ten": true, "di": true, "da": true}

// authorBioRe matches the author's note under a column or guest article.
var authorBioRe = mustCue(`(?i)\bschreibt\b[^.]*\b(?:für|kolumne|regelmäßig)\b|\bist (?:autor|autorin|gastautor|gastautorin|kolumnist|kolumnistin)\b`)

// quoteVerbs attribute a quote: "sagt X", "betont X", "so X".
var quoteVerbs = map[string]bool{
	"sagt": true, "sagte": true, "betont": true, "betonte": true, "ergänzt": true, "ergänzte": true, "erklärt": true,
	"erklärte": true, "so": true, "bemerkt": true, "meint": true, "unterstreicht": true, "bekräftigt": true,
	"bekräftigte": true, "verweist": true, "hebt": true, "fügt": true, "zitiert": true, "freut": true, "berichtet": true,
}

// findPeople finds the persons who act or speak in the article, with the
// roles and organisations named around each mention. finishPeople picks
// among them once the partners are known.
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
		if authorBioRe.match(s.form()) {
			continue // "Prof. Dr. X lehrt … und schreibt regelmäßig für …"
		}
		toks := s.toks
		for i := 0; i < len(toks); i++ {
			ns, ne, name, surname := x.personAt(toks, i)
			if name != "" && d.authors[strings.ToLower(name)] {
				// The byline's author is no person of the story
				// (y-treffpunkt-kommune-kolumne-registermodernisierung).
				i = ne - 1
				continue
			}
			if name == "" {
				// A surname alone refers to a person named in full before.
				if toks[i].upper() {
					if p := bySurname[toks[i].text]; p != nil && !(i+1 < len(toks) && toks[i+1].upper() && x.gaz.IsFirstName(toks[i].text)) {
						p.occ++
						for _, c := range x.roleAround(d, s, i, i+1) {
							c.occ = p.occ
							p.cands = append(p.cands, c)
						}
						p.sents = append(p.sents, s.idx)
						s.personSpans = append(s.personSpans, [2]int{i, i + 1})
					}
				}
				continue
			}
			cands := x.roleAround(d, s, ns, ne)
			// "Heiko Brandenburg" is a person when an office stands beside
			// the name (y-landkreistag-mv-zukunftspakt).
			if x.isPlaceWord(surname) && len(cands) == 0 {
				i = ne - 1
				continue
			}
			if !x.gaz.IsEstablishedFirstName(firstNameOf(toks, ns)) && len(cands) == 0 && !quoted(toks, ns, ne) && find(name) == nil {
				// A name known only from recent Berlin births ("Tiny Forest",
				// "Brain Drain") counts with an office or a quote only.
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
			p.occ++
			p.sents = append(p.sents, s.idx)
			s.personSpans = append(s.personSpans, [2]int{ns, ne})
			for i, c := range cands {
				if c.colleague == "" {
					continue
				}
				// the office of the last person named with one
				for q := len(people) - 1; q >= 0; q-- {
					o := people[q]
					if o == p {
						continue
					}
					if r := firstRole(o.cands); r.role != "" {
						c.role, c.orgKind = colleagueRole(r.role, c.colleague), r.orgKind
						if org := x.orgBefore(s, c.colleagueAt, "", r.orgKind); org != "" && c.org == "" {
							c.org = org
						}
						break
					}
				}
				c.colleague = ""
				cands[i] = c
			}
			for _, c := range cands {
				c.occ = p.occ
				p.cands = append(p.cands, c)
			}
			i = ne - 1
		}
	}
	// A place name inside a person's name is no mention: "Henrik Jessen" is
	// not the town of Jessen (k21-sachsen-anhalt-dataport).
	for _, s := range d.sents {
		if len(s.personSpans) == 0 {
			continue
		}
		kept := s.mentions[:0]
		for _, m := range s.mentions {
			inside := false
			for _, sp := range s.personSpans {
				if m.first < sp[1] && m.end > sp[0] {
					inside = true
				}
			}
			if !inside {
				kept = append(kept, m)
			}
		}
		s.mentions = kept
	}
	return people
}

// finishPeople chooses each person's role and organisation: from the
// first mention that names an office, the office held for one of the
// partners wins, else the one nearest the name; two bare offices side by
// side are both kept ("CIO, Staatssekretär"). An office that implies a kind
// of body ("Erster Kreisrat") without naming it belongs to the only body of
// that kind the article names.
func (x *Extractor) finishPeople(d *doc, partners []*partnerRec) {
	isPartner := func(org string) bool {
		for _, r := range partners {
			if orgMatches(org, r.p) {
				return true
			}
		}
		return false
	}
	for _, p := range d.people {
		occ := 0
		var cs []roleCand
		for _, c := range p.cands {
			if c.role == "" && c.org == "" {
				continue
			}
			if occ == 0 && c.role != "" {
				occ = c.occ
			}
			if c.occ == occ {
				cs = append(cs, c)
			}
		}
		if len(cs) > 0 {
			var pref []roleCand
			for _, c := range cs {
				if c.org != "" && isPartner(c.org) {
					pref = append(pref, c)
				}
			}
			if len(pref) == 0 {
				pref = cs
			}
			best := pref[0]
			for _, c := range pref {
				if c.dist < best.dist {
					best = c
				}
			}
			if len(pref) == 2 && pref[0].bare && pref[1].bare && pref[0].dist != pref[1].dist {
				far, near := pref[0], pref[1]
				if far.dist < near.dist {
					far, near = near, far
				}
				best.role = far.role + ", " + near.role
				if best.org == "" {
					best.org = far.org
				}
			}
			p.role, p.org, p.orgKind = best.role, best.org, best.orgKind
		}
		// Fill the org from any other mention.
		for _, c := range p.cands {
			if p.org == "" && c.org != "" {
				p.org = c.org
			}
			if p.role == "" && c.role != "" {
				p.role, p.orgKind = c.role, c.orgKind
			}
		}
		if p.org != "" {
			continue
		}
		kinds := map[string]bool{p.orgKind: true}
		if rw, ok := gazetteer.Role(firstWord(p.role)); ok && rw.Base == "bürgermeister" {
			kinds = map[string]bool{"stadt": true, "gemeinde": true}
		}
		if p.orgKind == "" && len(kinds) == 1 {
			continue
		}
		var cands []string
		seen := map[string]bool{}
		for _, r := range partners {
			if kinds[string(r.p.Kind)] && !seen[r.key] {
				seen[r.key] = true
				cands = append(cands, r.p.Name)
			}
		}
		if len(cands) == 0 {
			for _, s := range d.sents {
				for _, m := range s.mentions {
					if kinds[string(m.partner.Kind)] && !seen[m.key] {
						seen[m.key] = true
						cands = append(cands, m.partner.Name)
					}
				}
			}
		}
		if len(cands) == 1 {
			p.org = cands[0]
		}
	}
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return strings.Trim(f[len(f)-1], ",")
	}
	return ""
}

// firstNameOf returns the first name of the name starting at token i,
// after any academic titles.
func firstNameOf(toks []token, i int) string {
	for i < len(toks) && (!toks[i].word || academicTitles[strings.ToLower(toks[i].text)] || strings.EqualFold(toks[i].text, "dr.-ing")) {
		i++
	}
	if i < len(toks) {
		return toks[i].text
	}
	return ""
}

// quoted reports whether a quote verb stands right before or after the
// name: "sagt X", "X sagte", "so X".
func quoted(toks []token, ns, ne int) bool {
	if ns > 0 && quoteVerbs[toks[ns-1].lower()] {
		return true
	}
	return ne < len(toks) && quoteVerbs[toks[ne].lower()]
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
			// "von der Leyen"
			if t.text == "von" && k+1 < len(toks) && toks[k].text == "der" && toks[k+1].upper() {
				parts = append(parts, "der")
				k++
			}
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

// roleCand is one role found for a person at one mention.
type roleCand struct {
	role, org, orgKind string
	occ                int // occurrence number of the person's mention
	dist               int // 0 for the role nearest the name
	bare               bool
	// colleague is "f" or "m" for "Seine Cochemer Amtskollegin X": the
	// office is the one of the person named before, in X's gender;
	// colleagueAt is the token of "Amtskollegin".
	colleague   string
	colleagueAt int
}

// roleAround finds the roles and organisations of the person whose name
// spans tokens [ns, ne) of s: before the name ("Der Erste Kreisrat, Thomas
// Walter"; "Braunschweigs Stadtrat Dr. Thorsten Kornblum"; "Sachsen-CIO
// Thomas Popp"; "der niedersächsische CIO, Staatssekretär Jörg Meinhold")
// or after it ("Dennis Weilmann, Erster Stadtrat … der Stadt Wolfsburg";
// "Claus Spandau vom hessischen Innenministerium und Leiter des
// Kompetenzzentrums …"; "Kai-Uwe Dreesen, der das Projektbüro … leitet").
func (x *Extractor) roleAround(d *doc, s *sentence, ns, ne int) []roleCand {
	var out []roleCand
	toks := s.toks
	// "Lena Voss (Bürgermeisterin)": an office in parentheses right after
	// the name is hers, whatever office stands before.
	if ne+2 < len(toks) && toks[ne].text == "(" && toks[ne+2].text == ")" {
		if rw, ok := gazetteer.Role(toks[ne+1].text); ok && rw.Base != "mitglied" {
			return []roleCand{{role: toks[ne+1].text, orgKind: rw.OrgKind}}
		}
	}
	limit := ns
	for dist := 0; dist < 2; dist++ {
		c, start, ok := x.roleBefore(s, limit, ns)
		if !ok {
			break
		}
		c.dist = dist
		out = append(out, c)
		// another office further back, after a comma: "Die Vorsitzende des
		// Verwaltungsrats von Dataport, die Hamburger Staatsrätin Dr. Carola Stüwe"
		k := start - 1
		for k >= 0 && (isArticle(toks[k].lower()) || x.isDemonymWord(toks[k].text)) {
			k--
		}
		if k < 0 || toks[k].text != "," {
			break
		}
		limit = k
	}
	if len(out) == 0 {
		if c, ok := x.roleAfter(s, ns, ne); ok {
			out = append(out, c)
		}
	}
	// "Landrat Gernot Retterath (Bernkastel-Wittlich)": the body in
	// parentheses after the name is the office's.
	if len(out) > 0 && out[0].org == "" && ne+2 < len(toks) && toks[ne].text == "(" {
		e := ne + 1
		for e < len(toks) && toks[e].text != ")" && e-ne < 6 {
			e++
		}
		if e < len(toks) && toks[e].text == ")" {
			if org := x.orgNamed(s.text[toks[ne+1].start:toks[e-1].end], out[0].orgKind, d.landHint); org != "" {
				for i := range out {
					if out[i].org == "" {
						out[i].org = org
					}
				}
			}
		}
	}
	return out
}

// orgNamed names the body a bare place name stands for beside an office
// of kind: "Bernkastel-Wittlich" beside a Landrat is the Landkreis.
func (x *Extractor) orgNamed(name, kind, hint string) string {
	if p, ok := x.gaz.Land(name); ok {
		return p.Name
	}
	lvl := gazetteer.AnyLevel
	if kind == "landkreis" {
		lvl = gazetteer.LevelKreis
	}
	p, _ := x.gaz.ResolvePlace(name, lvl, hint)
	if p.AGS == "" && lvl != gazetteer.AnyLevel {
		p, _ = x.gaz.ResolvePlace(name, gazetteer.AnyLevel, hint)
	}
	if p.AGS == "" {
		return ""
	}
	return x.placeForKind(p, kind)
}

// colleagueRole gives the office of a person introduced as another's
// Amtskollegin or Amtskollege: the other's office in the person's gender
// ("Landrat" → "Landrätin").
func colleagueRole(role, gender string) string {
	f := strings.Fields(role)
	if len(f) == 0 {
		return ""
	}
	w := f[len(f)-1]
	if gender == "f" && !strings.HasSuffix(w, "in") {
		switch {
		case strings.HasSuffix(w, "rat"):
			w = strings.TrimSuffix(w, "rat") + "rätin"
		case strings.HasSuffix(w, "er") && strings.HasPrefix(strings.ToLower(f[0]), "erster"):
			w += "in"
		default:
			w += "in"
		}
		if len(f) > 1 && f[0] == "Erster" {
			f[0] = "Erste"
		}
	}
	if gender == "m" && strings.HasSuffix(w, "in") {
		w = strings.TrimSuffix(w, "in")
		if strings.HasSuffix(w, "rät") {
			w = strings.TrimSuffix(w, "rät") + "rat"
		}
		if len(f) > 1 && f[0] == "Erste" {
			f[0] = "Erster"
		}
	}
	f[len(f)-1] = w
	return strings.Join(f, " ")
}

// roleBefore looks back from token limit (the name starts at ns) for an
// office word within the same clause.
func (x *Extractor) roleBefore(s *sentence, limit, ns int) (roleCand, int, bool) {
	toks := s.toks
	k := limit - 1
	if k >= 0 && toks[k].text == "," {
		k--
	}
	for back := 0; k >= 0 && back < 10; back, k = back+1, k-1 {
		t := toks[k]
		if !t.word {
			if strings.Contains(",.:„“;–—", t.text) {
				break
			}
			// "Lena Voss (Bürgermeisterin) und Karl Winter": an office in
			// parentheses is the name's before it (q2-lingen-nordhorn-wirtschaftsfoerderung).
			if t.text == ")" && k >= 2 && toks[k-2].text == "(" {
				if _, ok := gazetteer.Role(toks[k-1].text); ok {
					break
				}
			}
			continue
		}
		rw, ok := gazetteer.Role(t.text)
		if ok && rw.Base == "mitglied" && (k+1 >= len(toks) || !isArticle(toks[k+1].lower())) {
			ok = false // "Mitglied" is an office only as "Mitglied des Vorstands"
		}
		if low := t.lower(); !ok && (low == "amtskollegin" || low == "amtskollege" || low == "amtskollegen") && !looksLikeOtherPerson(x, toks, k+1, ns) {
			g := "m"
			if low == "amtskollegin" {
				g = "f"
			}
			return roleCand{colleague: g, colleagueAt: k}, k, true
		}
		if !ok {
			if !t.upper() && !roleGlue[t.lower()] && !isArticle(t.lower()) && (back > 0 || k > 0 && x.verbBetween(toks, k)) {
				break // a verb or adverb: the office is not this person's
			}
			continue
		}
		singular, plural := pluralRole(t.text)
		// "Die Bürgermeister Paul Rieger (Nordhorn) und …", "die beiden
		// Oberbürgermeister …": an office in -er has no plural ending, its
		// article tells (q2-lingen-nordhorn-wirtschaftsfoerderung).
		if !plural && k > 0 && strings.HasSuffix(t.text, "er") {
			if w := toks[k-1].lower(); w == "die" || w == "beiden" || w == "beide" {
				plural = true
			}
		}
		// "Die Landräte Marc Hölscher (Emsland) und Uwe Jansen-Kamp
		// (Grafschaft Bentheim)": a plural office before a list of names is
		// each one's (q-nlt-emsland-grafschaft-bentheim-informationssicherheit).
		if looksLikeOtherPerson(x, toks, k+1, ns) && !(plural && nameList(x, toks, k+1, ns)) {
			break
		}
		start := k
		landAdj := ""
		if k > 0 && isOrdinalAdj(toks[k-1].lower()) {
			start = k - 1
		} else if l, ok := x.gaz.LandOfAdjective(toks[max(k-1, 0)].text); k > 0 && ok && !toks[k-1].upper() {
			// "der hessische Digitalminister": the Land is the office's
			// body (q-insuedthueringen-thueringen-hessen-verwaltungscloud).
			landAdj = l
		} else if k > 1 && isAdjective(toks[k-1]) && isArticle(toks[k-2].lower()) {
			start = k - 1 // "Der digitalpolitische Sprecher"
		}
		c := roleCand{orgKind: rw.OrgKind, org: landAdj}
		// The phrase may continue up to the comma before the name: "Leiter
		// des Amtes für Digitales", "Sprecher der FDP-Landtagsfraktion".
		e := k + 1
		if plural {
			e = limit // each name of the list has its own body, after it
		}
		for e < limit && toks[e].text != "," {
			if m := mentionAt(s, e); m != nil {
				if c.org == "" && m.excluded != "venue" {
					c.org = m.partner.Name
				}
				// "Chef der Kieler Staatskanzlei": the Land's authority is
				// part of the office, the Land its body (x-kn-online-sh-mv-letter-of-intent).
				if rw.Prefix && m.partner.Kind == KindBehoerde && m.partner.State != "" && landAuthorityRe.MatchString(m.partner.Name) {
					c.org = m.partner.State
					e = m.end
				}
				break
			}
			if w := toks[e].lower(); (w == "im" || w == "in" || w == "bei" || w == "beim") && e > k+1 {
				if m := x.mentionAfter(s, e, limit); m != nil && c.org == "" && w != "in" {
					c.org = m.partner.Name
				}
				break
			}
			e++
		}
		roleEnd := k + 1
		if e > k+1 && (rw.Prefix || roleGlue[toks[k+1].lower()]) {
			roleEnd = e
		}
		// "Staatssekretär und CIO Henning Bräuer": two offices joined by
		// "und" are both kept, whichever the editor names him by
		// (q-medienservice-sachsen-bayern-efa-fischereischein).
		if start == k && k > 1 && toks[k-1].lower() == "und" {
			if rw2, ok := gazetteer.Role(toks[k-2].text); ok && rw2.Base != "mitglied" {
				start = k - 2
			}
		}
		role, demo := x.roleText(toks, s.text, start, roleEnd)
		if plural {
			role = strings.Replace(role, t.text, singular, 1)
		}
		c.role = role
		c.bare = roleEnd == k+1 && start == k
		if c.org == "" {
			c.org = x.orgBefore(s, start, t.text, rw.OrgKind)
		}
		if c.org == "" && demo != "" {
			c.org = x.orgFromDemonym(demo, rw.OrgKind, role)
		}
		return c, start, true
	}
	return roleCand{}, 0, false
}

// verbBetween reports whether toks[k], a word in lower case right before
// a name, is a finite verb with an office before it in its clause: "Der
// Landrat (der Grafschaft) dankte Lara Hoppe": the office is the
// subject's, not the object's (q2-lingen-nordhorn-wirtschaftsfoerderung).
func (x *Extractor) verbBetween(toks []token, k int) bool {
	w := toks[k].lower()
	if !(strings.HasSuffix(w, "te") || strings.HasSuffix(w, "t") || strings.HasSuffix(w, "ten")) {
		return false
	}
	for j := k - 1; j >= 0 && j >= k-6; j-- {
		if !toks[j].word && strings.Contains(",.:„“;–—()", toks[j].text) {
			return false
		}
		if _, isRole := gazetteer.Role(toks[j].text); isRole {
			return true
		}
	}
	return false
}

// appositionNoun reports whether token k is a noun standing alone between
// commas after a name and before a verb: "…, Verfahrensbetreuerin, erklärt".
// Places, bodies, names and words that open a clause are no offices.
func (x *Extractor) appositionNoun(toks []token, k int) bool {
	if k+2 >= len(toks) || toks[k+1].text != "," || !toks[k].upper() || !toks[k].word {
		return false
	}
	if next := toks[k+2]; !next.word || next.upper() {
		return false
	}
	w := toks[k].text
	low := toks[k].lower()
	if bodyNouns[low] != 0 || x.gaz.IsFirstName(w) || len(x.gaz.Places(w)) > 0 || x.isDemonymWord(w) || len([]rune(w)) < 6 {
		return false
	}
	if _, ok := x.gaz.Land(w); ok {
		return false
	}
	// person nouns: "-in", "-er", "-e" (nominalised adjectives), "-or", "-ent", "-ist"
	for _, e := range []string{"in", "er", "e", "or", "ent", "ant", "ist"} {
		if strings.HasSuffix(low, e) {
			return true
		}
	}
	return false
}

// pluralRole returns the singular of an office word in the plural:
// "Landräte" → "Landrat", "Bürgermeisterinnen" → "Bürgermeisterin",
// "Staatssekretäre" → "Staatssekretär".
func pluralRole(w string) (string, bool) {
	for _, e := range [][2]string{{"rätinnen", "rätin"}, {"innen", "in"}, {"räte", "rat"}, {"täre", "tär"}} {
		if stem, ok := strings.CutSuffix(w, e[0]); ok && stem != "" {
			return stem + e[1], true
		}
	}
	return w, false
}

// nameList reports whether tokens [from, to) are names of people joined by
// commas and "und", each maybe with its body in parentheses: "Marc
// Hölscher (Emsland) und".
func nameList(x *Extractor, toks []token, from, to int) bool {
	depth, sep := 0, false
	for i := from; i < to; i++ {
		t := toks[i]
		switch {
		case t.text == "(":
			depth++
		case t.text == ")":
			depth--
		case depth > 0 || t.text == ".":
		case t.text == "," || t.lower() == "und" || t.lower() == "sowie":
			sep = true
		case t.word && (t.upper() || academicTitles[t.lower()]):
		default:
			return false
		}
	}
	return sep && depth == 0
}

func firstRole(cs []roleCand) roleCand {
	for _, c := range cs {
		if c.role != "" {
			return c
		}
	}
	return roleCand{}
}

// mentionAfter returns the first mention starting in [from, to).
func (x *Extractor) mentionAfter(s *sentence, from, to int) *mention {
	for _, m := range s.mentions {
		if m.first >= from && m.first < to {
			return m
		}
	}
	return nil
}

func isAdjective(t token) bool {
	if !t.word || t.upper() {
		return false
	}
	w := t.lower()
	return !roleGlue[w] && (strings.HasSuffix(w, "e") || strings.HasSuffix(w, "er")) && len(w) > 4
}

// isDemonymWord reports whether w is a place adjective: "Hamburger",
// "Bautzener", "niedersächsische".
func (x *Extractor) isDemonymWord(w string) bool {
	if w == "" {
		return false
	}
	if _, ok := x.gaz.LandOfAdjective(w); ok {
		return true
	}
	if strings.HasSuffix(w, "er") {
		_, ok := x.gaz.Demonym(w)
		return ok
	}
	return false
}

// roleAfter reads an office in apposition after the name.
func (x *Extractor) roleAfter(s *sentence, ns, ne int) (roleCand, bool) {
	toks := s.toks
	var c roleCand
	k := ne
	if k < len(toks) && toks[k].text == "," {
		k++
	}
	if k+1 < len(toks) && (toks[k].lower() == "vom" || toks[k].lower() == "von" || toks[k].lower() == "beim" || toks[k].lower() == "aus") {
		if m := x.mentionAfter(s, k, k+4); m != nil {
			c.org = m.partner.Name
			k = m.end
		}
		if c.org != "" && k < len(toks) && toks[k].lower() == "und" {
			k++
		} else if c.org != "" {
			return c, true
		}
	}
	// "Matthias Köhn bleibt Landrat", "… ist neue Bürgermeisterin" (y-mdr-ilm-kreis-landrat-stichwahl)
	if k == ne && k+1 < len(toks) && copulas[toks[k].lower()] {
		j := k + 1
		if j+1 < len(toks) && toks[j].word && !toks[j].upper() && (strings.HasSuffix(toks[j].text, "e") || strings.HasSuffix(toks[j].text, "er")) {
			j++ // "neue", "neuer"
		}
		if j < len(toks) {
			if rw, ok := gazetteer.Role(toks[j].text); ok && rw.Base != "mitglied" {
				c.role, c.orgKind = toks[j].text, rw.OrgKind
				if m := x.mentionAfter(s, j+1, j+4); m != nil && c.org == "" {
					c.org = m.partner.Name
				}
				return c, true
			}
		}
	}
	// ", der das gemeinsame Projektbüro bei IT.Niedersachsen leitet"
	if k == ne+1 && k < len(toks) && (toks[k].lower() == "der" || toks[k].lower() == "die") {
		if r, org, ok := x.relativeOffice(s, k); ok {
			c.role = r
			if c.org == "" {
				c.org = org
			}
			return c, true
		}
	}
	// "… Dr. Katrin Wöllner zur neuen Beauftragten für E-Government und IT …
	// bestellt" (x-thueringen-neue-cio)
	appointed := ""
	if k == ne && k+1 < len(toks) && (toks[k].lower() == "zur" || toks[k].lower() == "zum") {
		appointed = toks[k].lower()
		k++
		if k+1 < len(toks) && toks[k].word && !toks[k].upper() && strings.HasSuffix(toks[k].text, "en") {
			k++ // "zur neuen Beauftragten"
		}
		ne = -1 // the role follows without a comma
	}
	// "Tim Kaiser, dem Ersten Stadtrat von Lingen", "Eva Sommer, die
	// Bürgermeisterin": an apposition with its article
	// (q2-lingen-nordhorn-wirtschaftsfoerderung).
	if k == ne+1 && k+1 < len(toks) && isArticle(toks[k].lower()) {
		j := k + 1
		if j+1 < len(toks) && isOrdinalAdj(toks[j].lower()) {
			j++
		}
		if _, ok := gazetteer.Role(toks[j].text); ok {
			switch toks[k].lower() {
			case "dem", "den", "des":
				appointed = "zum" // "dem Ersten Stadtrat" → "Erster Stadtrat"
			case "der":
				appointed = "zur"
			}
			k++
		}
	}
	start := k
	if k < len(toks) && isOrdinalAdj(toks[k].lower()) {
		k++
	}
	if k >= len(toks) {
		return c, c.org != ""
	}
	rw, ok := gazetteer.Role(toks[k].text)
	if ok && rw.Base == "mitglied" && (k+1 >= len(toks) || !isArticle(toks[k+1].lower())) {
		ok = false
	}
	// "Carina Wimmer, Verfahrensbetreuerin, erklärt": a single noun between
	// commas after the name, then the verb, is her office even when the
	// word is none the gazetteer knows
	// (q-landshut-servicestelle-digitale-verwaltung-aufgeloest).
	if !ok && start != ne && start == k && x.appositionNoun(toks, k) {
		c.role = toks[k].text
		return c, true
	}
	if !ok || start == ne {
		// "Thomas Walter verweist" — a role must follow a comma or "vom … und".
		return c, c.org != ""
	}
	c.orgKind = rw.OrgKind
	// Extend the role until the organisation, a verb, or the next person.
	e := k + 1
	for e < len(toks) {
		t := toks[e]
		if m := mentionAt(s, e); m != nil && e > k+1 {
			if c.org == "" {
				c.org = m.partner.Name
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
	c.role, _ = x.roleText(toks, s.text, start, e)
	if appointed != "" {
		c.role = nominativeRole(c.role, appointed)
	}
	return c, true
}

// nominativeRole turns the dative of an appointment into the office:
// "zur Beauftragten für …" → "Beauftragte für …", "zum Beigeordneten" →
// "Beigeordneter".
func nominativeRole(role, prep string) string {
	f := strings.Fields(role)
	for i, w := range f {
		// the first office and one joined to it by "und": "zur
		// Staatssekretärin und Beauftragten für …" (q-rlp-neue-cio-ernannt)
		if i > 0 && (f[i-1] != "und" || i != 2) {
			continue
		}
		low := strings.ToLower(w)
		if strings.HasSuffix(low, "ten") || strings.HasSuffix(low, "nden") {
			if prep == "zur" {
				w = strings.TrimSuffix(w, "n")
			} else {
				w = strings.TrimSuffix(w, "en") + "er"
			}
		}
		f[i] = w
	}
	return strings.Join(f, " ")
}

// relativeOffice reads "der/die … <Noun> (bei X) leitet" after a name:
// "Leiter des Projektbüros", org X.
func (x *Extractor) relativeOffice(s *sentence, k int) (role, org string, ok bool) {
	toks := s.toks
	fem := toks[k].lower() == "die"
	var noun, art string
	for j := k + 1; j < len(toks) && j < k+12; j++ {
		t := toks[j]
		if !t.word {
			return "", "", false
		}
		w := t.lower()
		if w == "leitet" || w == "führt" || w == "verantwortet" {
			if noun == "" {
				return "", "", false
			}
			head := "Leiter"
			if fem {
				head = "Leiterin"
			}
			if strings.HasPrefix(strings.ToLower(toks[j].text), "führt") {
				head = strings.Replace(head, "Leiter", "Chef", 1)
			}
			if art == "die" {
				return head + " der " + noun, org, true
			}
			if a, ok := strings.CutPrefix(art, "multi:"); ok {
				if a == "die" {
					return head + " der " + noun, org, true
				}
				return head + " des " + noun, org, true
			}
			gen := noun + "s"
			if strings.HasSuffix(noun, "s") || strings.HasSuffix(noun, "z") {
				gen = noun + "es"
			}
			return normRole(head + " des " + gen), org, true
		}
		if m := mentionAt(s, j); m != nil {
			if org == "" {
				org = m.partner.Name
			}
			j = m.end - 1
			continue
		}
		if t.upper() && noun == "" {
			// "das AI Lab Saarbrücken": the whole capitalised run
			e := j
			for e+1 < len(toks) && toks[e+1].upper() {
				e++
			}
			noun = s.text[t.start:toks[e].end]
			if e > j {
				art = "multi:" + art
			}
			j = e
			continue
		}
		if isArticle(w) && art == "" && j > k {
			art = w
		}
	}
	return "", "", false
}

// copulas link a name to the office it holds: "X bleibt Landrat".
var copulas = map[string]bool{"bleibt": true, "ist": true, "wird": true, "wurde": true, "war": true, "bleibe": true, "sei": true}

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
// Kreisrat" → "Erster Kreisrat"; "Sachsen-CIO" → "CIO"; "Chef der Kieler
// Staatskanzlei" → "Chef der Staatskanzlei" (the demonym, "Kieler", is
// returned to name the organisation).
func (x *Extractor) roleText(toks []token, text string, a, b int) (role, demonym string) {
	for b > a && (!toks[b-1].word || isArticle(toks[b-1].lower()) || roleGlue[toks[b-1].lower()]) {
		b--
	}
	if a >= b {
		return "", ""
	}
	var words []string
	for i := a; i < b; i++ {
		t := toks[i]
		if i > a && t.upper() && strings.HasSuffix(t.text, "er") && x.isDemonymWord(t.text) {
			if _, isRole := gazetteer.Role(t.text); !isRole {
				demonym = t.text
				continue
			}
		}
		w := t.text
		if i == a {
			if j := strings.LastIndex(w, "-"); j > 0 {
				if _, ok := gazetteer.Role(w); ok {
					if _, ok := gazetteer.Role(w[j+1:]); ok {
						w = w[j+1:] // "Sachsen-CIO" → "CIO"
					}
				}
			}
			// weak adjective or participle after "der" becomes strong without
			// it: "Der Erste Kreisrat" → "Erster Kreisrat", "Der Vorsitzende" →
			// "Vorsitzender".
			if a > 0 && toks[a-1].lower() == "der" && strings.HasSuffix(w, "e") {
				low := strings.ToLower(w)
				if isOrdinalAdj(low) || isAdjective(t) || strings.HasSuffix(low, "nde") || strings.HasSuffix(low, "te") {
					w += "r"
				}
			}
		}
		if !t.word || (i > a && (t.text == "," || t.text == ")" || t.text == ".")) {
			if len(words) > 0 && (t.text == "," || t.text == ")" || t.text == ".") {
				words[len(words)-1] += t.text
			} else if t.text == "(" || t.text == "-" {
				words = append(words, t.text)
			}
			continue
		}
		words = append(words, w)
	}
	role = strings.Join(words, " ")
	role = strings.ReplaceAll(role, "( ", "(")
	role = normRole(role)
	return strings.TrimSpace(role), demonym
}

// orgFromDemonym names the body a demonym in an office stands for:
// "Kieler Staatskanzlei" → Schleswig-Holstein, "Bautzener Landrat" →
// Landkreis Bautzen.
func (x *Extractor) orgFromDemonym(demo, kind, role string) string {
	if l, ok := x.gaz.LandOfAdjective(demo); ok {
		return l
	}
	p, ok := x.gaz.Demonym(demo)
	if !ok {
		return ""
	}
	low := strings.ToLower(role)
	if kind == "land" || strings.Contains(low, "staatskanzlei") || strings.Contains(low, "ministerium") || strings.Contains(low, "landesregierung") {
		return p.Land
	}
	return x.placeForKind(p, kind)
}

// placeForKind turns a place into the body an office of kind belongs to:
// the Landkreis of the same name for a Landrat.
func (x *Extractor) placeForKind(p gazetteer.Place, kind string) string {
	if kind == "landkreis" && p.Level != gazetteer.LevelLand {
		if k, _ := x.gaz.ResolvePlace("Landkreis "+p.Name, gazetteer.LevelKreis, p.Land); k.AGS != "" && k.Kind == gazetteer.KindLandkreis {
			return k.Display()
		}
		// "Cochemer Landrätin": the Landkreis whose seat the town is
		// (Cochem-Zell), named by its key.
		if p.Level == gazetteer.LevelGemeinde && len(p.AGS) == 8 {
			if k, ok := x.gaz.PlaceByAGS(p.AGS[:5]); ok && k.Kind == gazetteer.KindLandkreis && strings.HasPrefix(gazetteer.Key(k.Name), gazetteer.Key(p.Name)) {
				return k.Display()
			}
		}
	}
	if kind == "landkreis" && p.Level == gazetteer.LevelKreis {
		return p.Display()
	}
	if kind == "land" && p.Level != gazetteer.LevelLand {
		return p.Land
	}
	return p.Display()
}

// orgBefore finds the body named right before an office: a genitive or
// demonym ("Braunschweigs Stadtrat", "den Bautzener Landrat", "der
// niedersächsische CIO"), the first part of a compound ("Sachsen-CIO",
// "Baden-Württemberg-CIO"), or a demonym earlier in the apposition ("Seine
// Karlsruher Amtskollegin, Landrätin Sabine Marquardt").
func (x *Extractor) orgBefore(s *sentence, roleStart int, roleWord, kind string) string {
	toks := s.toks
	if i := strings.LastIndex(roleWord, "-"); i > 0 {
		head := roleWord[:i]
		if p, ok := x.gaz.Land(head); ok {
			return p.Name
		}
		if p, ok := x.gaz.Demonym(head); ok {
			return x.placeForKind(p, kind)
		}
		if p, c := x.gaz.ResolvePlace(head, gazetteer.AnyLevel, ""); c && p.AGS != "" {
			return x.placeForKind(p, kind)
		}
	}
	k := roleStart - 1
	steps := 0
	for k >= 0 && steps < 5 {
		t := toks[k]
		if t.text == "," && steps == 0 {
			k--
			steps++
			continue
		}
		if !t.word {
			break
		}
		if t.upper() && strings.HasSuffix(t.text, "s") {
			if p, ok := x.gaz.Demonym(t.text); ok {
				return x.placeForKind(p, kind)
			}
		}
		if l, ok := x.gaz.LandOfAdjective(t.text); ok {
			if p, ok := x.gaz.Land(l); ok && (kind == "land" || kind == "") {
				return p.Name
			}
		}
		if t.upper() && strings.HasSuffix(t.text, "er") {
			if p, ok := x.gaz.Demonym(t.text); ok {
				return x.placeForKind(p, kind)
			}
		}
		if isArticle(t.lower()) || (steps == 0 && t.lower() == "seine") || (steps == 0 && t.lower() == "ihre") {
			break
		}
		k--
		steps++
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

var projectLeadRe = regexp.MustCompile(`^(Leiter(?:in)?) des Projekte?s$`)

// normRole writes equivalent forms of an office one way: "Leiterin des
// Projekts" is the "Projektleiterin" editors write.
func normRole(role string) string {
	if m := projectLeadRe.FindStringSubmatch(role); m != nil {
		return "Projekt" + strings.ToLower(m[1])
	}
	return role
}
