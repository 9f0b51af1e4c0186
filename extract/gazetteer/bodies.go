package gazetteer

import (
	"fmt"
	"strings"
	"unicode"
)

// extraBodies is a hand-written table of facts: public IT providers,
// Zweckverbände, associations and federal bodies that German e-government
// news names, beyond (or adding aliases to) data/providers.tsv. Names of
// organisations are facts; no third-party licence applies.
var extraBodies = []Body{
	{Name: "ekom21", Aliases: []string{"ekom21 – KGRZ Hessen", "ekom21 - KGRZ Hessen", "KGRZ Hessen", "ekom21 GmbH"}, Kind: KindITDienstleister, State: "Hessen"},
	{Name: "AKDB", Aliases: []string{"Anstalt für Kommunale Datenverarbeitung in Bayern"}, Kind: KindITDienstleister, State: "Bayern"},
	{Name: "ITEBO", Aliases: []string{"ITEBO GmbH", "ITEBO-Unternehmensgruppe"}, Kind: KindITDienstleister, State: "Niedersachsen"},
	{Name: "krz", Aliases: []string{"Kommunales Rechenzentrum Minden-Ravensburg/Lippe", "KRZ Lemgo"}, Kind: KindITDienstleister, State: "Nordrhein-Westfalen"},
	{Name: "KRZN", Aliases: []string{"Kommunales Rechenzentrum Niederrhein"}, Kind: KindITDienstleister, State: "Nordrhein-Westfalen"},
	{Name: "kommunit", Aliases: []string{"Kommunit"}, Kind: KindITDienstleister},
	{Name: "govdigital", Aliases: []string{"govdigital eG", "GovDigital", "GovDigital eG"}, Kind: KindITDienstleister},
	{Name: "eGo-Saar", Aliases: []string{"Zweckverband eGo-Saar", "Zweckverband Elektronische Verwaltung für saarländische Kommunen"}, Kind: KindITDienstleister, State: "Saarland"},
	{Name: "ITDZ Berlin", Aliases: []string{"ITDZ", "IT-Dienstleistungszentrum Berlin"}, Kind: KindITDienstleister, State: "Berlin"},
	{Name: "IT.NRW", Aliases: []string{"Information und Technik Nordrhein-Westfalen"}, Kind: KindITDienstleister, State: "Nordrhein-Westfalen"},
	{Name: "IT.Niedersachsen", Aliases: []string{"IT.N"}, Kind: KindITDienstleister, State: "Niedersachsen"},
	{Name: "HZD", Aliases: []string{"Hessische Zentrale für Datenverarbeitung"}, Kind: KindITDienstleister, State: "Hessen"},
	{Name: "BITBW", Aliases: []string{"IT Baden-Württemberg"}, Kind: KindITDienstleister, State: "Baden-Württemberg"},
	{Name: "SID", Aliases: []string{"Staatsbetrieb Sächsische Informatik Dienste"}, Kind: KindITDienstleister, State: "Sachsen"},
	{Name: "ZIT-BB", Aliases: []string{"Brandenburgischer IT-Dienstleister"}, Kind: KindITDienstleister, State: "Brandenburg"},
	{Name: "TLRZ", Aliases: []string{"Thüringer Landesrechenzentrum"}, Kind: KindITDienstleister, State: "Thüringen"},
	{Name: "ITZBund", Aliases: []string{"Informationstechnikzentrum Bund"}, Kind: KindITDienstleister},
	{Name: "kdvz Rhein-Erft-Rur", Aliases: []string{"KDVZ Rhein-Erft-Rur"}, Kind: KindITDienstleister, State: "Nordrhein-Westfalen"},
	{Name: "civitec", Aliases: []string{"Zweckverband civitec"}, Kind: KindITDienstleister, State: "Nordrhein-Westfalen"},
	{Name: "ITK Rheinland", Kind: KindITDienstleister, State: "Nordrhein-Westfalen"},
	{Name: "Bund", Aliases: []string{"Bundesregierung", "Bundesrepublik Deutschland", "Bundesrepublik"}, Kind: KindBund},
	{Name: "Bundesministerium des Innern", Aliases: []string{"BMI", "Bundesinnenministerium", "Bundesministerium des Innern und für Heimat", "Bundesministerium des Innern, für Bau und Heimat"}, Kind: KindBehoerde},
	{Name: "Bundesministerium für Digitales und Verkehr", Aliases: []string{"BMDV", "Bundesdigitalministerium"}, Kind: KindBehoerde},
	{Name: "Bundesministerium für Digitales und Staatsmodernisierung", Aliases: []string{"BMDS"}, Kind: KindBehoerde},
	{Name: "Bundesministerium der Finanzen", Aliases: []string{"BMF", "Bundesfinanzministerium"}, Kind: KindBehoerde},
	{Name: "Bundeskanzleramt", Kind: KindBehoerde},
	{Name: "Bundesverwaltungsamt", Aliases: []string{"BVA"}, Kind: KindBehoerde},
	{Name: "Bundesamt für Sicherheit in der Informationstechnik", Aliases: []string{"BSI"}, Kind: KindBehoerde},
	{Name: "Deutscher Städtetag", Kind: KindVerband},
	{Name: "Deutscher Landkreistag", Aliases: []string{"DLT"}, Kind: KindVerband},
	{Name: "Deutscher Städte- und Gemeindebund", Aliases: []string{"DStGB"}, Kind: KindVerband},
	{Name: "KGSt", Aliases: []string{"Kommunale Gemeinschaftsstelle für Verwaltungsmanagement"}, Kind: KindVerband},
	{Name: "Niedersächsischer Städtetag", Kind: KindVerband, State: "Niedersachsen"},
	{Name: "Niedersächsischer Landkreistag", Kind: KindVerband, State: "Niedersachsen"},
	{Name: "Hessischer Städtetag", Kind: KindVerband, State: "Hessen"},
	{Name: "Hessischer Landkreistag", Kind: KindVerband, State: "Hessen"},
	{Name: "Hessischer Städte- und Gemeindebund", Kind: KindVerband, State: "Hessen"},
	{Name: "Bayerischer Gemeindetag", Kind: KindVerband, State: "Bayern"},
	{Name: "Bayerischer Städtetag", Kind: KindVerband, State: "Bayern"},
	{Name: "Bayerischer Landkreistag", Kind: KindVerband, State: "Bayern"},
	{Name: "Gemeindetag Baden-Württemberg", Kind: KindVerband, State: "Baden-Württemberg"},
	{Name: "Städtetag Baden-Württemberg", Kind: KindVerband, State: "Baden-Württemberg"},
	{Name: "Landkreistag Baden-Württemberg", Kind: KindVerband, State: "Baden-Württemberg"},
	{Name: "Städte- und Gemeindebund Nordrhein-Westfalen", Aliases: []string{"Städte- und Gemeindebund NRW"}, Kind: KindVerband, State: "Nordrhein-Westfalen"},
	{Name: "Städtetag Nordrhein-Westfalen", Aliases: []string{"Städtetag NRW"}, Kind: KindVerband, State: "Nordrhein-Westfalen"},
	{Name: "Landkreistag Nordrhein-Westfalen", Aliases: []string{"Landkreistag NRW"}, Kind: KindVerband, State: "Nordrhein-Westfalen"},
	{Name: "Sächsischer Städte- und Gemeindetag", Aliases: []string{"SSG"}, Kind: KindVerband, State: "Sachsen"},
	{Name: "Sächsischer Landkreistag", Kind: KindVerband, State: "Sachsen"},
	{Name: "Gemeinde- und Städtebund Thüringen", Kind: KindVerband, State: "Thüringen"},
	{Name: "Thüringischer Landkreistag", Kind: KindVerband, State: "Thüringen"},
	{Name: "Städte- und Gemeindebund Brandenburg", Kind: KindVerband, State: "Brandenburg"},
	{Name: "Landkreistag Brandenburg", Kind: KindVerband, State: "Brandenburg"},
	{Name: "Schleswig-Holsteinischer Landkreistag", Kind: KindVerband, State: "Schleswig-Holstein"},
	{Name: "Städtetag Schleswig-Holstein", Kind: KindVerband, State: "Schleswig-Holstein"},
	{Name: "Gemeinde- und Städtebund Rheinland-Pfalz", Kind: KindVerband, State: "Rheinland-Pfalz"},
	{Name: "Landkreistag Rheinland-Pfalz", Kind: KindVerband, State: "Rheinland-Pfalz"},
	{Name: "Städtetag Rheinland-Pfalz", Kind: KindVerband, State: "Rheinland-Pfalz"},
	{Name: "Landkreistag Sachsen-Anhalt", Kind: KindVerband, State: "Sachsen-Anhalt"},
	{Name: "Städte- und Gemeindebund Sachsen-Anhalt", Kind: KindVerband, State: "Sachsen-Anhalt"},
	{Name: "Städte- und Gemeindetag Mecklenburg-Vorpommern", Kind: KindVerband, State: "Mecklenburg-Vorpommern"},
	{Name: "Landkreistag Mecklenburg-Vorpommern", Kind: KindVerband, State: "Mecklenburg-Vorpommern"},
	{Name: "Saarländischer Städte- und Gemeindetag", Kind: KindVerband, State: "Saarland"},
}

