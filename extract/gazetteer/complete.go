package gazetteer

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Completion is a place or body offered for a name being typed, as an
// editor records it as a partner.
type Completion struct {
	Name       string // as an editor writes it: "Landkreis Gifhorn", "Stadt Wolfsburg", "Dataport"
	Kind       string // partner kind: land, landkreis, stadt, gemeinde, verband, it-dienstleister, behoerde, …
	Land       string // the Land of a place, the Land of a body's seat or carrier ("" for federal bodies)
	AGS        string // official key of a place (Land 2, Kreis 5, Gemeinde 8, Gemeindeverband 9 digits); "" for bodies
	Level      Level  // level of a place; AnyLevel for a body
	Population int    // of a Gemeinde, or summed over the Gemeinden of a Kreis or Land; 0 for bodies and Gemeindeverbände
}

// Complete returns up to n places and bodies with a name that starts with
// prefix, or with a word of it that does ("Gifh" gives Landkreis Gifhorn and
// Stadt Gifhorn, "Kreuzn" Landkreis Bad Kreuznach, "KGRZ" ekom21 by its
// alias). Case, umlauts ("Münch", "Muench" and "Munch" are alike), "ß" and
// punctuation ("Rhein Sieg", "Rhein-Sieg") do not matter; a trailing space
// ends a word ("Bad " is not "Baden").
//
// A name equal to prefix comes first; then Länder, Kreise and kreisfreie
// Städte, active bodies, Gemeinden, Gemeindeverbände, and merged or renamed
// bodies, each by population (largest first). A kreisfreie Stadt is offered
// once, as the Gemeinde with its 8-digit key, as the extractor records it.
//
// The first call builds an index of all names (some tens of milliseconds);
// later calls take microseconds. The result is a fresh slice.
func (g *Gazetteer) Complete(prefix string, n int) []Completion {
	q := foldQuery(prefix)
	if q == "" || n <= 0 {
		return nil
	}
	c := &g.complete
	c.once.Do(func() { c.build(g) })
	lo, _ := slices.BinarySearchFunc(c.entries, q, func(e completionEntry, q string) int { return strings.Compare(e.key, q) })
	found := make([]uint64, (len(c.items)+63)/64)
	var exact []int32
	for _, e := range c.entries[lo:] {
		if !strings.HasPrefix(e.key, q) {
			break
		}
		if e.key == q && !e.inner {
			exact = append(exact, e.item)
		}
		found[e.item/64] |= 1 << (e.item % 64)
	}
	out := make([]Completion, 0, min(n, 16))
	take := func(i int32) {
		if w, b := i/64, uint64(1)<<(i%64); found[w]&b != 0 && len(out) < n {
			found[w] &^= b
			out = append(out, c.items[i])
		}
	}
	slices.Sort(exact)
	for _, i := range exact {
		take(i)
	}
	// Items are numbered in rank order: the lowest set bits are the best.
	for w := 0; w < len(found) && len(out) < n; w++ {
		for found[w] != 0 && len(out) < n {
			take(int32(w*64 + bits.TrailingZeros64(found[w])))
		}
	}
	return out
}

// completer is Complete's index, built once on first use.
type completer struct {
	once    sync.Once
	items   []Completion      // in rank order: the best first
	entries []completionEntry // sorted by key, then item
}

// completionEntry is one folded spelling of an item's name, or of the
// name from one of its inner words on ("kreuznach" of Bad Kreuznach).
type completionEntry struct {
	key   string
	item  int32
	inner bool
}

// Rank groups of completions, best first.
const (
	rankLand = iota
	rankKreis
	rankBody
	rankGemeinde
	rankVerband
	rankOldBody
)

func (c *completer) build(g *Gazetteer) {
	type candidate struct {
		Completion
		rank  int
		names []string
	}
	// Population of Kreise and Länder: the sum over their Gemeinden.
	pop := make(map[string]int, 512)
	// Kreisfreie Städte: the Gemeinde stands for the Kreis of the same name.
	cityOfKreis := make(map[string]bool, 128)
	for _, p := range g.places {
		if p.Level != LevelGemeinde {
			continue
		}
		pop[p.KreisAGS] += p.Population
		pop[p.LandAGS] += p.Population
		if ki, ok := g.byAGS[p.KreisAGS]; ok && isCity(g.places[ki]) && g.places[ki].Display() == p.Display() {
			cityOfKreis[p.KreisAGS] = true
		}
	}
	cands := make([]candidate, 0, len(g.places)+len(g.bodies))
	for _, p := range g.places {
		cd := candidate{Completion: Completion{Name: p.Display(), Kind: p.Kind, Land: p.Land, AGS: p.AGS, Level: p.Level, Population: p.Population}}
		cd.names = append(nameVariants(p.Name), cd.Name)
		switch p.Level {
		case LevelLand:
			cd.rank, cd.Population = rankLand, pop[p.AGS]
			cd.names = append(cd.names, landAliases[p.Name]...)
		case LevelKreis:
			if isCity(p) && cityOfKreis[p.AGS] {
				continue
			}
			cd.rank, cd.Population = rankKreis, pop[p.AGS]
			if p.Kind == KindLandkreis && !hasOwnKreisWord(p.Name) {
				// Articles and editors write "Kreis Gifhorn" and "Landkreis Pinneberg" too.
				cd.names = append(cd.names, "Kreis "+p.Name, "Landkreis "+p.Name)
			}
		case LevelGemeinde:
			cd.rank = rankGemeinde
			if cityOfKreis[p.KreisAGS] {
				cd.rank = rankKreis
			}
		case LevelVerband:
			cd.rank, cd.Kind = rankVerband, KindVerband
		}
		cands = append(cands, cd)
	}
	for _, b := range g.bodies {
		cd := candidate{Completion: Completion{Name: b.Name, Kind: b.Kind, Land: b.State}, rank: rankBody}
		if b.Status != "active" {
			cd.rank = rankOldBody
		}
		cd.names = append([]string{b.Name}, b.Aliases...)
		cands = append(cands, cd)
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(b.Population, a.Population),
			strings.Compare(a.Name, b.Name), strings.Compare(a.AGS, b.AGS))
	})

	c.items = make([]Completion, len(cands))
	c.entries = make([]completionEntry, 0, 8*len(cands))
	for i, cd := range cands {
		c.items[i] = cd.Completion
		for _, name := range cd.names {
			plain, digraph := foldName(name)
			c.addKey(plain, int32(i))
			if digraph != plain {
				c.addKey(digraph, int32(i))
			}
		}
	}
	slices.SortFunc(c.entries, func(a, b completionEntry) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.item, b.item), compareBool(a.inner, b.inner))
	})
	// One entry per key and item, the whole name's if there is one.
	c.entries = slices.CompactFunc(c.entries, func(a, b completionEntry) bool { return a.key == b.key && a.item == b.item })
	c.entries = slices.Clip(c.entries)
}

