package index

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/vellum/regexp"
)

// QuerySyntax describes the free-text syntax Search accepts, for help
// texts and error messages.
const QuerySyntax = `words match in any order (any word may match; better matches rank first); ` +
	`+word requires a word, -word excludes it; "exact phrase"; field:value searches one field ` +
	`(title, kicker, text, evidence, partner, person, keyword, kind, state, ags, type, site, status, year); ` +
	`koop* and ko?p match prefixes and patterns, /regexp/ a regular expression; word~1 allows one typo; ` +
	`word^3 weighs a word more; published:>="2021-01-01" limits the date; a backslash escapes a special character. ` +
	`There is no AND, OR, NOT and no grouping with parentheses.`

// QueryError reports a Query that Search cannot run: a malformed free-text
// query or an out-of-range parameter. Its message says what is wrong and
// what is accepted, and may be shown to the user as it is.
type QueryError struct {
	Field string // the Query field that is wrong: "text", "limit", "offset", "sort", "from", "to", "years", "types", "statuses", "kinds"
	Query string // the offending value, as given
	Msg   string // what is wrong and what is accepted
	Err   error  // the parser's error, if any
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Field, e.Query, e.Msg)
}

// Unwrap returns the underlying parser error, or nil.
func (e *QueryError) Unwrap() error { return e.Err }

func textError(text, msg string, err error) *QueryError {
	return &QueryError{Field: "text", Query: text, Msg: msg + ". Accepted: " + QuerySyntax, Err: err}
}

// queryFields maps the field names of the query syntax to the fields of
// the search documents. Names people look for by (partner, person,
// keyword) search the analysed copies, so "partner:gifhorn" finds
// "Landkreis Gifhorn"; filters use the exact keyword fields.
var queryFields = map[string]string{
	"title": fTitle, "kicker": fKicker, "text": fText, "evidence": fEvidence,
	"partner": fPartnerText, "person": fPersonText, "keyword": fKeywordText,
	"kind": fKind, "state": fState, "ags": fAGS, "type": fType, "site": fSite,
	"status": fStatus, "year": fYear, "published": fPublished,
}

// analysedFields hold German text analysed with the de analyzer.
var analysedFields = []string{fTitle, fKicker, fText, fEvidence, fPartnerText, fPersonText, fKeywordText}

// freeField is a field a term without "field:" searches, with its weight.
type freeField struct {
	name   string
	boost  float64
	suffix bool // a suffix field: queried with the de analyzer, not its own
}

// freeFields are searched by terms without a field. The title, partners
// and keywords weigh most: an article about Gifhorn names it there, one
// that mentions it in passing only in the text. The suffix fields find
// compounds ("Digitalisierung" in "Verwaltungsdigitalisierung") but weigh
// less than whole words.
var freeFields = []freeField{
	{fTitle, 3, false},
	{fTitleSuffix, 1, true},
	{fKicker, 1.5, false},
	{fPartnerText, 2.5, false},
	{fKeywordText, 2, false},
	{fPersonText, 1.5, false},
	{fText, 1, false},
	{fTextSuffix, 0.3, true},
	{fEvidence, 0.5, false},
}

// parseText checks the free-text query text and returns the Bleve query
// for it. A malformed text gives a *QueryError.
func parseText(text string) (query.Query, error) {
	if msg := diagnose(text); msg != "" {
		return nil, textError(text, msg, nil)
	}
	qs := query.NewQueryStringQuery(text)
	if err := qs.Validate(); err != nil {
		return nil, textError(text, "cannot read the query ("+err.Error()+")", err)
	}
	q, err := qs.Parse()
	if err != nil {
		return nil, textError(text, "cannot read the query ("+err.Error()+")", err)
	}
	q, err = rewrite(q)
	if err != nil {
		return nil, textError(text, err.Error(), nil)
	}
	return simplify(q), nil
}

// simplify removes the conjunctions and disjunctions of a single query
// that the query-string parser wraps around its clauses ("Verwaltung" is
// a disjunction of one disjunction of the word's fields). Bleve scores
// such a wrapper exactly as its one part (the sum of one score, times a
// coordination factor of 1/1, with the part's weight) but steps through
// every match once more. A boolean query of only must or only should
// clauses is searched as those clauses alone, so it goes too; the parts
// of a boolean query with several are kept as they are, because the
// boolean searcher reads their minimum matches. A disjunction of several
// queries (words of which any may match) becomes a spreadQuery. simplify
// is for the parser's queries: their disjunctions leave out parts that
// match nothing.
func simplify(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		switch {
		case q.Must != nil && q.Should == nil && q.MustNot == nil && q.Filter == nil:
			return simplify(q.Must)
		case q.Must == nil && q.Should != nil && q.MustNot == nil && q.Filter == nil:
			return simplify(q.Should)
		}
		for _, part := range []query.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			mapChildren(part, simplify)
		}
	case *query.ConjunctionQuery:
		if len(q.Conjuncts) == 1 {
			return simplify(q.Conjuncts[0])
		}
		mapChildren(q, simplify)
	case *query.DisjunctionQuery:
		if len(q.Disjuncts) == 1 && q.Min <= 1 {
			return simplify(q.Disjuncts[0])
		}
		mapChildren(q, simplify)
		if q.Min <= 1 {
			// Words of which any may match: scored a window at a time
			// (spreadSearcher), leaving out parts that match nothing as
			// the parser's disjunction does.
			return &spreadQuery{parts: q.Disjuncts, plain: q, skipNone: true}
		}
	}
	return q
}