// landAliases are the other names of the Länder.
var landAliases = map[string][]string{
	"Baden-Württemberg":      {"Land Baden-Württemberg", "BaWü"},
	"Bayern":                 {"Freistaat Bayern", "Land Bayern"},
	"Berlin":                 {"Land Berlin"},
	"Brandenburg":            {"Land Brandenburg"},
	"Bremen":                 {"Land Bremen", "Freie Hansestadt Bremen"},
	"Hamburg":                {"Freie und Hansestadt Hamburg", "Land Hamburg"},
	"Hessen":                 {"Land Hessen"},
	"Mecklenburg-Vorpommern": {"Land Mecklenburg-Vorpommern", "M-V"},
	"Niedersachsen":          {"Land Niedersachsen"},
	"Nordrhein-Westfalen":    {"Land Nordrhein-Westfalen", "NRW", "Land NRW"},
	"Rheinland-Pfalz":        {"Land Rheinland-Pfalz", "RLP"},
	"Saarland":               {"Land Saarland", "das Saarland"},
	"Sachsen":                {"Freistaat Sachsen", "Land Sachsen"},
	"Sachsen-Anhalt":         {"Land Sachsen-Anhalt"},
	"Schleswig-Holstein":     {"Land Schleswig-Holstein"},
	"Thüringen":              {"Freistaat Thüringen", "Land Thüringen"},
}

