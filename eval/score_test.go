package eval_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/eval"
	"github.com/coopwatch/coopwatch/extract"
)

// nfd is "Gießen"-style text in decomposed form: "u" + U+0308 instead of "ü".
const (
	wuerttembergNFC = "Baden-Württemberg"
	wuerttembergNFD = "Baden-Wu\u0308rttemberg"
)

// baseGold is a cooperation article with one event type and nothing else;
// cases fill in what they test.
func baseGold() eval.Gold {
	return eval.Gold{
		File:        "pages/a.html",
		Title:       "Kooperation erweitert",
		Published:   "2021-04-29",
		Cooperation: true,
		EventTypes:  []extract.EventType{extract.Joined},
	}
}

// baseArticle answers baseGold correctly.
func baseArticle(partners []extract.Partner, people ...extract.Person) extract.Article {
	return extract.Article{
		Title:       "Kooperation erweitert",
		Published:   "2021-04-29",
		Cooperation: true,
		Events:      []extract.Event{{Type: extract.Joined, Partners: partners}},
		People:      people,
	}
}

func byName(r eval.Report) map[string]eval.Metric {
	m := map[string]eval.Metric{}
	for _, x := range r.Metrics {
		m[x.Name] = x
	}
	return m
}

// pick returns the named metrics of r.
func pick(r eval.Report, names ...string) []eval.Metric {
	all := byName(r)
	out := make([]eval.Metric, len(names))
	for i, n := range names {
		out[i] = all[n]
	}
	return out
}

// missesOf returns the misses of r in the given fields.
func missesOf(r eval.Report, fields ...string) []eval.Miss {
	var out []eval.Miss
	for _, m := range r.Misses {
		for _, f := range fields {
			if m.Field == f {
				out = append(out, m)
			}
		}
	}
	return out
}

