package extract

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coopwatch/coopwatch/extract/gazetteer"
)

var (
	joinedRe      = mustCue(`(?i)angeschlossen|schließt sich\b[^.]*\ban\b|schließen sich\b[^.]*\ban\b|beigetreten|\bbeitritt|\btritt\b[^.]*\bbei\b|\btreten\b[^.]*\bbei\b|als (?:weiterer|neuer|weitere|neue|neues|weiteres|dritter|vierter|fünfter) (?:kooperations|verbands|bündnis)?(?:partner|mitglied)|neues mitglied|kam\b[^.]*\bdazu|kommt\b[^.]*\bdazu|hinzugekommen|hinzu(?:gestoßen|gekommen)|stößt\b[^.]*\bhinzu|\bwird\b[^.]*\b(?:mitglied|trägerland|träger|gesellschafter)\b|\bgehör(?:t|en)\b\s+(?:jetzt|nun|künftig|ab)\b|\baufnahme`)
	joinedNotRe   = mustCue(`(?i)(?:könnten|können|wollen|sollen|möchten|offen für)[^.]*(?:anschließen|beitreten|hinzukommen)|anschließen wollen|interessierte`)
	endedRe       = mustCue(`(?i)ausgetreten|\baustritt|austreten|\btritt\b[^.]*\baus\b|\btreten\b[^.]*\baus\b|verlässt|verlassen hat|\bgekündigt|\bkündigt|\bkündigen|den rücken|beendet|aufgelöst|auflösung|\bausstieg|steigt\b[^.]*\baus\b|ausgestiegen|\bende[nt]\b|\bbeenden\b|\bläuft\b[^.]*\baus\b|\bauslaufen|\bausgelaufen|\b(?:getrennte|eigene)\s+wege\b`)
	extendedRe    = mustCue(`(?i)vertief|erneuer|verlänger|ausgeweitet|ausweiten|weite[tn]\b[^.]*\baus\b|ergänzungsvereinbarung|zusatzvereinbarung|ergänzungsvertrag|erweitert|erweitern|erweiterung|ausgebaut|intensivier|intensiver\b|neugefasst|neu gefasst|fortgesetzt|fortsetz|fortgeschrieben|weiterentwickelt|aufgestockt`)
	foundedRe     = mustCue(`(?i)letter of intent|\bloi\b|absichtserklärung|gegründet|gründen|gründung|zusammengeschlossen|zusammenschluss|unterzeichnet|unterzeichnen|unterschrieben|besiegelt|geschlossen|formalisiert|ins leben gerufen|kooperationsvereinbarung|kooperationsabkommen|kooperationsvertrag|staatsvertrag|vereinbarung|abkommen|starten\b[^.]*\bkooperation`)
	strongFoundRe = mustCue(`(?i)letter of intent|\bloi\b|absichtserklärung|gegründet|gründung|zusammengeschlossen|formalisiert|ins leben gerufen|neu gegründet`)
	plannedRe     = mustCue(`(?i)\bsoll(?:en)?\b[^.]*\b(?:unterzeichnet|gegründet|geschlossen|beschlossen|vereinbart)\s+werden|\bplan(?:en|t)\b|\bgeplant\b|\bwoll(?:en)?\b[^.]*\b(?:gründen|zusammenarbeiten|kooperieren|unterzeichnen|beitreten|zusammenschließen|fusionieren|zusammenlegen|verschmelzen|bündeln)|\bsoll(?:en)?\b[^.]*\b(?:verschmelzen|fusionieren|zusammengelegt|zusammengeführt)|\bloten\b[^.]*\baus\b|auszuloten|\bprüf(?:en|t)\b[^.]*\bgemeinsame|machbarkeitsstudie|beabsichtig|vorgesehen|angestrebt|\bab (?:dem )?(?:jahr )?20\d\d\b|\bab (?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember)\b`)
	pastRe        = mustCue(`(?i)\b(?:hat|haben|hatte|hatten|wurde|wurden|ist|sind|war|waren)\b[^.]*(?:unterzeichnet|gegründet|besiegelt|geschlossen|zusammengeschlossen|beigetreten|angeschlossen|formalisiert|vereinbart|unterschrieben)|\bunterzeichneten\b|\bbesiegelten\b|\bgründeten\b`)
	sinceRe       = mustCue(`(?i)\bseit\b`)
	negRe         = mustCue(`(?i)\bnicht\s+(?:mitglied|beigetreten|angeschlossen)|\bnoch nicht gefallen|\bkein(?:e|en)?\s+(?:mitglied|beitritt)`)
	modalRe       = mustCue(`(?i)\b(?:wollen|will|wolle|sollen|soll|solle|möchten|könnten|können|künftig|planen|plant)\b`)
	foundingRe    = mustCue(`(?i)gegründet|\bgründung|gründeten|ins leben gerufen`)
	// condRe finds a condition: "verlängert sich danach um fünf Jahre, wenn
	// keines der Länder widerspricht" is a term of the agreement, not an
	// extension (q-mik-brandenburg-mv-geoportal-verwaltungsabkommen).
	// endedNotRe: "kündigten an, …" announces, it does not give notice
	// (x-badisches-tagblatt-rastatt-karlsruhe-bauantrag).
	endedNotRe = mustCue(`(?i)\bkündig(?:t|en|te|ten)\b[^.,]*\ban\b`)
	condRe     = mustCue(`(?i)\b(?:wenn|falls|sofern|sobald)\b`)
)

