package eval_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/eval"
	"github.com/coopwatch/coopwatch/extract"
)

// writeFile writes content to name in a fresh temporary directory and
// returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// goldJSON has the shape of /work/shared/gold/seeds.json (first entry) and
// of fixtures/gold.json (second entry, with the fixture fields).
const goldJSON = `[
  {
    "seed": "000_c979056a0ec555fb.txt",
    "site": "kommune21.de",
    "title": "Kooperation in Ost-Niedersachsen erweitert",
    "published": "2021-04-29",
    "cooperation": true,
    "keywords": ["Politik", "Kooperation"],
    "partners": [
      {"name": "Stadt Wolfsburg", "aliases": ["Wolfsburg"], "kind": "stadt", "state": "Niedersachsen"},
      {"name": "Landkreis Gifhorn", "aliases": ["Gifhorn", "Kreis Gifhorn"], "kind": "landkreis", "state": "Niedersachsen"}
    ],
    "optional_partners": [],
    "people": [
      {"name": "Thomas Walter", "role": "Erster Kreisrat", "org": "Landkreis Gifhorn"}
    ],
    "optional_people": [],
    "event_types": ["joined"],
    "not_people": ["Hartmut Schubert"],
    "notes": "Gifhorn joins."
  },
  {
    "file": "pages/k21-vertieft.html",
    "url": "https://www.kommune21.de/meldung_1_Kooperation+vertieft.html",
    "fetched_at": "2026-01-05T09:30:00Z",
    "content_type": "text/html; charset=utf-8",
    "kicker": "Baden-Württemberg/Sachsen",
    "site": "kommune21.de",
    "title": "Kooperation vertieft",
    "published": null,
    "cooperation": true,
    "keywords": null,
    "partners": [
      {"name": "Sachsen", "aliases": ["Freistaat Sachsen"], "kind": "land", "state": "Sachsen"}
    ],
    "optional_partners": [
      {"name": "Sächsische Staatskanzlei", "aliases": [], "kind": "behoerde", "state": "Sachsen"}
    ],
    "people": [],
    "event_types": ["extended"]
  }
]`

func TestLoadGold(t *testing.T) {
	golds, err := eval.LoadGold(writeFile(t, "gold.json", goldJSON))
	if err != nil {
		t.Fatal(err)
	}
	want := []eval.Gold{
		{
			Seed:        "000_c979056a0ec555fb.txt",
			Site:        "kommune21.de",
			Title:       "Kooperation in Ost-Niedersachsen erweitert",
			Published:   "2021-04-29",
			Cooperation: true,
			Keywords:    &[]string{"Politik", "Kooperation"},
			Partners: []eval.GoldPartner{
				{Name: "Stadt Wolfsburg", Aliases: []string{"Wolfsburg"}, Kind: extract.KindStadt, State: "Niedersachsen"},
				{Name: "Landkreis Gifhorn", Aliases: []string{"Gifhorn", "Kreis Gifhorn"}, Kind: extract.KindLandkreis, State: "Niedersachsen"},
			},
			OptionalPartners: []eval.GoldPartner{},
			People:           []extract.Person{{Name: "Thomas Walter", Role: "Erster Kreisrat", Org: "Landkreis Gifhorn"}},
			OptionalPeople:   []extract.Person{},
			EventTypes:       []extract.EventType{extract.Joined},
			NotPeople:        []string{"Hartmut Schubert"},
			Notes:            "Gifhorn joins.",
		},
		{
			File:        "pages/k21-vertieft.html",
			URL:         "https://www.kommune21.de/meldung_1_Kooperation+vertieft.html",
			FetchedAt:   time.Date(2026, 1, 5, 9, 30, 0, 0, time.UTC),
			ContentType: "text/html; charset=utf-8",
			Kicker:      "Baden-Württemberg/Sachsen",
			Site:        "kommune21.de",
			Title:       "Kooperation vertieft",
			Cooperation: true,
			Partners:    []eval.GoldPartner{{Name: "Sachsen", Aliases: []string{"Freistaat Sachsen"}, Kind: extract.KindLand, State: "Sachsen"}},
			OptionalPartners: []eval.GoldPartner{
				{Name: "Sächsische Staatskanzlei", Aliases: []string{}, Kind: extract.KindBehoerde, State: "Sachsen"},
			},
			People:     []extract.Person{},
			EventTypes: []extract.EventType{extract.Extended},
		},
	}
	if d := cmp.Diff(want, golds); d != "" {
		t.Errorf("LoadGold (-want +got):\n%s", d)
	}
	if golds[0].Ref() != "000_c979056a0ec555fb.txt" || golds[1].Ref() != "pages/k21-vertieft.html" {
		t.Errorf("Ref() = %q, %q", golds[0].Ref(), golds[1].Ref())
	}
}