func TestScorePartners(t *testing.T) {
	gifhorn := eval.GoldPartner{Name: "Landkreis Gifhorn", Aliases: []string{"Kreis Gifhorn"}, Kind: extract.KindLandkreis}
	wolfsburg := eval.GoldPartner{Name: "Stadt Wolfsburg", Aliases: []string{"VW-Stadt"}, Kind: extract.KindStadt}
	giessen := eval.GoldPartner{Name: "Stadt Gießen", Aliases: []string{"Giessen"}, Kind: extract.KindStadt}
	bw := eval.GoldPartner{Name: wuerttembergNFC, Kind: extract.KindLand}
	lkGoerlitz := eval.GoldPartner{Name: "Landkreis Görlitz", Aliases: []string{"Kreis Görlitz"}, Kind: extract.KindLandkreis}
	stGoerlitz := eval.GoldPartner{Name: "Stadt Görlitz", Aliases: []string{"Görlitz"}, Kind: extract.KindStadt}
	ekom := eval.GoldPartner{Name: "ekom21", Aliases: []string{"ekom21 – KGRZ Hessen"}, Kind: extract.KindITDienstleister}
	p := func(name string, kind extract.PartnerKind) extract.Partner {
		return extract.Partner{Name: name, Kind: kind}
	}

	tests := []struct {
		name     string
		required []eval.GoldPartner
		optional []eval.GoldPartner
		events   [][]extract.Partner // partners per event
		want     []eval.Metric       // precision, recall, f1, kind accuracy
		misses   []eval.Miss
	}{
		{
			name:     "prefix removed: Gifhorn matches Landkreis Gifhorn",
			required: []eval.GoldPartner{gifhorn},
			events:   [][]extract.Partner{{p("Gifhorn", extract.KindLandkreis)}},
			want: []eval.Metric{
				{Name: "partners_precision", Value: 1, TP: 1, N: 1},
				{Name: "partners_recall", Value: 1, TP: 1, N: 1},
				{Name: "partners_f1", Value: 1, TP: 1, N: 1},
				{Name: "partner_kind_accuracy", Value: 1, Correct: 1, N: 1},
			},
		},
		{
			name:     "alias match, kind wrong",
			required: []eval.GoldPartner{wolfsburg},
			events:   [][]extract.Partner{{p("VW-Stadt", extract.KindGemeinde)}},
			want: []eval.Metric{
				{Name: "partners_precision", Value: 1, TP: 1, N: 1},
				{Name: "partners_recall", Value: 1, TP: 1, N: 1},
				{Name: "partners_f1", Value: 1, TP: 1, N: 1},
				{Name: "partner_kind_accuracy", Value: 0, N: 1},
			},
			misses: []eval.Miss{{Article: "pages/a.html", Field: "partner_kind", Expected: "Stadt Wolfsburg: stadt", Got: "VW-Stadt: gemeinde"}},
		},
		{
			name:     "NFD umlauts match NFC gold, case and spaces folded",
			required: []eval.GoldPartner{bw},
			events:   [][]extract.Partner{{p("  LAND   "+strings.ToUpper(wuerttembergNFD[:1])+wuerttembergNFD[1:], extract.KindLand)}},
			want: []eval.Metric{
				{Name: "partners_precision", Value: 1, TP: 1, N: 1},
				{Name: "partners_recall", Value: 1, TP: 1, N: 1},
				{Name: "partners_f1", Value: 1, TP: 1, N: 1},
				{Name: "partner_kind_accuracy", Value: 1, Correct: 1, N: 1},
			},
		},
		{
			name:     "optional partner neither rewarded nor penalised",
			required: []eval.GoldPartner{wolfsburg},
			optional: []eval.GoldPartner{ekom},
			events:   [][]extract.Partner{{p("Wolfsburg", extract.KindStadt), p("ekom21 – KGRZ Hessen", extract.KindITDienstleister)}},
			want: []eval.Metric{
				{Name: "partners_precision", Value: 1, TP: 1, N: 1},
				{Name: "partners_recall", Value: 1, TP: 1, N: 1},
				{Name: "partners_f1", Value: 1, TP: 1, N: 1},
				{Name: "partner_kind_accuracy", Value: 1, Correct: 1, N: 1},
			},
		},
		{
			name:     "same body in two events under names with one key counts once",
			required: []eval.GoldPartner{gifhorn, wolfsburg},
			events: [][]extract.Partner{
				{p("Landkreis Gifhorn", extract.KindLandkreis), p("Stadt Wolfsburg", extract.KindStadt)},
				{p("Gifhorn", extract.KindStadt), p("Kreis Gifhorn", extract.KindStadt)},
			},
			want: []eval.Metric{
				{Name: "partners_precision", Value: 1, TP: 2, N: 2},
				{Name: "partners_recall", Value: 1, TP: 2, N: 2},
				{Name: "partners_f1", Value: 1, TP: 2, N: 2},
				// the first occurrence gives the kind
				{Name: "partner_kind_accuracy", Value: 1, Correct: 2, N: 2},
			},
		},
		{
			name:     "two spellings of one gold partner count once",
			required: []eval.GoldPartner{giessen},
			events:   [][]extract.Partner{{p("Gießen", extract.KindStadt)}, {p("Giessen", extract.KindGemeinde)}},
			want: []eval.Metric{
				{Name: "partners_precision", Value: 1, TP: 1, N: 1},
				{Name: "partners_recall", Value: 1, TP: 1, N: 1},
				{Name: "partners_f1", Value: 1, TP: 1, N: 1},
				{Name: "partner_kind_accuracy", Value: 1, Correct: 1, N: 1},
			},
		},
		{
			name:     "city and Landkreis of one name told apart by full name",
			required: []eval.GoldPartner{lkGoerlitz, stGoerlitz},
			events:   [][]extract.Partner{{p("Görlitz", extract.KindStadt), p("Landkreis Görlitz", extract.KindLandkreis)}},
			want: []eval.Metric{
				{Name: "partners_precision", Value: 1, TP: 2, N: 2},
				{Name: "partners_recall", Value: 1, TP: 2, N: 2},
				{Name: "partners_f1", Value: 1, TP: 2, N: 2},
				{Name: "partner_kind_accuracy", Value: 1, Correct: 2, N: 2},
			},
		},
		{
			name:     "city and Landkreis of one name told apart by kind",
			required: []eval.GoldPartner{lkGoerlitz, stGoerlitz},
			events:   [][]extract.Partner{{p("Große Kreisstadt Görlitz", extract.KindStadt), p("Landratsamt Görlitz", extract.KindBehoerde)}, {p("Region Görlitz", extract.KindLandkreis)}},
			want: []eval.Metric{
				{Name: "partners_precision", Value: 2.0 / 3, TP: 2, FP: 1, N: 3},
				{Name: "partners_recall", Value: 1, TP: 2, N: 2},
				{Name: "partners_f1", Value: 0.8, TP: 2, FP: 1, N: 3},
				{Name: "partner_kind_accuracy", Value: 1, Correct: 2, N: 2},
			},
			misses: []eval.Miss{{Article: "pages/a.html", Field: "partners", Got: "Landratsamt Görlitz"}},
		},
		{
			name:     "city and Landkreis of one name: a bare name of another kind takes the free one",
			required: []eval.GoldPartner{lkGoerlitz, {Name: "Stadt Görlitz", Kind: extract.KindStadt}},
			events:   [][]extract.Partner{{p("Stadt Görlitz", extract.KindStadt), p("Görlitz", extract.KindGemeinde)}},
			want: []eval.Metric{
				{Name: "partners_precision", Value: 1, TP: 2, N: 2},
				{Name: "partners_recall", Value: 1, TP: 2, N: 2},
				{Name: "partners_f1", Value: 1, TP: 2, N: 2},
				{Name: "partner_kind_accuracy", Value: 0.5, Correct: 1, N: 2},
			},
			misses: []eval.Miss{{Article: "pages/a.html", Field: "partner_kind", Expected: "Landkreis Görlitz: landkreis", Got: "Görlitz: gemeinde"}},
		},
		{
			name:     "unknown partner is FP once per key, missing one FN",
			required: []eval.GoldPartner{gifhorn, wolfsburg},
			events:   [][]extract.Partner{{p("Stadt Wolfsburg", extract.KindStadt), p("Braunschweig", extract.KindStadt)}, {p("Stadt Braunschweig", extract.KindStadt)}},
			want: []eval.Metric{
				{Name: "partners_precision", Value: 0.5, TP: 1, FP: 1, N: 2},
				{Name: "partners_recall", Value: 0.5, TP: 1, FN: 1, N: 2},
				{Name: "partners_f1", Value: 0.5, TP: 1, FP: 1, FN: 1, N: 3},
				{Name: "partner_kind_accuracy", Value: 1, Correct: 1, N: 1},
			},
			misses: []eval.Miss{
				{Article: "pages/a.html", Field: "partners", Expected: "Landkreis Gifhorn"},
				{Article: "pages/a.html", Field: "partners", Got: "Braunschweig"},
			},
		},
		{
			name:     "Stadt prefix not removed before a lower-case word",
			required: []eval.GoldPartner{{Name: "Amt für Digitalisierung", Kind: extract.KindBehoerde}},
			events:   [][]extract.Partner{{p("Digitalisierung", extract.KindBehoerde)}},
			want: []eval.Metric{
				{Name: "partners_precision", Value: 0, FP: 1, N: 1},
				{Name: "partners_recall", Value: 0, FN: 1, N: 1},
				{Name: "partners_f1", Value: 0, FP: 1, FN: 1, N: 2},
				{Name: "partner_kind_accuracy", Value: 0, N: 0},
			},
			misses: []eval.Miss{
				{Article: "pages/a.html", Field: "partners", Expected: "Amt für Digitalisierung"},
				{Article: "pages/a.html", Field: "partners", Got: "Digitalisierung"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := baseGold()
			g.Partners, g.OptionalPartners = tt.required, tt.optional
			if err := g.Validate(); err != nil {
				t.Fatalf("gold invalid: %v", err)
			}
			a := baseArticle(nil)
			a.Events = nil
			for _, ps := range tt.events {
				a.Events = append(a.Events, extract.Event{Type: extract.Joined, Partners: ps})
			}
			r := eval.Score([]eval.Gold{g}, []extract.Article{a})
			got := pick(r, "partners_precision", "partners_recall", "partners_f1", "partner_kind_accuracy")
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("metrics (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.misses, missesOf(r, "partners", "partner_kind")); d != "" {
				t.Errorf("misses (-want +got):\n%s", d)
			}
		})
	}
}

func TestScorePeople(t *testing.T) {
	g := baseGold()
	g.People = []extract.Person{
		{Name: "Thomas Walter", Role: "Erster Kreisrat", Org: "Landkreis Gifhorn"},
		{Name: "Dennis Weilmann", Role: "Erster Stadtrat"},
		{Name: "Claus Spandau", Role: "Leiter des Kompetenzzentrums für Interkommunale Zusammenarbeit"},
		{Name: "Jan Erik Bohling", Role: "Dezernent"},
		{Name: "Anna Beck", Role: "Bürgermeisterin"},
	}
	g.OptionalPeople = []extract.Person{{Name: "Stefan Krebs"}}
	g.NotPeople = []string{"Daniela Nielsen", "Hartmut Schubert"}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	a := baseArticle(nil,
		extract.Person{Name: "Dr. Thomas Walter", Role: "erster   Kreisrat des Landkreises"}, // title removed; gold role contained
		extract.Person{Name: "Prof. Dr.-Ing. Dennis Weilmann", Role: "Stadtrat"},             // predicted role contained in gold
		extract.Person{Name: "Stefan Krebs", Role: "CIO"},                                    // optional: ignored
		extract.Person{Name: "Daniela Nielsen"},                                              // photo credit: not_people
		extract.Person{Name: "Lars Landmann"},                                                // unknown: FP
		extract.Person{Name: "Anna Beck"},                                                    // role missing at top level ...
	)
	a.Events[0].People = []extract.Person{
		{Name: "Claus Spandau", Role: "Leiter"},           // role contained
		{Name: "Jan Erik Bohling", Role: "Stadtkämmerer"}, // role disagrees
		{Name: "thomas walter", Role: "Landrat"},          // same person again: first role wins
		{Name: "Anna Beck", Role: "Bürgermeisterin"},      // ... filled from the event
	}
	r := eval.Score([]eval.Gold{g}, []extract.Article{a})
	want := []eval.Metric{
		{Name: "people_precision", Value: 5.0 / 7, TP: 5, FP: 2, N: 7},
		{Name: "people_recall", Value: 1, TP: 5, N: 5},
		{Name: "people_f1", Value: 10.0 / 12, TP: 5, FP: 2, N: 7},
		{Name: "role_accuracy", Value: 0.8, Correct: 4, N: 5},
	}
	if d := cmp.Diff(want, pick(r, "people_precision", "people_recall", "people_f1", "role_accuracy")); d != "" {
		t.Errorf("metrics (-want +got):\n%s", d)
	}
	wantMisses := []eval.Miss{
		{Article: "pages/a.html", Field: "not_people", Got: "Daniela Nielsen"},
		{Article: "pages/a.html", Field: "people", Got: "Lars Landmann"},
		{Article: "pages/a.html", Field: "role", Expected: "Jan Erik Bohling: Dezernent", Got: "Jan Erik Bohling: Stadtkämmerer"},
	}
	if d := cmp.Diff(wantMisses, missesOf(r, "people", "not_people", "role")); d != "" {
		t.Errorf("misses (-want +got):\n%s", d)
	}
}

func TestScoreRoleEmpty(t *testing.T) {
	tests := []struct {
		gold, got string
		want      float64
	}{
		{"Erster Kreisrat", "", 0},
		{"", "Landrat", 0},
		{"", "", 1},
		{"CIO", "cio", 1},
		{"Erster Kreisrat", "Kreisrat", 1},
		{"Kreisrat", "Erster Kreisrat des Landkreises Gifhorn", 1},
		{"Landrat", "Bürgermeister", 0},
	}
	for _, tt := range tests {
		g := baseGold()
		g.People = []extract.Person{{Name: "Thomas Walter", Role: tt.gold}}
		a := baseArticle(nil, extract.Person{Name: "Thomas Walter", Role: tt.got})
		r := eval.Score([]eval.Gold{g}, []extract.Article{a})
		if v, _ := r.Metric("role_accuracy"); v != tt.want {
			t.Errorf("role %q vs %q: role_accuracy = %v, want %v", tt.gold, tt.got, v, tt.want)
		}
	}
}

func TestScoreSingleFields(t *testing.T) {
	long := "Kooperation erweitert"
	tests := []struct {
		name   string
		gold   func(*eval.Gold)
		art    func(*extract.Article)
		metric string
		want   eval.Metric
		misses []eval.Miss
	}{
		{
			name: "published null equals null", metric: "published_accuracy",
			gold: func(g *eval.Gold) { g.Published = "" },
			art:  func(a *extract.Article) { a.Published = "" },
			want: eval.Metric{Name: "published_accuracy", Value: 1, Correct: 1, N: 1},
		},
		{
			name: "published date where gold is null", metric: "published_accuracy",
			gold:   func(g *eval.Gold) { g.Published = "" },
			art:    func(a *extract.Article) { a.Published = "2026-01-05" },
			want:   eval.Metric{Name: "published_accuracy", Value: 0, N: 1},
			misses: []eval.Miss{{Article: "pages/a.html", Field: "published", Expected: "null", Got: "2026-01-05"}},
		},
		{
			name: "published month precision is not the day", metric: "published_accuracy",
			art:    func(a *extract.Article) { a.Published = "2021-04" },
			want:   eval.Metric{Name: "published_accuracy", Value: 0, N: 1},
			misses: []eval.Miss{{Article: "pages/a.html", Field: "published", Expected: "2021-04-29", Got: "2021-04"}},
		},
		{
			name: "cooperation wrong", metric: "cooperation_accuracy",
			art:    func(a *extract.Article) { a.Cooperation = false },
			want:   eval.Metric{Name: "cooperation_accuracy", Value: 0, N: 1},
			misses: []eval.Miss{{Article: "pages/a.html", Field: "cooperation", Expected: "true", Got: "false"}},
		},
		{
			name: "title longer by 40 passes", metric: "title_accuracy",
			art:  func(a *extract.Article) { a.Title = "Niedersachsen: " + long + strings.Repeat("ä", 25) },
			want: eval.Metric{Name: "title_accuracy", Value: 1, Correct: 1, N: 1},
		},
		{
			name: "title longer by 41 fails", metric: "title_accuracy",
			art:    func(a *extract.Article) { a.Title = "Niedersachsen: " + long + strings.Repeat("ä", 26) },
			want:   eval.Metric{Name: "title_accuracy", Value: 0, N: 1},
			misses: []eval.Miss{{Article: "pages/a.html", Field: "title", Expected: long, Got: "Niedersachsen: " + long + strings.Repeat("ä", 26)}},
		},
		{
			name: "title in NFD with odd spaces matches", metric: "title_accuracy",
			gold: func(g *eval.Gold) { g.Title = "Zusammen fürs OZG" },
			art:  func(a *extract.Article) { a.Title = "Zusammen\u00a0fu\u0308rs \n OZG" },
			want: eval.Metric{Name: "title_accuracy", Value: 1, Correct: 1, N: 1},
		},
		{
			name: "title truncated fails", metric: "title_accuracy",
			art:    func(a *extract.Article) { a.Title = "Kooperation" },
			want:   eval.Metric{Name: "title_accuracy", Value: 0, N: 1},
			misses: []eval.Miss{{Article: "pages/a.html", Field: "title", Expected: long, Got: "Kooperation"}},
		},
		{
			name: "title case counts", metric: "title_accuracy",
			art:    func(a *extract.Article) { a.Title = "KOOPERATION ERWEITERT" },
			want:   eval.Metric{Name: "title_accuracy", Value: 0, N: 1},
			misses: []eval.Miss{{Article: "pages/a.html", Field: "title", Expected: long, Got: "KOOPERATION ERWEITERT"}},
		},
		{
			name: "event types all present among several events", metric: "event_type_accuracy",
			gold: func(g *eval.Gold) { g.EventTypes = []extract.EventType{extract.Joined, extract.Extended} },
			art: func(a *extract.Article) {
				a.Events = []extract.Event{{Type: extract.Extended}, {Type: extract.Planned}, {Type: extract.Joined}}
			},
			want: eval.Metric{Name: "event_type_accuracy", Value: 1, Correct: 1, N: 1},
		},
		{
			name: "event type missing", metric: "event_type_accuracy",
			gold: func(g *eval.Gold) { g.EventTypes = []extract.EventType{extract.Joined, extract.Extended} },
			art: func(a *extract.Article) {
				a.Events = []extract.Event{{Type: extract.Joined}, {Type: extract.Joined}, {Type: extract.Founded}}
			},
			want:   eval.Metric{Name: "event_type_accuracy", Value: 0, N: 1},
			misses: []eval.Miss{{Article: "pages/a.html", Field: "event_types", Expected: "joined, extended", Got: "joined, founded"}},
		},
		{
			name: "no cooperation, no events: right", metric: "event_type_accuracy",
			gold: func(g *eval.Gold) { g.Cooperation, g.EventTypes = false, nil },
			art:  func(a *extract.Article) { a.Cooperation, a.Events = false, nil },
			want: eval.Metric{Name: "event_type_accuracy", Value: 1, Correct: 1, N: 1},
		},
		{
			name: "no cooperation, but an event: wrong", metric: "event_type_accuracy",
			gold: func(g *eval.Gold) { g.Cooperation, g.EventTypes = false, nil },
			art:  func(a *extract.Article) { a.Events = []extract.Event{{Type: extract.Founded}} },
			want: eval.Metric{Name: "event_type_accuracy", Value: 0, N: 1},
			misses: []eval.Miss{
				{Article: "pages/a.html", Field: "cooperation", Expected: "false", Got: "true"},
				{Article: "pages/a.html", Field: "event_types", Expected: "(no events)", Got: "founded"},
			},
		},
	}
	fields := []string{"published", "cooperation", "title", "event_types"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := baseGold()
			if tt.gold != nil {
				tt.gold(&g)
			}
			if err := g.Validate(); err != nil {
				t.Fatalf("gold invalid: %v", err)
			}
			a := baseArticle(nil)
			tt.art(&a)
			r := eval.Score([]eval.Gold{g}, []extract.Article{a})
			if d := cmp.Diff(tt.want, byName(r)[tt.metric]); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.metric, d)
			}
			if d := cmp.Diff(tt.misses, missesOf(r, fields...)); d != "" {
				t.Errorf("misses (-want +got):\n%s", d)
			}
		})
	}
}