var ordinalDotRe = regexp.MustCompile(`(\d)\.`)

// typeRe gives the pattern of each event type.
var typeRe = map[EventType]*cueRegexp{Founded: foundedRe, Extended: extendedRe, Planned: plannedRe, Joined: joinedRe, Ended: endedRe}

// instruments, most specific first.
var instruments = []struct {
	re   *cueRegexp
	name string
}{
	{mustCue(`(?i)letter of intent|\bLoI\b`), "Letter of Intent"},
	{mustCue(`(?i)absichtserklärung`), "Absichtserklärung"},
	{mustCue(`(?i)memorandum of understanding`), "Memorandum of Understanding"},
	{mustCue(`(?i)staatsvertrag`), "Staatsvertrag"},
	{mustCue(`(?i)verwaltungsvereinbarung`), "Verwaltungsvereinbarung"},
	{mustCue(`(?i)zweckvereinbarung`), "Zweckvereinbarung"},
	{mustCue(`(?i)rahmenvereinbarung`), "Rahmenvereinbarung"},
	{mustCue(`(?i)ergänzungsvereinbarung`), "Ergänzungsvereinbarung"},
	{mustCue(`(?i)kooperationsvereinbarung`), "Kooperationsvereinbarung"},
	{mustCue(`(?i)kooperationsabkommen`), "Kooperationsabkommen"},
	{mustCue(`(?i)kooperationsvertrag`), "Kooperationsvertrag"},
	{mustCue(`(?i)rahmenvertrag`), "Rahmenvertrag"},
	{mustCue(`(?i)öffentlich-rechtliche[nr]? vereinbarung`), "öffentlich-rechtliche Vereinbarung"},
	{mustCue(`(?i)zweckverband`), "Zweckverband"},
	{mustCue(`(?i)\bfusion`), "Fusion"},
	{mustCue(`(?i)\bbeitritt`), "Beitritt"},
	{mustCue(`(?i)\baustritt`), "Austritt"},
	{mustCue(`(?i)\bvereinbarung\b`), "Vereinbarung"},
}

var (
	topicsRe   = mustCue(`(?:Bereichen|Themenfeldern|Handlungsfeldern|Feldern|Themen)\s+((?:[\p{Lu}][\p{L}\-]*(?:\s*,\s*|\s+und\s+|\s+sowie\s+))+[\p{Lu}][\p{L}\-]*)`)
	topicOneRe = mustCue(`(?:im Bereich|zum Thema|auf dem Gebiet)\s+(?:der\s+|des\s+)?([\p{Lu}][\p{L}\-]*(?:\s+[\p{Lu}][\p{L}\-]*)?)`)
	topicSplit = regexp.MustCompile(`\s*,\s*|\s+und\s+|\s+sowie\s+`)
	amountRe   = regexp.MustCompile(`(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(Milliarden|Mrd\.|Millionen|Mio\.|Tausend)?\s*(Euro|EUR|€)`)
)

type typeScore struct {
	joined, ended, extended, founded, strongFounded, planned, past int
	endedFirm                                                      int // ended, not as a wish or plan
	joinedSents, endedSents, joinedAny                             []*sentence
}

