package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coopwatch/coopwatch/extract"
)

// Gold is what a careful editor records for one page: the answer an
// extracted Article is scored against. Its JSON form is the gold file
// format of /work/shared/gold/README.md and fixtures/gold.json.
type Gold struct {
	Seed        string       `json:"seed,omitempty"`         // the seed text dump the entry answers, for the five seed pages
	File        string       `json:"file,omitempty"`         // the page, relative to the gold file's directory: "pages/k21-gifhorn.html"
	URL         string       `json:"url,omitempty"`          // the page's (canonical) URL, passed to the extractor
	Site        string       `json:"site,omitempty"`         // host without "www."; recorded, not scored
	ContentType string       `json:"content_type,omitempty"` // the Content-Type header the page is served with
	FetchedAt   time.Time    `json:"fetched_at,omitzero"`    // when the page was "fetched": reference for relative dates
	Title       string       `json:"title"`
	Kicker      string       `json:"kicker,omitempty"` // recorded, not scored
	Published   extract.Date `json:"published"`        // "" (null) when the page prints no date of its own
	Cooperation bool         `json:"cooperation"`
	// Keywords are the tags the page prints, in page order; nil (JSON null)
	// when the page prints no tag list, and then keywords are not scored.
	Keywords         *[]string           `json:"keywords"`
	Partners         []GoldPartner       `json:"partners"`          // the parties a correct answer must name
	OptionalPartners []GoldPartner       `json:"optional_partners"` // may be named or not: neither rewarded nor penalised
	People           []extract.Person    `json:"people"`
	OptionalPeople   []extract.Person    `json:"optional_people"`
	NotPeople        []string            `json:"not_people"` // names on the page that must not be predicted as people
	EventTypes       []extract.EventType `json:"event_types"`
	Notes            string              `json:"notes,omitempty"`
}

// GoldPartner is a body the gold names, with the other spellings that count
// as the same body.
type GoldPartner struct {
	Name    string              `json:"name"`
	Aliases []string            `json:"aliases"`
	Kind    extract.PartnerKind `json:"kind"`
	State   string              `json:"state,omitempty"`
}

// Ref returns how reports name the entry: its file, else its seed, else its
// URL, else its title in quotes; "" when it has none of them.
func (g Gold) Ref() string {
	for _, s := range []string{g.File, g.Seed, g.URL} {
		if s != "" {
			return s
		}
	}
	if g.Title != "" {
		return strconv.Quote(g.Title)
	}
	return ""
}

// requiredKeys must be present in every gold entry, even when empty or
// null: their absence is far more likely a slip than a statement, and each
// changes the score (a missing "keywords" would silently skip scoring, a
// missing "published" would claim the page has no date).
var requiredKeys = []string{"title", "published", "cooperation", "keywords", "partners", "people", "event_types"}

// goldKeys are all keys a gold entry may hold.
var goldKeys = []string{
	"seed", "file", "url", "site", "content_type", "fetched_at", "title", "kicker",
	"published", "cooperation", "keywords", "partners", "optional_partners",
	"people", "optional_people", "not_people", "event_types", "notes",
}

// LoadGold reads the gold file at path: a JSON array of entries in the
// format of /work/shared/gold/seeds.json, plus the fixture fields file, url,
// fetched_at, content_type and kicker. Every entry must pass
// (Gold).Validate. Errors name the file, the entry's index (from 0, as in
// jq's .[i]) and the field; for a syntax error, the line and column.
func LoadGold(path string) ([]Gold, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load gold: %w", err)
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := position(data, se.Offset)
			return nil, fmt.Errorf("load gold %s:%d:%d: %w", path, line, col, err)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("load gold %s: want a JSON array of entries, got %s", path, te.Value)
		}
		return nil, fmt.Errorf("load gold %s: %w", path, err)
	}
	golds := make([]Gold, 0, len(raws))
	for i, raw := range raws {
		g, err := decodeGold(raw)
		if err == nil {
			err = g.Validate()
		}
		if err != nil {
			what := ""
			if ref := g.Ref(); ref != "" {
				what = " (" + ref + ")"
			}
			return nil, fmt.Errorf("load gold %s: entry %d%s: %w", path, i, what, err)
		}
		golds = append(golds, g)
	}
	return golds, nil
}

// position returns the 1-based line and column of byte offset off in data.
func position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, max(col, 1)
}