func TestScoreKeywords(t *testing.T) {
	kw := func(ks ...string) *[]string { return &ks }
	g1 := baseGold()
	g1.File = "pages/1.html"
	g1.Keywords = kw("Politik", "Kooperation", "Gifhorn", "Onlinezugangsgesetz (OZG)")
	g2 := baseGold() // prints no tag list: not scored, whatever is predicted
	g2.File = "pages/2.html"
	g3 := baseGold() // prints an empty list: any tag is an FP
	g3.File = "pages/3.html"
	g3.Keywords = kw()

	a1 := baseArticle(nil)
	a1.Keywords = []string{"Politik", "kooperation", "Gifhorn", "Gifhorn", "Onlinezugangsgesetz\u00a0(OZG)", "Wolfsburg"}
	a2 := baseArticle(nil)
	a2.Keywords = []string{"E-Government", "Digitalisierung"}
	a3 := baseArticle(nil)
	a3.Keywords = []string{"Panorama"}

	r := eval.Score([]eval.Gold{g1, g2, g3}, []extract.Article{a1, a2, a3})
	// a1: TP Politik, Gifhorn (once), OZG; FP kooperation (case counts), Wolfsburg; FN Kooperation.
	// a3: FP Panorama.
	want := []eval.Metric{
		{Name: "keywords_precision", Value: 3.0 / 6, TP: 3, FP: 3, N: 6},
		{Name: "keywords_recall", Value: 3.0 / 4, TP: 3, FN: 1, N: 4},
		{Name: "keywords_f1", Value: 6.0 / 10, TP: 3, FP: 3, FN: 1, N: 7},
	}
	if d := cmp.Diff(want, pick(r, "keywords_precision", "keywords_recall", "keywords_f1")); d != "" {
		t.Errorf("metrics (-want +got):\n%s", d)
	}
	wantMisses := []eval.Miss{
		{Article: "pages/1.html", Field: "keywords", Expected: "Kooperation"},
		{Article: "pages/1.html", Field: "keywords", Got: "kooperation"},
		{Article: "pages/1.html", Field: "keywords", Got: "Wolfsburg"},
		{Article: "pages/3.html", Field: "keywords", Got: "Panorama"},
	}
	if d := cmp.Diff(wantMisses, missesOf(r, "keywords")); d != "" {
		t.Errorf("misses (-want +got):\n%s", d)
	}
}

