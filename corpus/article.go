package corpus

import (
	"strings"
	"time"

	"github.com/coopwatch/coopwatch/extract"
)

// Article returns the article page n reports, as a perfect extractor would
// return it: title, kicker, date, keywords, the text (lead and paragraphs),
// and for a cooperation one event with its partners, people and the lead
// as evidence. It costs a fraction of a millisecond, so index and search
// benchmarks can fill an index with hundreds of thousands of articles
// without extracting them. The result passes Validate.
func (g *Generator) Article(n int) extract.Article {
	st := g.story(n)
	art := st.write(g.rng(n, 1))
	m, t := st.meta, st.meta.Truth
	paras := append([]string{art.lead}, art.paras...)
	if m.Charset == "iso-8859-1" {
		for i := range paras {
			paras[i] = latin1Safe(paras[i])
		}
	}
	a := extract.Article{
		URL: m.URL, Site: t.Site, Title: t.Title, Kicker: t.Kicker,
		Published: extract.Date(t.Published), Keywords: append([]string{}, t.Keywords...),
		Text: strings.Join(paras, "\n\n"), Cooperation: t.Cooperation, FetchedAt: m.FetchedAt,
	}
	for _, p := range t.People {
		a.People = append(a.People, extract.Person{Name: p.Name, Role: p.Role, Org: p.Org})
	}
	if t.Cooperation {
		evidence := paras[0]
		if i := strings.Index(evidence, ". "); i > 0 {
			evidence = evidence[:i+1]
		}
		e := extract.Event{
			ID: extract.NewEventID(m.URL, evidence), Type: extract.EventType(t.Type),
			People: append([]extract.Person{}, a.People...), Instrument: st.instrument,
			Topics: []string{st.topic.Short}, Evidence: []string{evidence}, Confidence: 0.8,
		}
		if pub, err := time.Parse(time.DateOnly, t.Published); err == nil {
			e.Date = extract.Date(pub.Format("2006-01"))
		}
		for _, p := range t.Partners {
			e.Partners = append(e.Partners, extract.Partner{Name: p.Name, Kind: extract.PartnerKind(p.Kind), State: p.State, Role: extract.RoleMember})
		}
		a.Events = []extract.Event{e}
	}
	a.Normalize()
	return a
}
