package gazetteer

import (
	"strings"
)

// RoleWord describes a word that names a public or corporate office.
type RoleWord struct {
	Word    string // the word as given: "Digitalisierungsdezernent"
	Base    string // lower-case base form of its head: "dezernent"
	OrgKind string // the kind of body the office usually belongs to (landkreis, stadt, land, bund, verband) or ""
	Prefix  bool   // the role usually continues with "des/der …" or "für …" ("Leiter des Kompetenzzentrums")
}

// roleHeads are the heads of office names, lower case, masculine form; the
// feminine (-in) and inflected forms (-en, -e, -er, -s) are derived.
var roleHeads = map[string]string{
	"cio": "land", "cdo": "", "cto": "", "cfo": "", "ceo": "",
	"oberbürgermeister": "stadt", "bürgermeister": "", "ortsbürgermeister": "gemeinde",
	"samtgemeindebürgermeister": "verband", "verbandsbürgermeister": "verband", "amtsdirektor": "verband",
	"landrat": "landkreis", "landrät": "landkreis", "kreisrat": "landkreis", "kreisrät": "landkreis",
	"kreisdirektor": "landkreis", "oberkreisdirektor": "landkreis", "regionspräsident": "landkreis",
	"stadtrat": "stadt", "stadträt": "stadt", "stadtdirektor": "stadt", "stadtkämmerer": "stadt", "kämmerer": "", "kreiskämmerer": "landkreis",
	"kämmer": "", "kreiskämmer": "landkreis", "stadtkämmer": "stadt", // "Kämmerin", "Kreiskämmerin"
	"beigeordnet": "", "dezernent": "", "referent": "", "amtsleiter": "", "leiter": "", "chef": "",
	"staatssekretär": "land", "minister": "land", "ministerpräsident": "land", "staatsminister": "land",
	"senator": "land", "staatsrat": "land", "staatsrät": "land", "regierungspräsident": "land",
	"staatskanzleichef": "land",
	"geschäftsführer":   "", "vorstand": "", "vorständ": "", "vorstandsvorsitzend": "", "vorsitzend": "",
	"verbandsvorsteher": "verband", "verbandsdirektor": "verband", "präsident": "", "vizepräsident": "",
	"direktor": "", "sprecher": "", "beauftragt": "", "koordinator": "", "projektleiter": "",
	"abteilungsleiter": "", "referatsleiter": "", "fachbereichsleiter": "", "bereichsleiter": "",
	"fachdienstleiter": "", "teamleiter": "", "gruppenleiter": "", "behördenleiter": "",
	"kanzler": "", "bundeskanzler": "bund", "mitglied": "", "manager": "", "verwaltungsbeamt": "", "herausforder": "", "kandidat": "", "produktmanager": "", "projektmanager": "",
}

// roleSuffixes are heads that also count at the end of a compound:
// "Digitalisierungsdezernent", "Bundesinnenministerin", "Pressesprecher".
var roleSuffixes = []string{
	"bürgermeister", "minister", "dezernent", "leiter", "beauftragt", "direktor", "sprecher",
	"präsident", "geschäftsführer", "vorsitzend", "referent", "stadtrat", "stadträt", "kreisrat", "kreisrät",
	"sekretär", "senator", "koordinator", "landrat", "landrät", "manager", "vorstandsmitglied", "beigeordnet", "beamt", "kämmerer", "kämmer",
	// "CDU-Fraktionschef", "Amtschefin", "Produktverantwortlicher"
	// (q-insuedthueringen-thueringen-hessen-verwaltungscloud,
	// q-medienservice-sachsen-bayern-efa-fischereischein)
	"chef", "verantwortlich",
}

// notRoles are compounds that end like a role but are none.
var notRoles = map[string]bool{"begleiter": true, "wegbegleiter": true, "halbleiter": true, "wegbereiter": true, "anleiter": true}

// Role reports whether word names an office ("Bürgermeisterin",
// "Erster"-less heads such as "Kreisrat", compounds such as
// "Digitalisierungsdezernent", "Sachsen-CIO" → CIO), and which kind of body
// it belongs to. Multi-word offices ("Erster Kreisrat", "Chief Digital
// Officer") are built by the caller from these heads.
func Role(word string) (RoleWord, bool) {
	w := strings.ToLower(strings.Trim(word, ".,;:!?()\"„“”"))
	if i := strings.LastIndex(w, "-"); i >= 0 {
		// "Sachsen-CIO", "Landes-CIO", "IT-Leiter"
		w = w[i+1:]
	}
	if w == "" || notRoles[w] {
		return RoleWord{}, false
	}
	for _, base := range roleBases(w) {
		if kind, ok := roleHeads[base]; ok {
			return RoleWord{Word: word, Base: base, OrgKind: bundKind(w, kind), Prefix: base == "leiter" || base == "chef" || base == "beauftragt" || base == "mitglied"}, true
		}
		for _, s := range roleSuffixes {
			if strings.HasSuffix(base, s) && len(base) > len(s)+2 && !notRoles[base] {
				kind := roleHeads[s]
				return RoleWord{Word: word, Base: s, OrgKind: bundKind(w, kind)}, true
			}
		}
	}
	return RoleWord{}, false
}

func bundKind(w, kind string) string {
	if strings.HasPrefix(w, "bundes") {
		return "bund"
	}
	if strings.HasPrefix(w, "landes") && kind == "" {
		return "land"
	}
	return kind
}

// roleBases returns the candidate base forms of an inflected office word.
func roleBases(w string) []string {
	out := []string{w}
	for _, end := range []string{"innen", "in", "en", "er", "e", "s", "n"} {
		if s, ok := strings.CutSuffix(w, end); ok && len(s) >= 3 {
			out = append(out, s)
		}
	}
	return out
}