func TestScoreZeroDenominators(t *testing.T) {
	// A non-cooperation article with no people and no keyword list, answered
	// with nothing: every set metric is undefined, the accuracies are not.
	g := baseGold()
	g.Cooperation, g.EventTypes = false, nil
	a := baseArticle(nil)
	a.Cooperation, a.Events = false, nil
	r := eval.Score([]eval.Gold{g}, []extract.Article{a})
	for _, name := range eval.MetricNames() {
		m := byName(r)[name]
		v, ok := r.Metric(name)
		accuracy := strings.HasSuffix(name, "_accuracy") && name != "partner_kind_accuracy" && name != "role_accuracy"
		if accuracy {
			if !ok || v != 1 || m.N != 1 {
				t.Errorf("%s = %v, %v (n=%d), want 1, true (n=1)", name, v, ok, m.N)
			}
			continue
		}
		if ok || v != 0 || m.N != 0 || m.Defined() {
			t.Errorf("%s = %v, %v (n=%d), want undefined: 0, false (n=0)", name, v, ok, m.N)
		}
	}
	if len(r.Misses) != 0 {
		t.Errorf("misses = %v, want none", r.Misses)
	}
	// Predicting nothing where there was something: recall and F1 are 0,
	// precision undefined.
	g = baseGold()
	g.Partners = []eval.GoldPartner{{Name: "Stadt Fulda", Kind: extract.KindStadt}}
	r = eval.Score([]eval.Gold{g}, []extract.Article{baseArticle(nil)})
	want := []eval.Metric{
		{Name: "partners_precision", N: 0},
		{Name: "partners_recall", FN: 1, N: 1},
		{Name: "partners_f1", FN: 1, N: 1},
	}
	if d := cmp.Diff(want, pick(r, "partners_precision", "partners_recall", "partners_f1")); d != "" {
		t.Errorf("metrics (-want +got):\n%s", d)
	}
}

