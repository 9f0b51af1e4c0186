package corpus

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// story is everything stream 0 decides about a page: its layout, its
// subject, its parties and people and its title.
type story struct {
	meta       Meta
	kind       string // an event type, or portal, personnel, product, opinion, event
	land       *land
	parties    []party // the cooperation's partners (truth), or the one body of a non-cooperation story
	org        *party  // the organisation joined, left or founded, when it is one of the parties
	people     []person
	topic      topic
	instrument string
	published  time.Time
	dated      bool   // the page prints its date
	urlDate    bool   // the page's date is only in its URL
	host       string // canonical host
	initials   string // author initials of Kommune21 pages: "(sib)"
	author     string // byline of newspaper pages
	ministry   string // the issuing ministry of a ministry press release
}

type person struct {
	First, Last string
	Female      bool
	Role        string // "Landrat", "Oberbürgermeisterin", ...
	Org         *party
}

func (p person) Name() string { return p.First + " " + p.Last }

// topic is what a cooperation or a project is about.
type topic struct {
	Short   string // for titles and keywords: "E-Akte"
	Akk     string // object phrase: "die elektronische Akte"
	Gen     string // genitive phrase for "bei der Einführung …": "der elektronischen Akte"
	Purpose string // infinitive clause: "die elektronische Akte gemeinsam einzuführen"
	Kicker  string // rubric
}

var topics = []topic{
	{"E-Akte", "die elektronische Akte", "der elektronischen Akte", "die elektronische Akte gemeinsam einzuführen", "Digitalisierung"},
	{"Serviceportal", "ein gemeinsames Serviceportal", "eines gemeinsamen Serviceportals", "ein gemeinsames Serviceportal für Bürger und Unternehmen aufzubauen", "Bürgerservice"},
	{"OZG-Umsetzung", "die Umsetzung des Onlinezugangsgesetzes", "der OZG-Umsetzung", "Online-Dienste nach dem Onlinezugangsgesetz arbeitsteilig zu entwickeln", "OZG"},
	{"Informationssicherheit", "einen gemeinsamen Informationssicherheitsbeauftragten", "der Informationssicherheit", "die Informationssicherheit ihrer Verwaltungen gemeinsam zu organisieren", "IT-Sicherheit"},
	{"Rechenzentrum", "den gemeinsamen Betrieb eines Rechenzentrums", "des Rechenzentrumsbetriebs", "ihre Server in einem gemeinsamen Rechenzentrum zu betreiben", "Infrastruktur"},
	{"Geoportal", "ein gemeinsames Geoportal", "eines gemeinsamen Geoportals", "ihre Geodaten in einem gemeinsamen Portal bereitzustellen", "Geodaten"},
	{"Schul-IT", "den Support der Schul-IT", "der Schul-IT", "die IT der Schulen gemeinsam zu betreuen", "Schul-IT"},
	{"Wärmeplanung", "die kommunale Wärmeplanung", "der kommunalen Wärmeplanung", "die kommunale Wärmeplanung gemeinsam auszuschreiben", "Energie"},
	{"Terminvergabe", "eine gemeinsame Online-Terminvergabe", "der Online-Terminvergabe", "Termine in den Bürgerbüros über eine gemeinsame Plattform zu vergeben", "Bürgerservice"},
	{"Ratsinformationssystem", "ein gemeinsames Ratsinformationssystem", "des Ratsinformationssystems", "ein gemeinsames Ratsinformationssystem einzuführen", "Organisation"},
	{"Bauantrag", "den digitalen Bauantrag", "des digitalen Bauantrags", "Bauanträge vollständig digital zu bearbeiten", "Fachverfahren"},
	{"Personalabrechnung", "eine gemeinsame Personalabrechnung", "der Personalabrechnung", "die Bezüge ihrer Beschäftigten gemeinsam abzurechnen", "Organisation"},
	{"Vergabestelle", "eine gemeinsame Vergabestelle", "der Vergabestelle", "Ausschreibungen über eine gemeinsame Vergabestelle abzuwickeln", "Finanzwesen"},
	{"Behördennummer 115", "die Behördennummer 115", "der Behördennummer 115", "gemeinsam an die Behördennummer 115 anzuschließen", "Bürgerservice"},
	{"Open Data", "ein gemeinsames Open-Data-Portal", "des Open-Data-Portals", "offene Daten über ein gemeinsames Portal zu veröffentlichen", "Open Data"},
	{"Smart City", "eine gemeinsame Smart-City-Strategie", "der Smart-City-Strategie", "eine gemeinsame Smart-City-Strategie zu erarbeiten", "Smart City"},
	{"KI-Assistent", "einen KI-Assistenten für die Verwaltung", "des KI-Assistenten", "einen KI-Assistenten für Bürgeranfragen gemeinsam zu entwickeln", "Künstliche Intelligenz"},
	{"Cloud", "eine kommunale Cloud", "der kommunalen Cloud", "Fachverfahren in einer kommunalen Cloud zu betreiben", "Cloud"},
	{"Breitband", "den Breitbandausbau", "des Breitbandausbaus", "den Ausbau der Glasfasernetze gemeinsam zu planen", "Breitband"},
	{"Jugendhilfe", "digitale Leistungen der Jugendhilfe", "der Jugendhilfe-Dienste", "Online-Dienste der Kinder- und Jugendhilfe nach dem Prinzip Einer für Alle bereitzustellen", "Soziales"},
}