// buildEvents decides whether the article reports a cooperation and
// returns its events.
func (x *Extractor) buildEvents(a *Article, d *doc, partners []*partnerRec) []Event {
	if len(partners) < 2 {
		return nil
	}
	// The article must say "cooperation" in so many words in a sentence
	// that names one of its partners, or in its title.
	strongHit := false
	partnerKeys := map[string]*partnerRec{}
	for _, p := range partners {
		partnerKeys[p.key] = p
		for _, a := range p.aliases {
			partnerKeys[a] = p
		}
	}
	// Or, when the partners were named in sentences about working together,
	// anywhere in the text: "Die Stadt Kassel und der Landkreis Kassel wollen
	// … gemeinsame Sache machen. … eine Absichtserklärung vorgestellt"
	// (y-hna-kassel-gemeinsames-digitalamt).
	for _, s := range d.sents {
		if strongCue(s) {
			strongHit = true
			break
		}
	}
	if !strongHit {
		return nil
	}

	var sc typeScore
	for _, s := range d.sents {
		w := 1
		if s.part != partText {
			w = 2
		}
		// "zum 1. Juli 2026": ordinal dots must not end the [^.]* of the patterns
		f := s.plainForm()
		low := f.lower()
		hasPartner := false
		for _, m := range s.mentions {
			if partnerKeys[m.key] != nil && m.excluded == "" {
				hasPartner = true
			}
		}
		if joinedRe.match(f) && !joinedNotRe.match(f) && (hasCueIn(s) || hasPartner) && !negRe.match(f) {
			sc.joined += w
			if hasPartner {
				sc.joinedSents = append(sc.joinedSents, s)
			}
			sc.joinedAny = append(sc.joinedAny, s)
		}
		if endedRe.match(f) && hasCueIn(s) && !endedNotRe.match(f) && !(s.part == partText && pluperfectRe.match(f)) {
			sc.ended += w
			if !modalRe.match(f) {
				sc.endedFirm += w
			}
			if hasPartner {
				sc.endedSents = append(sc.endedSents, s)
			}
		}
		// "die Zusammenarbeit auf weitere Verfahren ausweiten zu wollen" is an
		// outlook, not an extension (x-badisches-tagblatt-rastatt-karlsruhe-bauantrag).
		// An extension told as what led up to the event ("nach einer
		// Pilotphase, in der … die Zusammenarbeit ausgeweitet hatten",
		// "hatten … ihre Zusammenarbeit intensiviert") or as a term of the
		// agreement is background (q-senatspressestelle-bremen-hamburg-staatsvertrag-barrierefreiheit,
		// q-nlt-emsland-grafschaft-bentheim-informationssicherheit).
		if extendedRe.match(f) && hasCueIn(s) && !modalRe.match(f) &&
			!(s.part == partText && pluperfectRe.match(f)) && !condRe.match(f) {
			sc.extended += w
		}
		if foundedRe.match(f) {
			sc.founded += w
		}
		if strongFoundRe.match(f) {
			sc.strongFounded += w
		}
		if plannedRe.match(f) && hasCueIn(s) {
			sc.planned += w
		} else if modalRe.match(f) && hasPartner && strings.Contains(low, "gemeinsam") {
			// "wollen … künftig gemeinsame Sache machen" (y-hna-kassel-gemeinsames-digitalamt)
			sc.planned += w
		}
		if pastRe.match(f) {
			sc.past += w
		}
	}
	typ := Founded
	switch {
	case sc.ended > 0 && len(sc.endedSents) > 0 && sc.ended >= sc.joined:
		typ = Ended
	// "Die gemeinsame Servicestelle … wird zum 31. Dezember aufgelöst. Ab
	// Januar betreut die Stadt …": the ending names no partner, and what
	// comes after it is no plan of a cooperation
	// (q-landshut-servicestelle-digitale-verwaltung-aufgeloest).
	case sc.endedFirm > 0 && sc.joined == 0 && sc.extended == 0 && sc.strongFounded == 0:
		typ = Ended
	case sc.joined > 0:
		typ = Joined
	case sc.extended > 0 && sc.strongFounded == 0:
		typ = Extended
	case sc.founded > 0 && sc.past == 0 && sc.planned > 0:
		typ = Planned
	case sc.founded > 0:
		typ = Founded
	case sc.planned > 0:
		typ = Planned
	case sc.extended > 0:
		typ = Extended
	}

	ev := Event{Type: typ, Status: Pending}
	// Partners and their roles.
	moving := map[string]bool{}
	var typeSents []*sentence
	switch typ {
	case Joined:
		typeSents = sc.joinedSents
	case Ended:
		typeSents = sc.endedSents
	}
	if len(typeSents) > 0 {
		ts := typeSents[0]
		for i, m := range ts.mentions {
			if partnerKeys[m.key] != nil && m.excluded == "" && !joinedObject(ts, i) {
				moving[partnerKeys[m.key].key] = true
			}
		}
	}
	hostKinds := isHost
	movingNonHost := 0
	for k := range moving {
		if !hostKinds(partnerKeys[k]) {
			movingNonHost++
		}
	}
	// "Zugleich stimmte sie dem Beitritt zum Zweckverband … zu": the body that
	// moves is named elsewhere; it is the article's first party
	// (y-nordkurier-pasewalk-wechselt-zu-ego-mv).
	if (typ == Joined || typ == Ended) && movingNonHost == 0 && len(typeSents) > 0 {
		for _, p := range partners {
			if !hostKinds(p) {
				moving[p.key] = true
				movingNonHost++
				break
			}
		}
	}
	for _, p := range partners {
		pp := p.p
		pp.Role = RoleMember
		if moving[p.key] {
			switch {
			case hostKinds(p) && movingNonHost > 0:
				pp.Role = RoleHost
			case typ == Joined:
				pp.Role = RoleJoining
			case typ == Ended:
				pp.Role = RoleLeaving
			}
		} else if (typ == Joined || typ == Ended) && hostKinds(p) && !movingHost(moving, partnerKeys, hostKinds) && countKind(partners, hostKinds) == 1 {
			pp.Role = RoleHost // the organisation joined, named elsewhere
		}
		ev.Partners = append(ev.Partners, pp)
	}

	// Evidence: the sentences that carry the type, then those that carry
	// the cooperation, in text order, at most three.
	ev.Evidence = evidence(d, typ, typeSents, partnerKeys)
	ev.ID = NewEventID(a.URL, ev.Evidence[0])
	ev.Instrument = instrument(d, ev.Evidence)
	ev.Topics = topics(d)
	ev.Amounts = amounts(d)
	ev.Date = x.eventDate(a, d, ev.Evidence, typ)
	ev.People = eventPeople(d, ev.Partners)

	// Confidence from the signals that agree.
	conf := 0.4
	if ev.Instrument != "" {
		conf += 0.15
	}
	if len(ev.Partners) >= 2 {
		conf += 0.1
	}
	if len(typeSents) > 0 || sc.strongFounded > 0 || sc.extended > 1 {
		conf += 0.15
	}
	if len(ev.People) > 0 {
		conf += 0.1
	}
	if titleHasCue(d) {
		conf += 0.05
	}
	ev.Confidence = min(conf, 0.95)
	events := []Event{ev}

	// A body that leaves one cooperation to join another: two events
	// (y-nordkurier-pasewalk-wechselt-zu-ego-mv).
	if other, otherSents := Ended, sc.endedSents; typ == Joined || typ == Ended {
		if typ == Ended {
			other, otherSents = Joined, sc.joinedSents
		}
		if se, ok := x.switchEvent(a, d, other, otherSents, typeSents, partnerKeys, moving); ok {
			events = append(events, se)
		}
	}

	// A cooperation that existed before the partner joined is an event of
	// its own when the text dates it: "arbeiten … bereits seit September
	// 2020 zusammen" (seed 000).
	if typ == Joined || typ == Extended {
		if fe, ok := x.foundingBefore(a, d, ev, partnerKeys, moving); ok {
			events = append(events, fe)
		}
	}
	return events
}