// landAdjectives maps the adjective stems of the Länder (without ending) to
// the Land: "sächsisch" + e/er/es/en/em.
var landAdjectives = map[string]string{
	"baden-württembergisch": "Baden-Württemberg", "bayerisch": "Bayern", "bayrisch": "Bayern",
	"berlinisch": "Berlin", "brandenburgisch": "Brandenburg", "bremisch": "Bremen", "hamburgisch": "Hamburg",
	"hessisch": "Hessen", "mecklenburg-vorpommersch": "Mecklenburg-Vorpommern",
	"mecklenburg-vorpommerisch": "Mecklenburg-Vorpommern", "niedersächsisch": "Niedersachsen",
	"nordrhein-westfälisch": "Nordrhein-Westfalen", "rheinland-pfälzisch": "Rheinland-Pfalz",
	"saarländisch": "Saarland", "sächsisch": "Sachsen", "sachsen-anhaltisch": "Sachsen-Anhalt",
	"sachsen-anhaltinisch": "Sachsen-Anhalt", "schleswig-holsteinisch": "Schleswig-Holstein",
	"thüringisch": "Thüringen",
}

func (g *Gazetteer) loadBodies() error {
	lines, err := readLines("data/providers.tsv")
	if err != nil {
		return err
	}
	for i, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) != 6 {
			return fmt.Errorf("parse embedded providers line %d: %d fields, want 6", i+1, len(f))
		}
		b := Body{Name: f[0], Kind: f[2], State: f[3], Status: f[4], Successor: f[5]}
		if f[1] != "" {
			b.Aliases = strings.Split(f[1], "|")
		}
		g.addBody(b)
	}
	for _, b := range extraBodies {
		g.addBody(b)
	}
	return nil
}

// addBody adds b, merging it into an existing body of the same name.
func (g *Gazetteer) addBody(b Body) {
	if b.Status == "" {
		b.Status = "active"
	}
	i, ok := g.bodyKey[Key(b.Name)]
	if ok && Key(g.bodies[i].Name) == Key(b.Name) {
		old := &g.bodies[i]
		old.Aliases = append(old.Aliases, b.Aliases...)
		if old.State == "" {
			old.State = b.State
		}
	} else {
		g.bodies = append(g.bodies, b)
		i = len(g.bodies) - 1
	}
	for _, n := range append([]string{b.Name}, b.Aliases...) {
		k := Key(n)
		j, taken := g.bodyKey[k]
		// A body's own name beats another body's alias: "ITEOS" is the
		// renamed body, not an alias of its successor.
		if !taken || (n == b.Name && Key(g.bodies[j].Name) != k) {
			g.bodyKey[k] = i
		}
		if w := len(strings.Fields(k)); w > g.maxBody {
			g.maxBody = w
		}
	}
}