// mapChildren replaces each clause of a boolean query, conjunct of a
// conjunction or disjunct of a disjunction q by f of it, leaving q itself;
// other queries have no children.
func mapChildren(q query.Query, f func(query.Query) query.Query) {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, part := range []*query.Query{&q.Must, &q.Should, &q.MustNot, &q.Filter} {
			if *part != nil {
				*part = f(*part)
			}
		}
	case *query.ConjunctionQuery:
		for i, c := range q.Conjuncts {
			q.Conjuncts[i] = f(c)
		}
	case *query.DisjunctionQuery:
		for i, c := range q.Disjuncts {
			q.Disjuncts[i] = f(c)
		}
	}
}

// diagnose finds the mistakes people make most with the query-string
// syntax and explains them; Bleve's own message is often just "syntax
// error". It returns "" when it finds nothing.
func diagnose(text string) string {
	var (
		inQuote  bool
		escaped  bool
		word     strings.Builder
		problems string
	)
	endWord := func() {
		w := word.String()
		word.Reset()
		if problems != "" || w == "" {
			return
		}
		bare := strings.TrimLeft(w, "+-")
		switch {
		case bare == "":
			problems = fmt.Sprintf("%q stands alone: + and - go directly before a word, e.g. +gifhorn -wolfsburg", w)
		case bare == "AND" || bare == "OR" || bare == "NOT" || bare == "&&" || bare == "||" || bare == "!":
			problems = fmt.Sprintf("%q is not an operator here: all words are optional, +word requires a word and -word excludes it", bare)
		case strings.HasPrefix(bare, ":"):
			problems = fmt.Sprintf("%q has a colon without a field name before it: write field:value, e.g. title:gifhorn, or escape the colon as \\:", w)
		case strings.HasSuffix(bare, ":") && !strings.HasSuffix(bare, "\\:"):
			problems = fmt.Sprintf("field %q has no value: write field:value, e.g. title:gifhorn", strings.TrimSuffix(bare, ":"))
		case bare == "^" || bare == "~" || strings.HasPrefix(bare, "^") || strings.HasPrefix(bare, "~"):
			problems = fmt.Sprintf("%q needs a word before it: word^2 weighs a word more, word~1 allows one typo", w)
		}
	}
	for _, r := range text {
		switch {
		case escaped:
			escaped = false
			word.WriteRune(r)
		case r == '\\':
			escaped = true
			word.WriteRune(r)
		case r == '"':
			inQuote = !inQuote
			word.WriteRune(r)
		case inQuote:
			word.WriteRune(r)
		case r == '(' || r == ')':
			if problems == "" {
				problems = "parentheses are not supported, there is no grouping: list the words, mark required ones with + and excluded ones with -, or put the parenthesis in quotes to search for it"
			}
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			endWord()
		default:
			word.WriteRune(r)
		}
	}
	if inQuote {
		return `a quote is not closed: end the phrase with another ", e.g. "kommunale zusammenarbeit"`
	}
	if escaped {
		return "the query ends with a backslash: a backslash escapes the character after it"
	}
	endWord()
	return problems
}