// addKey adds the folded name key for item, and the rest of it from each
// inner word on that is not a mere connector ("an", "der", "und").
func (c *completer) addKey(key string, item int32) {
	if key == "" {
		return
	}
	c.entries = append(c.entries, completionEntry{key: key, item: item})
	for i := 0; i < len(key); i++ {
		if key[i] != ' ' {
			continue
		}
		rest := key[i+1:]
		word, _, _ := strings.Cut(rest, " ")
		if len(word) < 2 || connectors[word] {
			continue
		}
		c.entries = append(c.entries, completionEntry{key: rest, item: item, inner: true})
	}
}

// connectors are the words inside names that nobody starts typing a name with.
var connectors = map[string]bool{
	"an": true, "am": true, "im": true, "in": true, "der": true, "die": true, "das": true, "des": true,
	"dem": true, "den": true, "und": true, "fur": true, "fuer": true, "bei": true, "ob": true, "vor": true,
	"auf": true, "zu": true, "zum": true, "zur": true, "von": true, "vom": true, "mit": true,
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// isCity reports a Kreis that is a city: kreisfreie Stadt or Stadtkreis.
func isCity(p Place) bool { return p.Level == LevelKreis && (p.Type == 41 || p.Type == 42) }

// foldName folds a name for prefix matching: lower case, "ß" as "ss",
// accents dropped, every run of other characters than letters and digits
// one space. plain writes umlauts as their base letter ("munchen"), digraph
// as two letters ("muenchen").
func foldName(s string) (plain, digraph string) {
	var p, d strings.Builder
	p.Grow(len(s))
	sep := false
	for _, r := range s {
		a, b, ok := foldRune(r)
		if !ok {
			sep = true
			continue
		}
		if sep && p.Len() > 0 {
			p.WriteByte(' ')
			d.WriteByte(' ')
		}
		sep = false
		p.WriteString(a)
		d.WriteString(b)
	}
	plain = p.String()
	if d.Len() == len(plain) && d.String() == plain {
		return plain, plain
	}
	return plain, d.String()
}

// foldQuery folds what an editor typed like a name, keeping one trailing
// space when the text ends with a separator, so that a finished word
// matches only itself ("Bad " finds Bad Kreuznach, not Baden-Baden).
func foldQuery(s string) string {
	plain, _ := foldName(s)
	if plain == "" {
		return ""
	}
	if r := []rune(s); !isFoldable(r[len(r)-1]) {
		plain += " "
	}
	return plain
}

func isFoldable(r rune) bool {
	_, _, ok := foldRune(r)
	return ok
}

// foldRune returns the plain and digraph forms of a letter or digit, and
// false for everything else.
func foldRune(r rune) (plain, digraph string, ok bool) {
	if r < 0x80 {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return asciiLetters[r], asciiLetters[r], true
		case 'A' <= r && r <= 'Z':
			return asciiLetters[r+'a'-'A'], asciiLetters[r+'a'-'A'], true
		}
		return "", "", false
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return "", "", false
	}
	r = unicode.ToLower(r)
	switch r {
	case 'ä':
		return "a", "ae", true
	case 'ö':
		return "o", "oe", true
	case 'ü':
		return "u", "ue", true
	case 'ß':
		return "ss", "ss", true
	}
	if f, ok := accents[r]; ok {
		return f, f, true
	}
	s := string(r)
	return s, s, true
}

// asciiLetters holds the one-letter strings of ASCII, so that folding
// allocates nothing per letter.
var asciiLetters = func() (t [128]string) {
	for r := range t {
		t[r] = string(rune(r))
	}
	return t
}()

// accents maps accented letters found in German place and body names
// (and their Sorbian and French neighbours) to their base letter.
var accents = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ã': "a", 'å': "a", 'ç': "c", 'č': "c", 'ć': "c", 'é': "e", 'è': "e",
	'ê': "e", 'ë': "e", 'ě': "e", 'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ł': "l", 'ñ': "n", 'ń': "n",
	'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o", 'ø': "o", 'ř': "r", 'š': "s", 'ś': "s", 'ú': "u", 'ù': "u",
	'û': "u", 'ý': "y", 'ž': "z", 'ź': "z",
}