// hasCueIn reports whether s names a cooperation in words, not only by an
// event verb ("tritt … aus" alone may be anything).
func hasCueIn(s *sentence) bool {
	if s.cue != unknown {
		return s.cue == yes
	}
	return s.cue.remember(hasCueForm(s.form(), coopCueLits) || strongCue(s))
}

// feminineOrPlural are body nouns after which "der" is a genitive or
// dative article, not a masculine nominative ("der Landkreis Gifhorn").
var feminineOrPlural = map[string]bool{
	"stadt": true, "städte": true, "gemeinde": true, "gemeinden": true, "kommunen": true, "länder": true,
	"landkreise": true, "kreise": true, "hansestadt": true, "landeshauptstadt": true, "region": true,
	"samtgemeinde": true, "verbandsgemeinde": true, "sonderstatusstädte": true, "bundesländer": true,
}

// joinedObject reports whether mention i of s names the cooperation that
// is joined or left rather than the body that moves: "der Kooperation der
// Städte Hildesheim und Salzgitter", "kooperiert jetzt mit den Städten …".
func joinedObject(s *sentence, i int) bool {
	// the first mention of the list mention i belongs to
	for i > 0 && onlyListGlue(s.toks[s.mentions[i-1].end:s.mentions[i].first]) {
		i--
	}
	toks := s.toks
	k := s.mentions[i].first - 1
	noun := ""
	if s.mentions[i].first < len(toks) {
		noun = toks[s.mentions[i].first].lower()
	}
	// skip a body noun and adjectives: "den kreisfreien Städten"
	for k >= 0 && toks[k].word && (bodyNouns[toks[k].lower()] != 0 || isAdjective(toks[k])) {
		noun = toks[k].lower()
		k--
	}
	if k < 0 {
		return false
	}
	w := toks[k].lower()
	governsCoop := func() bool {
		if k == 0 {
			return false
		}
		g := toks[k-1].lower()
		for _, c := range []string{"kooperation", "zusammenarbeit", "bündnis", "verbund", "netzwerk", "allianz", "partnerschaft"} {
			if strings.Contains(g, c) {
				return true
			}
		}
		return false
	}
	switch w {
	case "mit", "zur", "zum":
		return true
	case "des":
		return governsCoop() // not "der Beitritt des Landkreises"
	case "der":
		return feminineOrPlural[noun] && governsCoop()
	}
	return false
}

