package corpus

import (
	"strconv"
	"strings"

	"github.com/coopwatch/coopwatch/extract/gazetteer"
)

// party is a public body as the generated prose names it: its editorial
// name (the truth a good extractor reports) and its German case forms
// with the article.
type party struct {
	Name  string // "Stadt Wolfsburg", "Landkreis Gifhorn", "Niedersachsen", "Dataport"
	Kind  string // gazetteer partner kind
	Land  string // Land of the body; "" for bodies of several Länder
	Short string // "Wolfsburg": for titles, kickers, demonyms
	nom   string // "die Stadt Wolfsburg"
	dat   string // "der Stadt Wolfsburg"
	gen   string // "der Stadt Wolfsburg"
	akk   string // "die Stadt Wolfsburg"
	pop   int
}

// land is one Land with the bodies the generator draws from it.
type land struct {
	party
	kreise   []party
	staedte  []party // Städte and Gemeinden of at least a few thousand people
	provider []party // IT providers whose seat is in the Land
}

// pools is the read-only material of a Generator.
type pools struct {
	lands     []land
	providers []party // every active IT provider, for Länder without one of their own
	male      []string
	female    []string
}

// Candidate first names; only those the gazetteer knows as established
// German first names are used, so the people in generated text are people
// the extractor can know.
var maleNames = strings.Fields(`Thomas Michael Andreas Stefan Frank Markus Christian Peter Jürgen Klaus
Martin Matthias Uwe Wolfgang Jens Ralf Dirk Torsten Holger Oliver Sven Carsten Bernd Rainer Jan Tobias
Florian Sebastian Daniel Alexander Philipp Jörg Dieter Hans Karl Heiko Lars Nils Timo Björn Marco
Volker Henning Ulrich Reinhard Joachim Werner Gerd Harald Steffen Olaf Kai Hendrik Johannes Benjamin`)

var femaleNames = strings.Fields(`Sabine Petra Andrea Claudia Susanne Birgit Stefanie Nicole Katrin Anja
Martina Monika Kerstin Heike Silke Christine Julia Anna Katharina Sandra Tanja Melanie Simone Nadine
Ulrike Barbara Gabriele Karin Doris Ute Bettina Angelika Franziska Lena Miriam Judith Carolin Sarah
Maren Svenja Antje Dagmar Elke Iris Jana Kristina Vanessa Yvonne Corinna Daniela Manuela Eva`)

// surnames are common German surnames that are not ordinary words or
// place names, so that a generated person is unambiguous.
var surnames = strings.Fields(`Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz
Hoffmann Schäfer Bauer Richter Schröder Neumann Zimmermann Krüger Hofmann Hartmann Schmitt Werner
Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann Mayer Huber Fuchs Peters Scholz
Möller Hahn Schubert Vogel Friedrich Keller Günther Berger Winkler Roth Lorenz Baumann Franke
Albrecht Schuster Simon Ludwig Böhm Kraus Schumacher Krämer Vogt Jäger Seidel Heinrich Brandt Haas
Schreiber Schulte Dietrich Ziegler Kuhn Pohl Bergmann Voigt Sauer Arnold Wolff Pfeiffer Kessler
Brinkmann Lindner Ebert Thiele Hermann Böttcher Schenk Reuter Kaufmann Busse Petersen Jansen
Hansen Ahrens Brandes Wendt Hinrichs Ostermann Rademacher Kemper Wiegand Gerlach Stahl Hesse Marquardt`)