// entry returns a valid gold entry as JSON with the replacements applied
// (pairs of old, new).
func entry(repl ...string) string {
	e := `{"file": "pages/x.html", "title": "Zusammen fürs OZG", "published": "2023-03-30", "cooperation": true,
 "keywords": ["OZG"], "partners": [{"name": "Freistaat Bayern", "aliases": ["Bayern"], "kind": "land"}],
 "people": [{"name": "Hartmut Schubert", "role": "CIO"}], "not_people": ["Anna Beck"], "event_types": ["founded"]}`
	return strings.NewReplacer(repl...).Replace(e)
}

func TestLoadGoldErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []string // substrings the error must contain
	}{
		{"syntax error", "[\n  {\"title\": \"x\",,}\n]", []string{"gold.json:2:", "invalid character"}},
		{"not an array", `{"title": "x"}`, []string{"gold.json", "want a JSON array"}},
		{"entry not an object", `[` + entry() + `, 42]`, []string{"entry 1", "want a JSON object"}},
		{"unknown field", `[` + entry(`"people"`, `"persons"`) + `]`, []string{"entry 0 (pages/x.html)", `unknown field "persons"`, "optional_people"}},
		{"unknown nested field", `[` + entry(`"kind"`, `"knd"`) + `]`, []string{"entry 0", "partners", `unknown field "knd"`}},
		{"wrong type", `[` + entry() + `,` + entry(`"cooperation": true`, `"cooperation": "yes"`) + `]`, []string{"entry 1", "cooperation"}},
		{"missing field", `[` + entry(`"keywords": ["OZG"],`, "") + `]`, []string{"entry 0", "missing field keywords", "null"}},
		{"bad date", `[` + entry(`2023-03-30`, `2023-02-30`) + `]`, []string{"entry 0", "published", "2023-02-30"}},
		{"bad fetched_at", `[` + entry(`"title"`, `"fetched_at": "gestern", "title"`) + `]`, []string{"entry 0", "fetched_at"}},
		{"bad kind", `[` + entry(`"land"`, `"bundesland"`) + `]`, []string{"entry 0", "partners[0]", `kind "bundesland"`}},
		{"bad event type", `[` + entry(`"founded"`, `"signed"`) + `]`, []string{"entry 0", "event_types[0]", `"signed"`}},
		{"empty title", `[` + entry(`"Zusammen fürs OZG"`, `" "`) + `]`, []string{"entry 0", "title is empty"}},
		{"empty partner name", `[` + entry(`"Freistaat Bayern"`, `""`) + `]`, []string{"partners[0]: name is empty"}},
		{"partners without cooperation", `[` + entry(`"cooperation": true`, `"cooperation": false`, `["founded"]`, `[]`) + `]`, []string{"partners: 1 partners", "cooperation false"}},
		{"event types without cooperation", `[` + entry(`"cooperation": true`, `"cooperation": false`, `{"name": "Freistaat Bayern", "aliases": ["Bayern"], "kind": "land"}`, ``) + `]`, []string{"event_types: 1 event types", "cooperation false"}},
		{"cooperation without event types", `[` + entry(`["founded"]`, `[]`) + `]`, []string{"event_types: empty", "cooperation true"}},
		{"alias of two partners", `[` + entry(`"aliases": ["Bayern"], "kind": "land"}`, `"aliases": ["Bayern"], "kind": "land"}, {"name": "Bezirk Oberbayern", "aliases": ["bayern"], "kind": "sonstige"}`) + `]`, []string{"partners[1]", `"bayern" is also a name of partners[0]`}},
		{"required and optional", `[` + entry(`"people"`, `"optional_partners": [{"name": "Bayern", "kind": "land"}], "people"`) + `]`, []string{"optional_partners[0]", "partners[0]"}},
		{"person also in not_people", `[` + entry(`"Anna Beck"`, `"Dr. Hartmut  Schubert"`) + `]`, []string{"not_people[0]", "people[0]", `"hartmut schubert"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golds, err := eval.LoadGold(writeFile(t, "gold.json", tt.content))
			if err == nil {
				t.Fatalf("LoadGold = %d entries, nil error; want an error", len(golds))
			}
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("LoadGold error %q does not contain %q", err, s)
				}
			}
		})
	}
}

func TestLoadGoldMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.json")
	_, err := eval.LoadGold(path)
	if err == nil || !strings.Contains(err.Error(), path) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadGold(%q) = %v, want a not-exist error naming the file", path, err)
	}
}

func TestLoadGoldValidEntries(t *testing.T) {
	for _, content := range []string{
		// The base entry of TestLoadGoldErrors must itself be valid, or the
		// error cases prove nothing.
		"[" + entry() + "]",
		// A city and the Landkreis named after it share a PartnerKey but
		// not a name: both can be partners.
		"[" + entry(`"aliases": ["Bayern"], "kind": "land"}`, `"aliases": ["Bayern"], "kind": "land"}, {"name": "Landkreis Görlitz", "kind": "landkreis"}, {"name": "Stadt Görlitz", "aliases": ["Görlitz"], "kind": "stadt"}`) + "]",
	} {
		if _, err := eval.LoadGold(writeFile(t, "gold.json", content)); err != nil {
			t.Errorf("LoadGold(%s): %v", content, err)
		}
	}
}