// isHost reports whether r may be the organisation joined or left: an IT
// provider, a Verband or another body, but never a place ("Verbandsgemeinde
// Kirchberg" is a verband by kind, yet a member).
func isHost(r *partnerRec) bool {
	k := r.p.Kind
	return !strings.HasPrefix(r.key, "ags:") && (k == KindITDienstleister || k == KindVerband || k == KindSonstige)
}

func movingHost(moving map[string]bool, partnerKeys map[string]*partnerRec, host func(*partnerRec) bool) bool {
	for k := range moving {
		if host(partnerKeys[k]) {
			return true
		}
	}
	return false
}

func countKind(partners []*partnerRec, f func(*partnerRec) bool) int {
	n := 0
	for _, p := range partners {
		if f(p) {
			n++
		}
	}
	return n
}

func titleHasCue(d *doc) bool {
	for _, s := range d.sents {
		if s.part == partTitle && coopCue(s) {
			return true
		}
	}
	return false
}

func evidence(d *doc, typ EventType, typeSents []*sentence, partnerKeys map[string]*partnerRec) []string {
	var picked []*sentence
	seen := map[int]bool{}
	add := func(s *sentence) {
		if !seen[s.idx] && len(picked) < 3 {
			seen[s.idx] = true
			picked = append(picked, s)
		}
	}
	for _, s := range typeSents {
		if s.part == partText {
			add(s)
		}
	}
	re := typeRe[typ]
	for _, s := range d.textSents() {
		if re.match(s.form()) && strongCue(s) && namesPartner(s, partnerKeys) && !background(s) {
			add(s)
		}
	}
	for _, bg := range []bool{false, true} {
		for _, s := range d.textSents() {
			if strongCue(s) && namesPartner(s, partnerKeys) && background(s) == bg {
				add(s)
			}
		}
	}
	if len(picked) == 0 {
		for _, s := range d.sents {
			if strongCue(s) {
				add(s)
			}
		}
	}
	out := make([]string, 0, len(picked))
	for _, s := range picked {
		out = append(out, s.text)
	}
	if len(out) == 0 {
		out = append(out, d.sents[0].text)
	}
	return out
}

// background reports whether s tells what happened before the event:
// pluperfect ("Bereits vor diesem Abkommen hatten … zusammengearbeitet") or
// "seit …".
func background(s *sentence) bool {
	low := s.lowText()
	return pluperfectRe.match(s.form()) || strings.HasPrefix(low, "bereits seit") || strings.HasPrefix(low, "seit ")
}

