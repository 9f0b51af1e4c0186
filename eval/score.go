package eval

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/coopwatch/coopwatch/extract"
)

// maxTitleExtra is how many characters (runes, after NFC and white space
// folding) a predicted title may have beyond the gold title it contains:
// room for a kicker or site name run into the title, as README.md allows.
const maxTitleExtra = 40

// result is what the extractor answered for one gold entry.
type result struct {
	art extract.Article
	err error // non-nil when the page could not be read or extracted
}

// Score scores arts against golds, arts[i] answering golds[i]. It is pure:
// no I/O. Golds are expected to pass (Gold).Validate (LoadGold ensures it).
// A gold entry without an article (arts shorter than golds) counts as a
// failed page; articles beyond len(golds) are ignored.
func Score(golds []Gold, arts []extract.Article) Report {
	results := make([]result, len(golds))
	for i := range golds {
		if i < len(arts) {
			results[i] = result{art: arts[i]}
		} else {
			results[i] = result{err: fmt.Errorf("no article given")}
		}
	}
	return score(golds, results)
}

// counts are the true and false positives and false negatives of a set
// comparison.
type counts struct{ tp, fp, fn int }

// ratio is a count of correct items out of n.
type ratio struct{ correct, n int }

func (r *ratio) add(ok bool) {
	r.n++
	if ok {
		r.correct++
	}
}

// tally accumulates the counts of all pages.
type tally struct {
	partners, people, keywords                  counts
	kind, role, published, coop, title, evTypes ratio
}

// page scores one article against its gold, adding to a tally and
// collecting misses.
type page struct {
	t      *tally
	ref    string
	misses []Miss
}

func (p *page) miss(field, expected, got string) {
	p.misses = append(p.misses, Miss{Article: p.ref, Field: field, Expected: expected, Got: got})
}

// failedGot is what a miss shows as the extracted value of a failed page.
const failedGot = "(page failed)"

func score(golds []Gold, results []result) Report {
	var t tally
	r := Report{Pages: len(golds), Misses: []Miss{}}
	for i, g := range golds {
		ref := g.Ref()
		if ref == "" {
			ref = fmt.Sprintf("entry %d", i)
		}
		p := page{t: &t, ref: ref}
		res := results[i]
		failed := res.err != nil
		if failed {
			r.Failed++
			p.miss("page", "an article", res.err.Error())
			// Scored as an empty article, with every single-valued field
			// forced wrong: a failed page must not earn "published: null"
			// or "cooperation: false" by accident.
			res.art = extract.Article{}
		}
		p.partners(g, res.art)
		p.people(g, res.art)
		p.published(g, res.art, failed)
		p.cooperation(g, res.art, failed)
		p.title(g, res.art, failed)
		p.keywords(g, res.art)
		p.eventTypes(g, res.art, failed)
		r.Misses = append(r.Misses, p.misses...)
	}
	r.Metrics = t.metrics()
	return r
}

func (t *tally) metrics() []Metric {
	prf := func(prefix string, c counts) []Metric {
		return []Metric{
			{Name: prefix + "_precision", TP: c.tp, FP: c.fp, N: c.tp + c.fp, Value: div(c.tp, c.tp+c.fp)},
			{Name: prefix + "_recall", TP: c.tp, FN: c.fn, N: c.tp + c.fn, Value: div(c.tp, c.tp+c.fn)},
			{Name: prefix + "_f1", TP: c.tp, FP: c.fp, FN: c.fn, N: c.tp + c.fp + c.fn, Value: div(2*c.tp, 2*c.tp+c.fp+c.fn)},
		}
	}
	acc := func(name string, r ratio) Metric {
		return Metric{Name: name, Correct: r.correct, N: r.n, Value: div(r.correct, r.n)}
	}
	var ms []Metric
	ms = append(ms, prf("partners", t.partners)...)
	ms = append(ms, acc(PartnerKindAccuracy, t.kind))
	ms = append(ms, prf("people", t.people)...)
	ms = append(ms, acc(RoleAccuracy, t.role))
	ms = append(ms, acc(PublishedAccuracy, t.published), acc(CooperationAccuracy, t.coop), acc(TitleAccuracy, t.title))
	ms = append(ms, prf("keywords", t.keywords)...)
	ms = append(ms, acc(EventTypeAccuracy, t.evTypes))
	return ms
}