func TestScoreMetricOrderAndMissingArticles(t *testing.T) {
	g := baseGold()
	g.Keywords = &[]string{"Politik"}
	g.Partners = []eval.GoldPartner{{Name: "Stadt Fulda", Kind: extract.KindStadt}}
	r := eval.Score([]eval.Gold{g}, nil)
	var names []string
	for _, m := range r.Metrics {
		names = append(names, m.Name)
	}
	if d := cmp.Diff(eval.MetricNames(), names); d != "" {
		t.Errorf("metric order (-want +got):\n%s", d)
	}
	if r.Pages != 1 || r.Failed != 1 {
		t.Errorf("pages, failed = %d, %d, want 1, 1", r.Pages, r.Failed)
	}
	wantMisses := []eval.Miss{
		{Article: "pages/a.html", Field: "page", Expected: "an article", Got: "no article given"},
		{Article: "pages/a.html", Field: "partners", Expected: "Stadt Fulda"},
		{Article: "pages/a.html", Field: "published", Expected: "2021-04-29", Got: "(page failed)"},
		{Article: "pages/a.html", Field: "cooperation", Expected: "true", Got: "(page failed)"},
		{Article: "pages/a.html", Field: "title", Expected: "Kooperation erweitert", Got: "(page failed)"},
		{Article: "pages/a.html", Field: "keywords", Expected: "Politik"},
		{Article: "pages/a.html", Field: "event_types", Expected: "joined", Got: "(page failed)"},
	}
	if d := cmp.Diff(wantMisses, r.Misses); d != "" {
		t.Errorf("misses (-want +got):\n%s", d)
	}
}

