package index

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/coopwatch/coopwatch/extract"
)

// SearchTestCorpus is searchTestCorpus for the black-box tests.
var SearchTestCorpus = searchTestCorpus

// Vocabulary of searchTestCorpus: a few words in most articles (so that
// queries match most of the corpus, as "Verwaltung" does in the real one),
// others rarer.
var (
	corpusCommon = strings.Fields("Verwaltung Kommune Digitalisierung Land")
	corpusWords  = strings.Fields(`Kooperation Landkreis Zweckverband Rechenzentrum Serviceportal Datenschutz
Vereinbarung Zusammenarbeit Fachverfahren Schnittstelle Plattform Ministerium Dienstleister Breitband Schulen
Förderung Bürgerservice Kreisverwaltung Projekt gemeinsam Betrieb Infrastruktur Cloud Sicherheit Netzwerk`)
	corpusStates = []string{"Niedersachsen", "Bayern", "Hessen", "Sachsen", "Brandenburg"}
	corpusSites  = []string{"kommune21.de", "egovernment.de", "behoerden-spiegel.de"}
	corpusKinds  = []extract.PartnerKind{extract.KindLandkreis, extract.KindStadt, extract.KindGemeinde, extract.KindLand}
	corpusTypes  = []extract.EventType{extract.Founded, extract.Joined, extract.Extended, extract.Ended, extract.Planned}
)

// searchTestCorpus returns n articles, deterministic for seed, made to
// test the order of hits: many share a publication day, some are dated
// only by month or year (indexed at its first day, so they tie with
// articles of that day), about one in eight has no date; texts repeat
// words so that scores tie too.
func searchTestCorpus(n int, seed uint64) []extract.Article {
	r := rand.New(rand.NewPCG(seed, 7))
	base := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	arts := make([]extract.Article, n)
	for i := range arts {
		var text strings.Builder
		for w := range 10 + r.IntN(40) {
			if w > 0 {
				text.WriteByte(' ')
			}
			if r.IntN(4) == 0 {
				text.WriteString(corpusCommon[r.IntN(len(corpusCommon))])
			} else {
				text.WriteString(corpusWords[r.IntN(len(corpusWords))])
			}
		}
		var published extract.Date
		switch d := base.AddDate(0, 0, r.IntN(600)*3); r.IntN(16) {
		case 0, 1:
		case 2:
			published = extract.Date(d.Format("2006-01"))
		case 3:
			published = extract.Date(d.Format("2006"))
		default:
			published = extract.DayOf(d)
		}
		u := fmt.Sprintf("https://www.%s/meldung_%d_%d.html", corpusSites[i%len(corpusSites)], seed, i)
		state := corpusStates[r.IntN(len(corpusStates))]
		a := extract.Article{
			URL: u, Site: corpusSites[i%len(corpusSites)], Published: published,
			Title:    corpusWords[r.IntN(len(corpusWords))] + " in " + state,
			Kicker:   corpusWords[r.IntN(len(corpusWords))],
			Keywords: []string{corpusWords[r.IntN(len(corpusWords))]},
			Text:     text.String(),
		}
		if r.IntN(3) > 0 {
			a.Cooperation = true
			evidence := fmt.Sprintf("Die Partner %d arbeiten zusammen.", i)
			e := extract.Event{
				ID: extract.NewEventID(u, evidence), Type: corpusTypes[r.IntN(len(corpusTypes))], Evidence: []string{evidence},
				Confidence: 0.5,
			}
			for range 1 + r.IntN(3) {
				k := corpusKinds[r.IntN(len(corpusKinds))]
				e.Partners = append(e.Partners, extract.Partner{
					Name: fmt.Sprintf("%s %d", strings.ToUpper(string(k[:1]))+string(k[1:]), r.IntN(60)), Kind: k, State: state,
				})
			}
			if r.IntN(4) == 0 {
				e.People = []extract.Person{{Name: fmt.Sprintf("Person %d", r.IntN(30))}}
			}
			a.Events = []extract.Event{e}
		}
		arts[i] = a
	}
	return arts
}