// rewrite adapts the parsed query string to the mapping: terms without a
// field search the weighted freeFields, field names are mapped to document
// fields, and wildcards are folded the way the de analyzer folds indexed
// words (Bleve does not analyse wildcard terms: "Koop*" would find nothing).
func rewrite(q query.Query) (query.Query, error) {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, part := range []*query.Query{&q.Must, &q.Should, &q.MustNot} {
			if *part == nil {
				continue
			}
			r, err := rewrite(*part)
			if err != nil {
				return nil, err
			}
			*part = r
		}
		return q, nil
	case *query.ConjunctionQuery:
		return q, rewriteAll(q.Conjuncts)
	case *query.DisjunctionQuery:
		// A bare number becomes "match it as text or as a number"; no
		// field is numeric, so keep the text half.
		if len(q.Disjuncts) == 2 {
			if m, ok := q.Disjuncts[0].(*query.MatchQuery); ok {
				if _, ok := q.Disjuncts[1].(*query.NumericRangeQuery); ok {
					return rewrite(m)
				}
			}
		}
		return q, rewriteAll(q.Disjuncts)
	case *query.MatchQuery:
		if q.FieldVal != "" {
			return q, mapField(q)
		}
		var parts []query.Query
		for _, f := range freeFields {
			if f.suffix && q.Fuzziness > 0 {
				continue // fuzzy matching of suffixes matches nearly anything
			}
			m := query.NewMatchQuery(q.Match)
			m.SetField(f.name)
			m.SetFuzziness(q.Fuzziness)
			m.SetPrefix(q.Prefix)
			m.SetOperator(q.Operator)
			m.SetBoost(f.boost)
			if f.suffix {
				m.Analyzer = analyzerDE
			}
			parts = append(parts, m)
		}
		return spread(parts, q.BoostVal), nil
	case *query.MatchPhraseQuery:
		if q.FieldVal != "" {
			return q, mapField(q)
		}
		var parts []query.Query
		for _, f := range freeFields {
			if f.suffix {
				continue
			}
			m := query.NewMatchPhraseQuery(q.MatchPhrase)
			m.SetField(f.name)
			m.SetFuzziness(q.Fuzziness)
			m.SetBoost(f.boost)
			parts = append(parts, m)
		}
		return spread(parts, q.BoostVal), nil
	case *query.WildcardQuery:
		if literal := strings.NewReplacer("*", "", "?", "").Replace(q.Wildcard); len([]rune(literal)) < 2 {
			return nil, fmt.Errorf("pattern %q is too general: give at least two letters, e.g. ko*", q.Wildcard)
		}
		if q.FieldVal != "" {
			if err := mapField(q); err != nil {
				return nil, err
			}
			if slices.Contains(analysedFields, q.FieldVal) {
				q.Wildcard = fold(q.Wildcard)
			}
			return q, nil
		}
		var parts []query.Query
		for _, f := range freeFields {
			if f.suffix {
				continue
			}
			w := query.NewWildcardQuery(fold(q.Wildcard))
			w.SetField(f.name)
			w.SetBoost(f.boost)
			parts = append(parts, w)
		}
		return spread(parts, q.BoostVal), nil
	case *query.RegexpQuery:
		// The index matches regular expressions with vellum, which refuses
		// some that Go accepts (zero-width assertions such as $).
		if _, err := regexp.New(q.Regexp); err != nil {
			return nil, fmt.Errorf("regular expression /%s/ is malformed (%v); regular expressions match whole index terms, which are lower case with umlauts folded (ä to a)", q.Regexp, err)
		}
		if q.FieldVal != "" {
			return q, mapField(q)
		}
		var parts []query.Query
		for _, f := range freeFields {
			if f.suffix {
				continue
			}
			r := query.NewRegexpQuery(q.Regexp)
			r.SetField(f.name)
			r.SetBoost(f.boost)
			parts = append(parts, r)
		}
		return spread(parts, q.BoostVal), nil
	case *query.DateRangeQuery:
		if q.FieldVal != "published" {
			return nil, fmt.Errorf("field %q has no dates: date ranges work on published only, e.g. published:>=\"2021-01-01\"", q.FieldVal)
		}
		return q, nil
	case *query.NumericRangeQuery:
		return nil, fmt.Errorf("field %q has no numbers: ranges work on dates only, e.g. published:>=\"2021-01-01\"; for years use year:2021", q.FieldVal)
	}
	return q, nil
}

func rewriteAll(qs []query.Query) error {
	for i, c := range qs {
		r, err := rewrite(c)
		if err != nil {
			return err
		}
		qs[i] = r
	}
	return nil
}

// spread returns the query of one word in each free-text field (parts),
// with the weight the user gave the word (word^3) on each part: Bleve
// leaves the boost of a disjunction unused.
func spread(parts []query.Query, boost *query.Boost) query.Query {
	if boost != nil {
		for _, p := range parts {
			if b, ok := p.(query.BoostableQuery); ok {
				b.SetBoost(b.Boost() * boost.Value())
			}
		}
	}
	return newSpread(parts)
}

// fieldQuery is a query on one field.
type fieldQuery interface {
	Field() string
	SetField(string)
}

// mapField replaces the query-syntax field name of q with the document
// field, or says which names exist.
func mapField(q fieldQuery) error {
	f, ok := queryFields[q.Field()]
	if !ok {
		return fmt.Errorf("there is no field %q: fields are title, kicker, text, evidence, partner, person, keyword, kind, state, ags, type, site, status, year and published", q.Field())
	}
	q.SetField(f)
	return nil
}

// fold lower-cases a wildcard pattern and folds umlauts and ß as the de
// analyzer does with indexed words, leaving * and ? alone.
func fold(pattern string) string {
	tok := &analysis.Token{Term: []byte(strings.ToLower(pattern))}
	out := de.NewGermanNormalizeFilter().Filter(analysis.TokenStream{tok})
	return string(out[0].Term)
}