// Body returns the non-territorial body named name (canonical name or alias,
// any case): "ekom21 – KGRZ Hessen" gives ekom21, "ITEOS" the renamed body
// ITEOS whose Successor is Komm.ONE.
func (g *Gazetteer) Body(name string) (Body, bool) {
	var buf [keyBuf]byte
	i, ok := g.bodyKey[string(appendKey(buf[:0], name))]
	if !ok {
		return Body{}, false
	}
	b := g.bodies[i]
	b.Aliases = append([]string(nil), b.Aliases...)
	return b, true
}

// LandOfAdjective returns the Land an adjective or demonym refers to:
// "sächsische", "Hessisches", "bayerischen", "Thüringer", "Niedersachsens".
func (g *Gazetteer) LandOfAdjective(word string) (string, bool) {
	if l, ok := g.landOfAdjectiveOnly(word); ok {
		return l, true
	}
	if word != "" && unicode.IsUpper([]rune(word)[0]) {
		if p, ok := g.Demonym(word); ok && p.Level == LevelLand {
			return p.Name, true
		}
	}
	return "", false
}

// Demonym returns the place a demonym, genitive or adjective names:
// "Braunschweiger" and "Braunschweigs" → Braunschweig, "Thüringer" →
// Thüringen, "Dresdner" → Dresden, "Gießener" → Gießen, "sächsischen" →
// Sachsen. Only Länder, Kreise and Gemeinden of at least 20,000 people are
// considered, because small places' demonyms collide with ordinary words.
// The word itself is not a place name.
func (g *Gazetteer) Demonym(word string) (Place, bool) {
	if word == "" {
		return Place{}, false
	}
	w := []rune(word)
	if unicode.IsLower(w[0]) {
		if l, ok := g.landOfAdjectiveOnly(word); ok {
			return g.Land(l)
		}
		return Place{}, false
	}
	if l, ok := g.landOfAdjectiveOnly(word); ok {
		return g.Land(l)
	}
	var cands []string
	if s, ok := strings.CutSuffix(word, "s"); ok && !strings.HasSuffix(s, "s") {
		cands = append(cands, s) // genitive: "Braunschweigs", "Sachsens"
	}
	if s, ok := strings.CutSuffix(word, "er"); ok {
		cands = append(cands, s, s+"en", s+"e")
		if s2, ok := strings.CutSuffix(s, "n"); ok {
			cands = append(cands, s2+"en") // Dresdner, Münchner
		}
		if s2, ok := strings.CutSuffix(s, "en"); ok {
			cands = append(cands, s2+"en", s2) // Gießener, Essener
		}
	}
	if s, ok := strings.CutSuffix(word, "aner"); ok {
		cands = append(cands, s) // Hannoveraner
	}
	for _, c := range cands {
		if len([]rune(c)) < 3 {
			continue
		}
		if len(g.byKey[Key(c)]) == 0 {
			continue
		}
		if p, ok := g.Land(c); ok {
			return p, true
		}
		if p, _ := g.ResolvePlace(c, AnyLevel, ""); p.Level == LevelKreis || p.Population >= 20000 {
			return p, true
		}
		// A small town that names its Landkreis: "Cochemer" → Cochem, seat
		// of Cochem-Zell. Its demonym is as distinctive as the Kreis's.
		for _, i := range g.byKey[Key(c)] {
			p := g.places[i]
			if p.Level != LevelGemeinde {
				continue
			}
			if ki, ok := g.byAGS[p.KreisAGS]; ok && strings.HasPrefix(Key(g.places[ki].Name), Key(p.Name)) {
				return p, true
			}
		}
	}
	return Place{}, false
}

func (g *Gazetteer) landOfAdjectiveOnly(word string) (string, bool) {
	w := strings.ToLower(word)
	for _, end := range []string{"", "e", "er", "es", "en", "em"} {
		if stem, ok := strings.CutSuffix(w, end); ok {
			if l, ok := landAdjectives[stem]; ok {
				return l, true
			}
		}
	}
	return "", false
}