var instruments = []string{"Kooperationsvereinbarung", "Absichtserklärung", "Letter of Intent",
	"öffentlich-rechtliche Vereinbarung", "Zweckvereinbarung", "Rahmenvereinbarung", "Verwaltungsvereinbarung"}

// kinds of story and their weights: about 45 percent report a cooperation.
var storyKinds = []struct {
	kind   string
	weight int
}{
	{"founded", 14}, {"joined", 9}, {"extended", 8}, {"ended", 5}, {"planned", 9},
	{"portal", 15}, {"personnel", 12}, {"product", 14}, {"opinion", 6}, {"event", 8},
}

func pickKind(r *rand.Rand) string {
	total := 0
	for _, k := range storyKinds {
		total += k.weight
	}
	n := r.IntN(total)
	for _, k := range storyKinds {
		if n < k.weight {
			return k.kind
		}
		n -= k.weight
	}
	return storyKinds[0].kind
}

func isCooperation(kind string) bool {
	switch kind {
	case "founded", "joined", "extended", "ended", "planned":
		return true
	}
	return false
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// story decides page n.
func (g *Generator) story(n int) *story {
	r := g.rng(n, 0)
	st := &story{kind: pickKind(r)}
	st.land = &g.pools.lands[r.IntN(len(g.pools.lands))]
	st.topic = pick(r, topics)
	st.instrument = pick(r, instruments)
	st.published = newest.AddDate(0, 0, -n/12).Add(time.Duration(6+r.IntN(13))*time.Hour + time.Duration(r.IntN(60))*time.Minute)
	st.dated = true

	switch x := r.IntN(100); {
	case x < 32:
		st.meta.Layout = LayoutK21Legacy
	case x < 57:
		st.meta.Layout = LayoutK21Current
	case x < 77:
		st.meta.Layout = LayoutNews
	case x < 90:
		st.meta.Layout = LayoutMunicipal
	default:
		st.meta.Layout = LayoutMinistry
	}
	g.castParties(r, st)
	g.castPeople(r, st)
	title, kicker := headline(r, st)

	st.initials = pick(r, []string{"(sib)", "(ba)", "(ve)", "(al)", "(th)", "(co)"})
	st.author = pick(r, g.pools.female) + " " + pick(r, surnames)
	if r.IntN(2) == 0 {
		st.author = pick(r, g.pools.male) + " " + pick(r, surnames)
	}
	st.ministry = pick(r, ministries)
	m := &st.meta
	m.N = n
	m.FetchedAt = fetchedBase.Add(time.Duration(n) * 2 * time.Second)
	m.Charset = "utf-8"
	var path string
	switch m.Layout {
	case LayoutK21Legacy:
		st.host = pick(r, []string{"www.kommune21.de", "www.kommune21.de", "www.kommune21.de", "www.kommune21.de", "www.move-online.de", "www.stadt-und-werk.de"})
		path = "/meldung_" + strconv.Itoa(idBase[LayoutK21Legacy]+n) + "_" + plusSlug(title) + ".html"
		if r.IntN(10) == 0 {
			m.Charset = "iso-8859-1"
		}
	case LayoutK21Current:
		st.host = "www.kommune21.de"
		st.dated = r.IntN(20) != 0 // "Some pages show no date at all" (SITES.md)
		path = "/k21-meldungen/" + dashSlug(title) + "-" + strconv.Itoa(idBase[LayoutK21Current]+n) + "/"
	case LayoutNews:
		st.host = pick(r, newspapers).host
		path = "/lokales/" + dashSlug(st.parties[0].Short) + "/" + dashSlug(title) + "-" + strconv.Itoa(idBase[LayoutNews]+n) + ".html"
		if r.IntN(20) == 0 {
			m.Charset = "iso-8859-1"
		}
	case LayoutMunicipal:
		st.host = "www." + dashSlug(st.parties[0].Name) + ".de"
		if st.parties[0].Kind == "stadt" || st.parties[0].Kind == "gemeinde" {
			st.host = "www." + dashSlug(st.parties[0].Short) + ".de"
		}
		if r.IntN(5) == 0 {
			st.urlDate = true
			path = "/presse/" + st.published.Format("2006/01/02") + "/" + dashSlug(title) + "-" + strconv.Itoa(idBase[LayoutMunicipal]+n) + "/"
		} else {
			path = "/aktuelles/pressemitteilungen/" + dashSlug(title) + "-" + strconv.Itoa(idBase[LayoutMunicipal]+n) + ".html"
		}
		if r.IntN(5) < 2 {
			m.Charset = "iso-8859-1"
		}
	case LayoutMinistry:
		st.host = "www." + dashSlug(st.land.Name) + ".de"
		path = "/presse/pm-" + strconv.Itoa(idBase[LayoutMinistry]+n) + "-" + dashSlug(title) + ".html"
	}
	m.Path = path
	m.URL = (&url.URL{Scheme: "https", Host: st.host, Path: path}).String()
	if m.Charset == "iso-8859-1" {
		title, kicker = latin1Safe(title), latin1Safe(kicker)
	}
	t := &m.Truth
	t.Site = strings.TrimPrefix(st.host, "www.")
	t.Title, t.Kicker = title, kicker
	if st.dated {
		t.Published = st.published.Format(time.DateOnly)
	}
	t.Cooperation = isCooperation(st.kind)
	t.Partners, t.People, t.Keywords = []Partner{}, []Person{}, []string{}
	if m.Layout == LayoutK21Legacy || m.Layout == LayoutK21Current {
		t.Keywords = keywords(st)
	}
	if t.Cooperation {
		t.Type = st.kind
		for _, p := range st.parties {
			t.Partners = append(t.Partners, Partner{Name: p.Name, Kind: p.Kind, State: p.Land})
		}
	}
	for _, p := range st.people {
		t.People = append(t.People, Person{Name: p.Name(), Role: p.Role, Org: p.Org.Name})
	}
	return st
}

// idBase offsets each layout's numeric article ID, so IDs look like the
// sites' own.
var idBase = map[string]int{
	LayoutK21Legacy: 30000, LayoutK21Current: 60000, LayoutNews: 90000000, LayoutMunicipal: 1000, LayoutMinistry: 500,
}

type newspaper struct{ host, name, short string }

// newspapers are invented regional papers.
var newspapers = []newspaper{
	{"www.kreisbote-online.de", "Kreisbote", "KB"},
	{"www.tageblatt-regional.de", "Regionales Tageblatt", "RT"},
	{"www.landeszeitung-nord.de", "Landeszeitung Nord", "LZN"},
	{"www.heimatanzeiger.de", "Heimat-Anzeiger", "HA"},
	{"www.rundschau-sued.de", "Rundschau Süd", "RS"},
}

var ministries = []string{"Ministerium des Innern und für Digitalisierung", "Staatskanzlei",
	"Ministerium für Digitales und Infrastruktur", "Finanzministerium", "Ministerium für Inneres und Kommunales"}

// castParties picks the bodies of the story: two to four from one Land
// for a cooperation (sometimes with the Land itself or its IT provider),
// one for anything else.
func (g *Generator) castParties(r *rand.Rand, st *story) {
	ld := st.land
	local := func() party {
		if len(ld.staedte) > 0 && (len(ld.kreise) == 0 || r.IntN(5) < 3) {
			// Bigger places are in the news more often.
			a, b := pick(r, ld.staedte), pick(r, ld.staedte)
			if b.pop > a.pop {
				return b
			}
			return a
		}
		return pick(r, ld.kreise)
	}
	add := func(p party) {
		for _, q := range st.parties {
			if q.Name == p.Name || q.Short == p.Short {
				return
			}
		}
		st.parties = append(st.parties, p)
	}
	providerOf := func() (party, bool) {
		if len(ld.provider) > 0 {
			return pick(r, ld.provider), true
		}
		return party{}, false
	}
	switch st.kind {
	case "founded", "extended", "planned":
		for want := 2 + r.IntN(3); len(st.parties) < want; {
			add(local())
			if r.IntN(8) == 0 { // guard against tiny pools
				break
			}
		}
		if len(st.parties) < 2 {
			add(ld.party)
		}
		if r.IntN(6) == 0 {
			add(ld.party)
		}
	case "joined", "ended":
		// A body joins or leaves an existing cooperation: of named members,
		// or of an IT provider that members carry.
		if p, ok := providerOf(); ok && r.IntN(2) == 0 {
			add(local())
			add(p)
			st.org = &st.parties[len(st.parties)-1]
		} else {
			for len(st.parties) < 3 {
				add(local())
				if r.IntN(8) == 0 {
					break
				}
			}
			if len(st.parties) < 2 {
				add(ld.party)
			}
		}
	default:
		add(local())
	}
}

// roles by kind of body, male and female.
var roles = map[string][][2]string{
	"stadt":            {{"Oberbürgermeister", "Oberbürgermeisterin"}, {"Bürgermeister", "Bürgermeisterin"}, {"Digitalisierungsdezernent", "Digitalisierungsdezernentin"}, {"Erster Stadtrat", "Erste Stadträtin"}},
	"gemeinde":         {{"Bürgermeister", "Bürgermeisterin"}},
	"landkreis":        {{"Landrat", "Landrätin"}, {"Erster Kreisrat", "Erste Kreisrätin"}, {"Kreisdirektor", "Kreisdirektorin"}},
	"land":             {{"Staatssekretär", "Staatssekretärin"}, {"Digitalminister", "Digitalministerin"}, {"CIO", "CIO"}},
	"it-dienstleister": {{"Geschäftsführer", "Geschäftsführerin"}, {"Vorstandsvorsitzender", "Vorstandsvorsitzende"}, {"Vorstand", "Vorständin"}},
}

func (g *Generator) castPeople(r *rand.Rand, st *story) {
	n := 1 + r.IntN(3)
	if !isCooperation(st.kind) {
		n = 1 // one body, one voice
	}
	used := map[string]bool{}
	for i := 0; i < n; i++ {
		org := &st.parties[i%len(st.parties)]
		rs := roles[org.Kind]
		if rs == nil {
			rs = roles["stadt"]
		}
		p := person{Female: r.IntN(2) == 0, Last: pick(r, surnames), Org: org}
		if p.Female {
			p.First = pick(r, g.pools.female)
		} else {
			p.First = pick(r, g.pools.male)
		}
		rp := pick(r, rs)
		p.Role = rp[0]
		if p.Female {
			p.Role = rp[1]
		}
		if used[p.Last] {
			continue
		}
		used[p.Last] = true
		st.people = append(st.people, p)
	}
}

// headline writes the title and kicker of the story.
func headline(r *rand.Rand, st *story) (title, kicker string) {
	ps := st.parties
	a := ps[0]
	var b party
	if len(ps) > 1 {
		b = ps[1]
	}
	t := st.topic
	switch st.kind {
	case "founded":
		title = pick(r, []string{
			a.Short + " und " + b.Short + " kooperieren bei " + t.Short,
			"Gemeinsame Sache bei " + t.Short,
			a.Short + " und " + b.Short + " unterzeichnen " + st.instrument,
			"Interkommunale Zusammenarbeit bei " + t.Short + " besiegelt",
			"Neue Allianz für " + t.Short,
		})
	case "joined":
		if st.org != nil {
			title = pick(r, []string{a.Short + " wechselt zu " + st.org.Short, a.Short + " wird Träger von " + st.org.Short, st.org.Short + " gewinnt " + a.Short + " als Kunden"})
		} else {
			title = pick(r, []string{"Kooperation um " + ps[len(ps)-1].Short + " erweitert", ps[len(ps)-1].Short + " schließt sich Verbund an", "Neuer Partner bei " + t.Short})
		}
	case "extended":
		title = pick(r, []string{a.Short + " und " + b.Short + " bauen Zusammenarbeit aus", "Kooperation bei " + t.Short + " verlängert", "Mehr gemeinsame Dienste für " + a.Short + " und " + b.Short})
	case "ended":
		if st.org != nil {
			title = pick(r, []string{a.Short + " verlässt " + st.org.Short, a.Short + " kündigt Vertrag mit " + st.org.Short})
		} else {
			title = pick(r, []string{"Aus für gemeinsames " + t.Short, ps[len(ps)-1].Short + " steigt aus Kooperation aus"})
		}
	case "planned":
		title = pick(r, []string{a.Short + " und " + b.Short + " planen Kooperation", "Gemeinsames " + t.Short + " geplant", a.Short + " und " + b.Short + " wollen enger zusammenarbeiten"})
	case "portal":
		title = pick(r, []string{a.Short + " startet neues Serviceportal", "Neues Bürgerportal für " + a.Short, a.Short + " schaltet " + t.Short + " frei", "Online-Dienste in " + a.Short + " ausgebaut"})
	case "personnel":
		p := st.people[0]
		title = pick(r, []string{p.Name() + " wird neue Spitze der Digitalisierung", "Neue Leitung für die IT in " + a.Short, "Wechsel an der Spitze: " + p.Name() + " übernimmt"})
		if !p.Female {
			title = strings.Replace(title, "neue Spitze", "neuer Leiter", 1)
		}
	case "product":
		title = pick(r, []string{t.Short + " in " + a.Short + " eingeführt", a.Short + " setzt auf " + t.Short, "Pilotprojekt: " + t.Short + " in " + a.Short})
	case "opinion":
		title = pick(r, []string{"Warum die Verwaltung mehr Mut braucht", "Digitalisierung ist kein Selbstzweck", "Die Kommunen nicht allein lassen", "Mehr Tempo beim " + t.Short})
	case "event":
		title = pick(r, []string{"Digitaltag in " + a.Short + " gut besucht", "Fachtag " + t.Short + " in " + a.Short, "Zukunftskongress diskutiert " + t.Short})
	}
	switch r.IntN(3) {
	case 0:
		kicker = t.Kicker
	case 1:
		kicker = st.land.Name
	default:
		kicker = a.Short
	}
	if st.kind == "opinion" {
		kicker = "Kommentar"
	}
	return title, kicker
}

// plusSlug is Kommune21's legacy slug: the title's words joined with "+".
func plusSlug(title string) string {
	var b strings.Builder
	for i, w := range strings.Fields(title) {
		if i > 0 {
			b.WriteByte('+')
		}
		b.WriteString(strings.Map(func(r rune) rune {
			switch r {
			case '/', '?', '#', '%', '+', '&', '„', '“', '"', ':':
				return -1
			}
			return r
		}, w))
	}
	return b.String()
}

// dashSlug is a WordPress-style slug: lower case ASCII words joined by "-".
func dashSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		var rep string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			rep = string(r)
		case r == 'ä':
			rep = "ae"
		case r == 'ö':
			rep = "oe"
		case r == 'ü':
			rep = "ue"
		case r == 'ß':
			rep = "ss"
		default:
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(rep)
	}
	return b.String()
}

// germanDate formats t as "29. April 2021".
func germanDate(t time.Time) string {
	return fmt.Sprintf("%d. %s %d", t.Day(), months[t.Month()-1], t.Year())
}

var months = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}

var weekdays = []string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}

// latin1Safe replaces the characters ISO-8859-1 cannot hold with the ones
// such pages use instead.
func latin1Safe(s string) string {
	return latin1Replacer.Replace(s)
}

var latin1Replacer = strings.NewReplacer("„", "\"", "“", "\"", "”", "\"", "–", "-", "—", "-", "…", "...", "’", "'", "‚", "'", "‘", "'", "€", "Euro", "»", "»")

// escapePath escapes a path as the pages link it.
func escapePath(p string) string {
	u := url.URL{Path: p}
	return u.EscapedPath()
}