func newPools(g *gazetteer.Gazetteer) *pools {
	p := &pools{}
	for _, n := range maleNames {
		if g.IsEstablishedFirstName(n) {
			p.male = append(p.male, n)
		}
	}
	for _, n := range femaleNames {
		if g.IsEstablishedFirstName(n) {
			p.female = append(p.female, n)
		}
	}
	providers := map[string][]party{}
	for _, name := range providerNames {
		b, ok := g.Body(name)
		if !ok || b.Kind != gazetteer.KindITDienstleister || b.Status == "merged" || b.Status == "renamed" {
			continue
		}
		pr := party{
			Name: b.Name, Kind: b.Kind, Land: b.State, Short: b.Name,
			nom: "der IT-Dienstleister " + b.Name, dat: "dem IT-Dienstleister " + b.Name,
			gen: "des IT-Dienstleisters " + b.Name, akk: "den IT-Dienstleister " + b.Name,
		}
		p.providers = append(p.providers, pr)
		providers[b.State] = append(providers[b.State], pr)
	}
	for _, l := range g.Lands() {
		if l.Name == "Berlin" || l.Name == "Hamburg" || l.Name == "Bremen" {
			continue // city-states: no Kreise to cooperate, and the Land is the city
		}
		ld := land{party: party{
			Name: l.Name, Kind: gazetteer.KindLand, Land: l.Name, Short: l.Name,
			nom: "das Land " + l.Name, dat: "dem Land " + l.Name, gen: "des Landes " + l.Name, akk: "das Land " + l.Name,
		}}
		ld.provider = providers[l.Name]
		for rb := 0; rb <= 9; rb++ {
			for k := 1; k <= 99; k++ {
				ags := l.AGS + strconv.Itoa(rb) + twoDigits(k)
				kr, ok := g.PlaceByAGS(ags)
				if !ok {
					continue
				}
				if pk, ok := kreisParty(kr); ok {
					ld.kreise = append(ld.kreise, pk)
				}
				for gm := 0; gm <= 999; gm++ {
					pl, ok := g.PlaceByAGS(ags + threeDigits(gm))
					if !ok || pl.Population < 8000 {
						continue
					}
					if ps, ok := gemeindeParty(pl); ok {
						ld.staedte = append(ld.staedte, ps)
					}
				}
			}
		}
		if len(ld.kreise) == 0 && len(ld.staedte) == 0 {
			continue
		}
		p.lands = append(p.lands, ld)
	}
	return p
}

// providerNames are the public IT providers the generated stories name;
// the gazetteer decides which of them exist and are still active.
var providerNames = []string{"Dataport", "ekom21", "AKDB", "Komm.ONE", "regio iT", "KDO", "Südwestfalen-IT",
	"Citkomm", "krz", "ITEBO", "Lecos", "KISA", "eGo-Saar", "KDZ Westfalen-Süd", "GKD Paderborn", "KRZN", "DVZ M-V"}

// cleanName reports whether a place name is plain enough that every
// extractor should return it unchanged: no brackets, commas, slashes or
// abbreviation dots.
func cleanName(s string) bool {
	return s != "" && !strings.ContainsAny(s, "(),/.")
}

func kreisParty(p gazetteer.Place) (party, bool) {
	d := p.Display()
	if !cleanName(p.Name) {
		return party{}, false
	}
	switch {
	case strings.HasPrefix(d, "Landkreis "):
		n := strings.TrimPrefix(d, "Landkreis ")
		return party{Name: d, Kind: p.Kind, Land: p.Land, Short: n,
			nom: "der " + d, dat: "dem " + d, gen: "des Landkreises " + n, akk: "den " + d}, true
	case strings.HasPrefix(d, "Kreis "):
		n := strings.TrimPrefix(d, "Kreis ")
		return party{Name: d, Kind: p.Kind, Land: p.Land, Short: n,
			nom: "der " + d, dat: "dem " + d, gen: "des Kreises " + n, akk: "den " + d}, true
	}
	return party{}, false
}

func gemeindeParty(p gazetteer.Place) (party, bool) {
	d := p.Display()
	if !cleanName(p.Name) {
		return party{}, false
	}
	for _, w := range []string{"Stadt ", "Gemeinde "} {
		if strings.HasPrefix(d, w) {
			return party{Name: d, Kind: p.Kind, Land: p.Land, Short: strings.TrimPrefix(d, w), pop: p.Population,
				nom: "die " + d, dat: "der " + d, gen: "der " + d, akk: "die " + d}, true
		}
	}
	return party{}, false
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func threeDigits(n int) string {
	switch {
	case n < 10:
		return "00" + strconv.Itoa(n)
	case n < 100:
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
