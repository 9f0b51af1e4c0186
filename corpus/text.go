package corpus

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// article is the text of a story: a lead, paragraphs and crossheads.
type article struct {
	lead  string
	paras []string
	heads map[int]string // crosshead before paragraph i
}

// names joins the nominatives of ps: "die Stadt A, der Landkreis B und das Land C".
func names(ps []party, form func(party) string) string {
	var b strings.Builder
	for i, p := range ps {
		switch {
		case i == 0:
		case i == len(ps)-1:
			b.WriteString(" und ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(form(p))
	}
	return b.String()
}

func nom(p party) string { return p.nom }
func dat(p party) string { return p.dat }

func capFirst(s string) string {
	if s == "" {
		return s
	}
	for i := range s {
		if i > 0 {
			return strings.ToUpper(s[:i]) + s[i:]
		}
	}
	return strings.ToUpper(s)
}

// when is a date phrase of the event, relative to the publication day.
func (st *story) when(r *rand.Rand) string {
	d := st.published.AddDate(0, 0, -1-r.IntN(20))
	switch r.IntN(4) {
	case 0:
		return "am " + strconv.Itoa(d.Day()) + ". " + months[d.Month()-1]
	case 1:
		return "im " + months[d.Month()-1] + " " + strconv.Itoa(d.Year())
	case 2:
		return "vergangene Woche"
	}
	return "am " + weekdays[d.Weekday()]
}

// deck deals context sentences without repeating one within an article.
type deck struct {
	r     *rand.Rand
	order []int
	told  map[string]bool // bodies whose population the text gave
}

func (d *deck) next() string {
	if len(d.order) == 0 {
		d.order = d.r.Perm(len(context))
	}
	s := context[d.order[0]]
	d.order = d.order[1:]
	return s
}

// write makes the article text of st with r (stream 1).
func (st *story) write(r *rand.Rand) article {
	a := article{heads: map[int]string{}}
	d := &deck{r: r}
	ps, t := st.parties, st.topic
	p0 := ps[0]
	var lead, event []string
	switch st.kind {
	case "founded":
		lead = append(lead, pick(r, []string{
			capFirst(names(ps, nom)) + " wollen künftig bei " + t.Gen + " zusammenarbeiten.",
			capFirst(names(ps, nom)) + " haben eine " + st.instrument + " unterzeichnet, um " + t.Purpose + ".",
			"Bei " + t.Gen + " gehen " + names(ps, nom) + " künftig gemeinsame Wege.",
		}))
		event = append(event, pick(r, []string{
			"Die " + st.instrument + " wurde " + st.when(r) + " im Rathaus von " + p0.Short + " unterzeichnet.",
			capFirst(names(ps, nom)) + " haben " + st.when(r) + " eine " + st.instrument + " geschlossen.",
			"Mit der " + st.instrument + ", die " + st.when(r) + " unterzeichnet wurde, verpflichten sich die Partner, " + t.Purpose + ".",
		}))
	case "joined":
		nw := ps[len(ps)-1]
		if st.org != nil {
			nw = ps[0]
			lead = append(lead, capFirst(nw.nom)+" ist "+st.org.dat+" als Träger beigetreten und bezieht künftig "+t.Akk+" von dort.")
			event = append(event, "Der Beitritt "+nw.gen+" wurde "+st.when(r)+" mit der Unterzeichnung einer "+st.instrument+" besiegelt.")
		} else {
			members := ps[:len(ps)-1]
			lead = append(lead, "Bereits seit einiger Zeit arbeiten "+names(members, nom)+" bei "+t.Gen+" zusammen. Nun hat sich "+nw.nom+" der Kooperation angeschlossen.")
			event = append(event, capFirst(nw.nom)+" ist der Kooperation "+st.when(r)+" als weiterer Partner beigetreten.")
		}
	case "extended":
		lead = append(lead, capFirst(names(ps, nom))+" bauen ihre Zusammenarbeit aus: Neben dem bisherigen Austausch sollen künftig auch Leistungen "+t.Gen+" gemeinsam erbracht werden.")
		event = append(event, "Die bestehende "+st.instrument+" wurde "+st.when(r)+" um fünf Jahre verlängert und inhaltlich erweitert.")
	case "ended":
		if st.org != nil {
			lead = append(lead, capFirst(p0.nom)+" beendet die Zusammenarbeit mit "+st.org.dat+". Zum Jahresende wechselt die Verwaltung zu einem anderen Anbieter.")
			event = append(event, "Der Kreistag hatte die Kündigung des Vertrags mit "+st.org.dat+" "+st.when(r)+" beschlossen.")
		} else {
			gone := ps[len(ps)-1]
			lead = append(lead, capFirst(gone.nom)+" steigt aus der Kooperation "+t.Gen+" aus, die es bislang mit "+names(ps[:len(ps)-1], dat)+" gab.")
			event = append(event, capFirst(gone.nom)+" hat die "+st.instrument+" "+st.when(r)+" fristgerecht gekündigt.")
		}
	case "planned":
		lead = append(lead, capFirst(names(ps, nom))+" wollen künftig enger zusammenarbeiten. Ziel ist es, "+t.Purpose+".")
		event = append(event, "Eine entsprechende "+st.instrument+" soll im kommenden Jahr unterzeichnet werden; die Gremien müssen noch zustimmen.")
	case "portal":
		lead = append(lead, capFirst(p0.nom)+" hat ein neues Serviceportal freigeschaltet. Bürgerinnen und Bürger können dort rund um die Uhr Anträge stellen.")
	case "personnel":
		pp := st.people[0]
		lead = append(lead, pp.Name()+" ist neue"+ifs(!pp.Female, "r", "")+" "+pp.Role+" "+pp.Org.gen+". "+ifs(pp.Female, "Sie", "Er")+" folgt auf eine Amtsinhaberin, die in den Ruhestand gegangen ist.")
	case "product":
		lead = append(lead, capFirst(p0.nom)+" setzt ab sofort auf "+t.Akk+". Nach einer Pilotphase stehen die Funktionen allen Fachbereichen zur Verfügung.")
	case "opinion":
		lead = append(lead, "Die Digitalisierung der Verwaltung kommt voran, aber zu langsam. Es fehlt nicht an Ideen, sondern an Mut zur Vereinfachung.")
	case "event":
		lead = append(lead, "Rund "+strconv.Itoa(80+r.IntN(400))+" Besucherinnen und Besucher kamen zum Fachtag nach "+p0.Short+", um sich über "+t.Akk+" zu informieren.")
	}
	a.lead = strings.Join(lead, " ")

	var paras []string
	if len(event) > 0 {
		paras = append(paras, strings.Join(append(event, d.next()), " "))
	}
	for _, pp := range st.people {
		paras = append(paras, st.quote(r, d, pp))
	}
	for k := 2 + r.IntN(4); k > 0; k-- {
		paras = append(paras, st.background(r, d))
	}
	if isCooperation(st.kind) {
		paras = append(paras, pick(r, outlook))
	}
	r.Shuffle(len(paras)-1, func(i, j int) { paras[i+1], paras[j+1] = paras[j+1], paras[i+1] })
	a.paras = paras
	if len(paras) > 3 && r.IntN(2) == 0 {
		a.heads[2] = pick(r, crossheads)
	}
	return a
}

func ifs(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// quote is a paragraph in which p speaks.
func (st *story) quote(r *rand.Rand, d *deck, p person) string {
	q := pick(r, quotes)
	switch r.IntN(3) {
	case 0:
		return "„" + q + "“, sagte " + p.Role + " " + p.Name() + ". " + d.next()
	case 1:
		return capFirst(p.Org.nom) + " sieht darin einen wichtigen Schritt. " + p.Name() + ", " + p.Role + " " + p.Org.gen + ", betont: „" + q + "“"
	}
	return "„" + q + "“, erklärt " + p.Name() + ", " + p.Role + " " + p.Org.gen + ". Jeder Partner bringe eigene Erfahrungen ein."
}

// background is a paragraph of context about the bodies and the topic.
func (st *story) background(r *rand.Rand, d *deck) string {
	p := pick(r, st.parties)
	var s []string
	if p.pop > 0 && !d.told[p.Name] {
		if d.told == nil {
			d.told = map[string]bool{}
		}
		d.told[p.Name] = true
		s = append(s, capFirst(p.nom)+" hat rund "+thousands(p.pop)+" Einwohnerinnen und Einwohner.")
	}
	for k := 2 + r.IntN(3); k > 0; k-- {
		s = append(s, d.next())
	}
	s = append(s, strings.ReplaceAll(pick(r, topicLines), "%s", st.topic.Akk))
	return strings.Join(s, " ")
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

var quotes = []string{
	"Gemeinsam sind wir schneller und können die Kosten auf mehrere Schultern verteilen",
	"Die Bürgerinnen und Bürger erwarten zu Recht, dass Verwaltung digital funktioniert",
	"Wir wollen nicht warten, bis andere fertig sind, sondern unsere Erfahrungen einbringen",
	"Das Projekt zeigt, was möglich ist, wenn Kommunen an einem Strang ziehen",
	"Fachkräfte sind knapp, deshalb müssen wir unsere Kräfte bündeln",
	"Wir haben in den vergangenen Monaten viel gelernt und gehen den nächsten Schritt",
	"Für die Beschäftigten bedeutet das weniger Papier und mehr Zeit für die eigentliche Arbeit",
	"Am Ende zählt, dass die Lösung im Alltag funktioniert",
}

var context = []string{
	"Die Kosten für Einführung und Betrieb werden nach Einwohnerzahl aufgeteilt.",
	"Eine gemeinsame Projektgruppe soll bis zum Sommer einen Zeitplan vorlegen.",
	"Die Beschäftigten wurden frühzeitig in die Planung einbezogen.",
	"Das Land fördert das Vorhaben aus Mitteln der Digitalisierungsstrategie.",
	"Erste Ergebnisse sollen bereits im kommenden Frühjahr vorliegen.",
	"Die Datenschutzbeauftragten der Verwaltungen haben das Konzept geprüft.",
	"Für die technische Umsetzung ist ein externer Dienstleister beauftragt worden.",
	"Bislang hatte jede Verwaltung eigene Lösungen betrieben.",
	"Die Anträge können künftig auch mit dem Smartphone gestellt werden.",
	"Über die Einzelheiten hatten die Gremien bereits im Frühjahr beraten.",
	"Die Schnittstellen zu den Fachverfahren sollen schrittweise angebunden werden.",
	"Nach Angaben der Verwaltung wurden im vergangenen Jahr mehr als 40.000 Vorgänge bearbeitet.",
	"Der Haushalt sieht dafür in den kommenden drei Jahren insgesamt 1,2 Millionen Euro vor.",
	"Schulungen für die Mitarbeitenden beginnen im Herbst.",
	"Ein Lenkungskreis mit Vertretern aller Beteiligten steuert das Vorhaben.",
	"Der Start war ursprünglich schon für das Frühjahr geplant gewesen.",
	"Die Verwaltung rechnet damit, dass sich der Aufwand nach spätestens drei Jahren auszahlt.",
	"Auch die Personalräte haben der Vereinbarung zugestimmt.",
	"Die Bürgerinnen und Bürger sollen von kürzeren Bearbeitungszeiten profitieren.",
	"Die technische Infrastruktur stellt ein kommunales Rechenzentrum bereit.",
	"Mit dem Projekt betreten die Beteiligten in der Region Neuland.",
	"Die Ausschreibung für die Software soll noch in diesem Jahr veröffentlicht werden.",
	"Ein erster Prototyp wurde bereits im Sommer in zwei Fachbereichen getestet.",
	"Kritik kam zuletzt vor allem an der langen Dauer der Abstimmungen.",
	"Die Vertreterinnen und Vertreter der Fraktionen hatten dem Vorhaben einstimmig zugestimmt.",
	"Dabei sollen auch die Erfahrungen anderer Länder berücksichtigt werden.",
	"Die Umstellung soll im laufenden Betrieb erfolgen, ohne dass Bürgerbüros schließen müssen.",
	"Die Papierakten der vergangenen zehn Jahre werden nach und nach digitalisiert.",
	"Für Fragen hat die Verwaltung eine eigene Servicenummer eingerichtet.",
	"Einen festen Termin für den Abschluss des Projekts gibt es noch nicht.",
}

var topicLines = []string{
	"Bei dem Vorhaben geht es um %s; viele Verwaltungen stehen derzeit vor ähnlichen Aufgaben.",
	"Gerade bei Projekten wie diesem zeige sich, wie wichtig Standards und offene Schnittstellen seien.",
	"Fachleute sehen %s als Baustein für eine moderne, bürgernahe Verwaltung.",
	"Die Erfahrungen sollen später auch anderen Kommunen zur Verfügung stehen.",
}

var outlook = []string{
	"Weitere Kommunen aus der Region haben bereits Interesse signalisiert, sich der Zusammenarbeit anzuschließen.",
	"Die Vereinbarung gilt zunächst für fünf Jahre und verlängert sich automatisch, wenn niemand kündigt.",
	"Ende kommenden Jahres wollen die Partner eine erste Bilanz ziehen.",
}

var crossheads = []string{"Kosten werden geteilt", "Zeitplan steht", "Weitere Partner willkommen", "Erfahrungen aus der Praxis", "Was sich für Bürger ändert"}