// div returns a/b, and 0 when b is 0 (the metric is then undefined, N = 0).
// One division of the integers keeps the value correctly rounded, so 19/20
// equals the threshold 0.95 exactly.
func div(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// partners scores the union of the events' partners. Each predicted name
// is resolved to a gold partner (required or optional) by resolvePartner;
// a gold partner counts once, however many predicted names resolve to it,
// and the first of them gives the kind. Names that resolve to none are
// false positives, deduplicated by PartnerKey.
func (p *page) partners(g Gold, a extract.Article) {
	idx := newPartnerIndex(g)
	matchedBy := make([]string, len(g.Partners)) // predicted name that matched each required partner
	seen := map[string]bool{}                    // nameKey of predicted names
	unmatched := map[string]bool{}               // PartnerKey of false positives
	var fps, kinds []Miss
	for _, e := range a.Events {
		for _, pp := range e.Partners {
			full := nameKey(pp.Name)
			if full == "" || seen[full] {
				continue
			}
			seen[full] = true
			i := idx.resolve(pp, matchedBy)
			switch {
			case i < 0:
				k := PartnerKey(pp.Name)
				if unmatched[k] {
					continue
				}
				unmatched[k] = true
				p.t.partners.fp++
				fps = append(fps, Miss{Field: "partners", Got: pp.Name})
			case i >= len(g.Partners):
				// An optional partner: neither rewarded nor penalised.
			case matchedBy[i] != "":
				// The same body again under another name: it counts once.
			default:
				matchedBy[i] = pp.Name
				p.t.partners.tp++
				gp := g.Partners[i]
				p.t.kind.add(pp.Kind == gp.Kind)
				if pp.Kind != gp.Kind {
					kinds = append(kinds, Miss{Field: "partner_kind", Expected: fmt.Sprintf("%s: %s", gp.Name, gp.Kind), Got: fmt.Sprintf("%s: %s", pp.Name, pp.Kind)})
				}
			}
		}
	}
	for i, gp := range g.Partners {
		if matchedBy[i] == "" {
			p.t.partners.fn++
			p.miss("partners", gp.Name, "")
		}
	}
	p.add(fps)
	p.add(kinds)
}

// partnerIndex finds the gold partners a predicted name may stand for.
// Indexes run over the required partners, then the optional ones.
type partnerIndex struct {
	all    []GoldPartner
	byName map[string]int   // nameKey of a name or alias → partner
	byKey  map[string][]int // PartnerKey of a name or alias → partners, in gold order
}

func newPartnerIndex(g Gold) partnerIndex {
	idx := partnerIndex{
		all:    append(slices.Clip(g.Partners), g.OptionalPartners...),
		byName: map[string]int{},
		byKey:  map[string][]int{},
	}
	for i, gp := range idx.all {
		for _, n := range append([]string{gp.Name}, gp.Aliases...) {
			idx.byName[nameKey(n)] = i
			if k := PartnerKey(n); !slices.Contains(idx.byKey[k], i) {
				idx.byKey[k] = append(idx.byKey[k], i)
			}
		}
	}
	return idx
}

// resolve returns the gold partner pp names, or -1. A name or alias equal
// to pp's name without removing the kind word wins ("Stadt Görlitz" is the
// city even when the gold also has "Landkreis Görlitz"). Otherwise the
// gold partners whose key equals pp's key are the candidates: one is the
// answer; of several (a city and the Landkreis named after it, and pp
// "Görlitz"), the first not yet matched of pp's kind, then the first of
// pp's kind, then the first not yet matched, then the first.
func (idx partnerIndex) resolve(pp extract.Partner, matchedBy []string) int {
	if i, ok := idx.byName[nameKey(pp.Name)]; ok {
		return i
	}
	cands := idx.byKey[PartnerKey(pp.Name)]
	if len(cands) <= 1 {
		if len(cands) == 0 {
			return -1
		}
		return cands[0]
	}
	free := func(i int) bool { return i >= len(matchedBy) || matchedBy[i] == "" }
	sameKind := func(i int) bool { return idx.all[i].Kind == pp.Kind }
	for _, want := range []func(int) bool{
		func(i int) bool { return sameKind(i) && free(i) },
		sameKind,
		free,
	} {
		for _, i := range cands {
			if want(i) {
				return i
			}
		}
	}
	return cands[0]
}

// add appends misses that were collected without the article's ref.
func (p *page) add(ms []Miss) {
	for _, m := range ms {
		p.miss(m.Field, m.Expected, m.Got)
	}
}

// people scores the union of the top-level people and the events' people,
// deduplicated by PersonKey; a person's role is the first non-empty role
// among its occurrences, top-level people first.
func (p *page) people(g Gold, a extract.Article) {
	const (
		required = iota
		optional
		forbidden
	)
	type ref struct{ list, i int }
	owner := map[string]ref{}
	for i, gp := range g.People {
		owner[PersonKey(gp.Name)] = ref{required, i}
	}
	for i, gp := range g.OptionalPeople {
		owner[PersonKey(gp.Name)] = ref{optional, i}
	}
	for i, n := range g.NotPeople {
		owner[PersonKey(n)] = ref{forbidden, i}
	}

	var order []string
	preds := map[string]*extract.Person{}
	collect := func(ps []extract.Person) {
		for _, pp := range ps {
			k := PersonKey(pp.Name)
			if k == "" {
				continue
			}
			if q, ok := preds[k]; ok {
				if q.Role == "" {
					q.Role = pp.Role
				}
				continue
			}
			preds[k] = &pp
			order = append(order, k)
		}
	}
	collect(a.People)
	for _, e := range a.Events {
		collect(e.People)
	}

	matched := make([]bool, len(g.People))
	var fps, roles []Miss
	for _, k := range order {
		pp := preds[k]
		o, ok := owner[k]
		switch {
		case !ok:
			p.t.people.fp++
			fps = append(fps, Miss{Field: "people", Got: pp.Name})
		case o.list == forbidden:
			p.t.people.fp++
			fps = append(fps, Miss{Field: "not_people", Got: pp.Name})
		case o.list == optional:
			// neither rewarded nor penalised
		default:
			// Keys are unique, so each gold person is matched at most once.
			matched[o.i] = true
			p.t.people.tp++
			gp := g.People[o.i]
			ok := rolesAgree(gp.Role, pp.Role)
			p.t.role.add(ok)
			if !ok {
				roles = append(roles, Miss{Field: "role", Expected: fmt.Sprintf("%s: %s", gp.Name, gp.Role), Got: fmt.Sprintf("%s: %s", pp.Name, pp.Role)})
			}
		}
	}
	for i, gp := range g.People {
		if !matched[i] {
			p.t.people.fn++
			p.miss("people", gp.Name, "")
		}
	}
	p.add(fps)
	p.add(roles)
}

func (p *page) published(g Gold, a extract.Article, failed bool) {
	ok := !failed && a.Published == g.Published
	p.t.published.add(ok)
	if !ok {
		p.miss("published", dateText(g.Published), got(dateText(a.Published), failed))
	}
}

func dateText(d extract.Date) string {
	if d == "" {
		return "null"
	}
	return string(d)
}

// got returns s, or failedGot for a failed page.
func got(s string, failed bool) string {
	if failed {
		return failedGot
	}
	return s
}

func (p *page) cooperation(g Gold, a extract.Article, failed bool) {
	ok := !failed && a.Cooperation == g.Cooperation
	p.t.coop.add(ok)
	if !ok {
		p.miss("cooperation", fmt.Sprint(g.Cooperation), got(fmt.Sprint(a.Cooperation), failed))
	}
}

// title: the gold title, NFC and white space folded, must be contained in
// the predicted one, which may be at most maxTitleExtra characters longer.
// Case counts: a title is text, not a name.
func (p *page) title(g Gold, a extract.Article, failed bool) {
	want, have := fold(g.Title), fold(a.Title)
	ok := !failed && strings.Contains(have, want) &&
		utf8.RuneCountInString(have)-utf8.RuneCountInString(want) <= maxTitleExtra
	p.t.title.add(ok)
	if !ok {
		p.miss("title", g.Title, got(a.Title, failed))
	}
}

// keywords compares sets of tags, NFC and white space folded, case kept;
// entries whose gold keywords are null are not scored.
func (p *page) keywords(g Gold, a extract.Article) {
	if g.Keywords == nil {
		return
	}
	want := map[string]bool{}
	for _, k := range *g.Keywords {
		want[fold(k)] = true
	}
	have := map[string]bool{}
	var fps []Miss
	for _, k := range a.Keywords {
		k = fold(k)
		if k == "" || have[k] {
			continue
		}
		have[k] = true
		if want[k] {
			p.t.keywords.tp++
		} else {
			p.t.keywords.fp++
			fps = append(fps, Miss{Field: "keywords", Got: k})
		}
	}
	done := map[string]bool{}
	for _, k := range *g.Keywords {
		k = fold(k)
		if !have[k] && !done[k] {
			done[k] = true
			p.t.keywords.fn++
			p.miss("keywords", k, "")
		}
	}
	p.add(fps)
}

// eventTypes: correct when every gold type is the type of some predicted
// event; with no gold types (an article that is not about a cooperation),
// correct when there are no events.
func (p *page) eventTypes(g Gold, a extract.Article, failed bool) {
	var have []string
	for _, e := range a.Events {
		if !slices.Contains(have, string(e.Type)) {
			have = append(have, string(e.Type))
		}
	}
	ok := len(g.EventTypes) == 0 && len(a.Events) == 0
	if len(g.EventTypes) > 0 {
		ok = true
		for _, t := range g.EventTypes {
			if !slices.Contains(have, string(t)) {
				ok = false
			}
		}
	}
	ok = ok && !failed
	p.t.evTypes.add(ok)
	if !ok {
		want := make([]string, len(g.EventTypes))
		for i, t := range g.EventTypes {
			want[i] = string(t)
		}
		p.miss("event_types", typesText(want), got(typesText(have), failed))
	}
}

func typesText(ts []string) string {
	if len(ts) == 0 {
		return "(no events)"
	}
	return strings.Join(ts, ", ")
}