func namesPartner(s *sentence, partnerKeys map[string]*partnerRec) bool {
	for _, m := range s.mentions {
		if partnerKeys[m.key] != nil && (m.excluded == "" || m.excluded == "genitive") {
			return true
		}
	}
	return false
}

func instrument(d *doc, ev []string) string {
	lows := make([]string, len(ev))
	for i, e := range ev {
		lows[i] = strings.ToLower(e)
	}
	// The sentence that carries the event names its instrument first (a
	// bare "Beitritt" there says less than the Zweckverband elsewhere): the
	// Verwaltungsvereinbarung given notice in a later evidence sentence is
	// not the instrument of joining a Zweckverband
	// (y-nordkurier-pasewalk-wechselt-zu-ego-mv).
	if len(ev) > 0 {
		for _, in := range instruments {
			if in.name != "Beitritt" && in.name != "Austritt" && in.name != "Vereinbarung" && in.re.matchLower(ev[0], lows[0]) {
				return in.name
			}
		}
	}
	for _, in := range instruments {
		for i, e := range ev {
			if in.re.matchLower(e, lows[i]) {
				return in.name
			}
		}
	}
	for _, in := range instruments {
		for _, s := range d.sents {
			if in.re.match(s.form()) {
				return in.name
			}
		}
	}
	return ""
}

func topics(d *doc) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			return
		}
		seen[t] = true
		out = append(out, t)
	}
	for _, s := range d.textSents() {
		if !topicsRe.mayMatch(s.text, s.lowText()) {
			continue
		}
		for _, m := range topicsRe.FindAllStringSubmatch(s.text, -1) {
			for _, t := range topicSplit.Split(m[1], -1) {
				add(t)
			}
		}
	}
	if len(out) == 0 {
		for _, s := range d.sents {
			if !coopCue(s) || !topicOneRe.mayMatch(s.text, s.lowText()) {
				continue
			}
			for _, m := range topicOneRe.FindAllStringSubmatch(s.text, -1) {
				add(m[1])
			}
		}
	}
	return out
}

func amounts(d *doc) []Amount {
	var out []Amount
	for _, s := range d.textSents() {
		// every amount ends in "Euro", "EUR" or "€"
		if !strings.Contains(s.text, "EUR") && !strings.Contains(s.text, "Euro") && !strings.Contains(s.text, "€") {
			continue
		}
		for _, m := range amountRe.FindAllStringSubmatch(s.text, -1) {
			num := strings.ReplaceAll(m[1], ".", "")
			num = strings.ReplaceAll(num, ",", ".")
			v, err := strconv.ParseFloat(num, 64)
			if err != nil {
				continue
			}
			switch m[2] {
			case "Milliarden", "Mrd.":
				v *= 1e9
			case "Millionen", "Mio.":
				v *= 1e6
			case "Tausend":
				v *= 1e3
			}
			out = append(out, Amount{Value: v, Currency: "EUR", Text: m[0]})
		}
	}
	return out
}

// eventPeople returns the article's people who act for one of partners.
func eventPeople(d *doc, partners []Partner) []Person {
	var out []Person
	for _, p := range d.people {
		if p.org == "" {
			continue
		}
		for _, pt := range partners {
			if orgMatches(p.org, pt) {
				out = append(out, Person{Name: p.name, Role: p.role, Org: p.org})
				break
			}
		}
	}
	return out
}

// orgMatches reports whether a person's organisation is the partner pt or
// belongs to it ("Hessisches Innenministerium" acts for Hessen).
func orgMatches(org string, pt Partner) bool {
	ko, kp := gazetteer.Key(stripBodyWord(org)), gazetteer.Key(stripBodyWord(pt.Name))
	if ko == kp {
		return true
	}
	return pt.Kind == KindLand && strings.Contains(ko, strings.ToLower(pt.Name))
}

func stripBodyWord(n string) string {
	f := strings.Fields(n)
	if len(f) > 1 && bodyNouns[strings.ToLower(f[0])] != 0 {
		return strings.Join(f[1:], " ")
	}
	return n
}