// decodeGold decodes one entry key by key, so that errors name the key.
// It returns what it decoded so far, so the caller can name the entry.
func decodeGold(raw json.RawMessage) (Gold, error) {
	var g Gold
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return g, fmt.Errorf("want a JSON object, got %s", te.Value)
		}
		return g, err
	}
	if fields == nil {
		return g, errors.New("want a JSON object, got null")
	}
	targets := map[string]any{
		"seed": &g.Seed, "file": &g.File, "url": &g.URL, "site": &g.Site,
		"content_type": &g.ContentType, "fetched_at": &g.FetchedAt, "title": &g.Title,
		"kicker": &g.Kicker, "published": &g.Published, "cooperation": &g.Cooperation,
		"keywords": &g.Keywords, "partners": &g.Partners, "optional_partners": &g.OptionalPartners,
		"people": &g.People, "optional_people": &g.OptionalPeople, "not_people": &g.NotPeople,
		"event_types": &g.EventTypes, "notes": &g.Notes,
	}
	// Decode the naming keys first so that later errors can name the entry.
	keys := []string{"file", "seed", "url", "title"}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		v, ok := fields[k]
		if !ok {
			continue
		}
		target, known := targets[k]
		if !known {
			return g, fmt.Errorf("unknown field %q: want one of %s", k, strings.Join(goldKeys, ", "))
		}
		dec := json.NewDecoder(bytes.NewReader(v))
		dec.DisallowUnknownFields()
		if err := dec.Decode(target); err != nil {
			return g, fmt.Errorf("%s: %w", k, err)
		}
	}
	var missing []string
	for _, k := range requiredKeys {
		if _, ok := fields[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return g, fmt.Errorf("missing field %s (write null or [] if that is the answer)", strings.Join(missing, ", "))
	}
	return g, nil
}

// Validate reports every way in which g cannot be scored unambiguously:
// an empty title or name, an unknown partner kind or event type, an invalid
// date, partners on an article that is not about a cooperation, a
// cooperation without event types, a name or alias given to two partners
// (also one required and one optional), and a person in two of people,
// optional_people and not_people (after PersonKey), any of which would
// make a prediction match either. Two partners may share a PartnerKey
// ("Landkreis Görlitz" and "Stadt Görlitz"): scoring tells them apart.
func (g Gold) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if strings.TrimSpace(g.Title) == "" {
		add("title is empty")
	}
	if err := g.Published.Validate(); err != nil {
		add("published: %w", err)
	}
	if !g.Cooperation {
		if len(g.Partners) > 0 {
			add("partners: %d partners on an article with cooperation false (partners come from events, and such an article has none)", len(g.Partners))
		}
		if len(g.EventTypes) > 0 {
			add("event_types: %d event types on an article with cooperation false", len(g.EventTypes))
		}
	} else if len(g.EventTypes) == 0 {
		add("event_types: empty on an article with cooperation true: name at least one of founded, joined, extended, ended, planned")
	}
	for i, t := range g.EventTypes {
		if !t.Valid() {
			add("event_types[%d]: %q: want founded, joined, extended, ended or planned", i, t)
		}
	}
	if g.Keywords != nil {
		for i, k := range *g.Keywords {
			if fold(k) == "" {
				add("keywords[%d] is empty", i)
			}
		}
	}

	partnerOwner := map[string]string{} // nameKey → "partners[i]"
	checkPartners := func(field string, ps []GoldPartner) {
		for i, p := range ps {
			at := fmt.Sprintf("%s[%d]", field, i)
			if fold(p.Name) == "" {
				add("%s: name is empty", at)
			}
			if !p.Kind.Valid() {
				add("%s: kind %q of %q: want gemeinde, stadt, landkreis, land, bund, behoerde, it-dienstleister, verband, unternehmen or sonstige", at, p.Kind, p.Name)
			}
			for _, n := range append([]string{p.Name}, p.Aliases...) {
				k := nameKey(n)
				if k == "" {
					add("%s: empty alias", at)
					continue
				}
				if owner, ok := partnerOwner[k]; ok && owner != at {
					add("%s: %q is also a name of %s: a prediction could match either", at, n, owner)
					continue
				}
				partnerOwner[k] = at
			}
		}
	}
	checkPartners("partners", g.Partners)
	checkPartners("optional_partners", g.OptionalPartners)

	personOwner := map[string]string{}
	checkName := func(at, name string) {
		k := PersonKey(name)
		if k == "" {
			add("%s: name is empty", at)
			return
		}
		if owner, ok := personOwner[k]; ok {
			add("%s: %q is the same person as %s once normalised (%q)", at, name, owner, k)
			return
		}
		personOwner[k] = at
	}
	for i, p := range g.People {
		checkName(fmt.Sprintf("people[%d]", i), p.Name)
	}
	for i, p := range g.OptionalPeople {
		checkName(fmt.Sprintf("optional_people[%d]", i), p.Name)
	}
	for i, n := range g.NotPeople {
		checkName(fmt.Sprintf("not_people[%d]", i), n)
	}
	return errors.Join(errs...)
}