func TestScoreMicroAverage(t *testing.T) {
	// Two pages: 3 of 4 partners on one, 0 of 1 on the other. Micro
	// averaging sums first: recall 3/5, not the mean (0.75+0)/2.
	mk := func(file string, names ...string) eval.Gold {
		g := baseGold()
		g.File = file
		for _, n := range names {
			g.Partners = append(g.Partners, eval.GoldPartner{Name: n, Kind: extract.KindStadt})
		}
		return g
	}
	g1 := mk("1.html", "Stadt Fulda", "Stadt Wetzlar", "Stadt Marburg", "Stadt Limburg")
	g2 := mk("2.html", "Stadt Gießen")
	st := func(n string) extract.Partner { return extract.Partner{Name: n, Kind: extract.KindStadt} }
	r := eval.Score([]eval.Gold{g1, g2}, []extract.Article{
		baseArticle([]extract.Partner{st("Fulda"), st("Wetzlar"), st("Marburg")}),
		baseArticle([]extract.Partner{st("Kassel")}),
	})
	if v, _ := r.Metric("partners_recall"); v != 0.6 {
		t.Errorf("partners_recall = %v, want 0.6", v)
	}
	if v, _ := r.Metric("partners_precision"); v != 0.75 {
		t.Errorf("partners_precision = %v, want 0.75", v)
	}
}