// switchEvent returns the second half of a switch: the cooperation left
// when the main event is a joining, or the one joined when it is a leaving.
// It rests on sentences other than the main event's and names the moving
// body and at least one other party.
func (x *Extractor) switchEvent(a *Article, d *doc, typ EventType, sents, mainSents []*sentence, partnerKeys map[string]*partnerRec, moving map[string]bool) (Event, bool) {
	for _, s := range sents {
		if slices.Contains(mainSents, s) || s.part != partText {
			continue
		}
		var ps []Partner
		seen := map[string]bool{}
		others := 0
		for k := range moving {
			if r := partnerKeys[k]; r != nil && r.p.Kind != KindITDienstleister && r.p.Kind != KindVerband && r.p.Kind != KindSonstige {
				p := r.p
				p.Role = RoleJoining
				if typ == Ended {
					p.Role = RoleLeaving
				}
				ps = append(ps, p)
				seen[k] = true
			}
		}
		for i, m := range s.mentions {
			r := partnerKeys[m.key]
			if r == nil || seen[m.key] || m.excluded != "" {
				continue
			}
			seen[m.key] = true
			p := r.p
			p.Role = RoleMember
			if joinedObject(s, i) || p.Kind == KindITDienstleister || p.Kind == KindVerband || p.Kind == KindSonstige {
				p.Role = RoleHost
			}
			ps = append(ps, p)
			others++
		}
		if others == 0 || len(ps) < 2 {
			continue
		}
		ev := Event{Type: typ, Partners: ps, Evidence: []string{s.text}, Status: Pending, Confidence: 0.6}
		ev.ID = NewEventID(a.URL, s.text)
		ev.Instrument = instrument(d, ev.Evidence)
		ev.Date = x.eventDate(a, d, ev.Evidence, typ)
		ev.People = eventPeople(d, ps)
		return ev, true
	}
	return Event{}, false
}

// foundingBefore returns the founding of the cooperation a partner joined
// or that was extended, when the text dates it: "arbeiten … bereits seit
// September 2020 zusammen" (seed 000), "Gegründet hatten ihn im März 2021
// der Kyffhäuserkreis, …" (x-landeswelle-nordhausen-zweckverband).
func (x *Extractor) foundingBefore(a *Article, d *doc, main Event, partnerKeys map[string]*partnerRec, moving map[string]bool) (Event, bool) {
	// The most precise "seit" date of the article dates the founding:
	// "seit dem Jahr 2020" and later "seit September 2020" (seed 000).
	var bestSince Date
	for _, s := range d.textSents() {
		if sinceRe.match(s.form()) && strongCue(s) {
			if dt, ok := sinceDate(s.text); ok && len(dt) > len(bestSince) {
				bestSince = dt
			}
		}
	}
	for _, s := range d.textSents() {
		since := sinceRe.match(s.form()) && strongCue(s)
		founding := foundingRe.match(s.form())
		if !since && !founding {
			continue
		}
		var date Date
		if since {
			date, _ = sinceDate(s.text)
			if bestSince != "" && strings.HasPrefix(string(bestSince), string(date)) {
				date = bestSince
			}
		}
		if date == "" && founding {
			for _, de := range datesIn(s.text, time.Time{}) {
				if de.lead != "ab" && de.lead != "bis" {
					date = de.date
					break
				}
			}
		}
		if date == "" || (main.Date != "" && date >= main.Date) {
			continue
		}
		var ps []Partner
		seen := map[string]bool{}
		for _, m := range s.mentions {
			if partnerKeys[m.key] != nil && !moving[m.key] && m.excluded == "" && !seen[m.key] {
				seen[m.key] = true
				p := partnerKeys[m.key].p
				p.Role = RoleMember
				ps = append(ps, p)
			}
		}
		if len(ps) < 2 && !(founding && len(ps) >= 1) {
			continue
		}
		// The organisation founded is a party too: the Zweckverband joined later.
		for _, p := range main.Partners {
			if p.Role == RoleHost && !seen["host:"+p.Name] {
				seen["host:"+p.Name] = true
				p.Role = RoleMember
				ps = append(ps, p)
			}
		}
		ev := Event{Type: Founded, Date: date, Partners: ps, Evidence: []string{s.text}, Status: Pending, Confidence: 0.5}
		if inst := instrument(d, ev.Evidence); inst != "" && strings.Contains(s.lowText(), strings.ToLower(inst)) {
			ev.Instrument = inst
		}
		ev.ID = NewEventID(a.URL, s.text)
		ev.People = eventPeople(d, ps)
		return ev, true
	}
	return Event{}, false
}
