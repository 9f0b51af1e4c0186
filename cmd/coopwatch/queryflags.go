package main

import (
	"flag"
	"strconv"
	"strings"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

// queryFlags are the search filters that search and export share with the
// search page: AND across flags, OR within one.
type queryFlags struct {
	sortBy, from, to                                                         *string
	partners, kinds, states, people, keywords, types, sites, statuses, years stringList
}

func addQueryFlags(fs *flag.FlagSet) *queryFlags {
	qf := &queryFlags{}
	qf.sortBy = fs.String("sort", "", "`order`: relevance (default with a query), -date (newest first) or date")
	fs.Var(&qf.partners, "partner", "only events with this partner `NAME` (repeatable)")
	fs.Var(&qf.kinds, "kind", "only partners of this `KIND` (stadt, landkreis, land, …)")
	fs.Var(&qf.states, "state", "only partners in this `LAND`")
	fs.Var(&qf.people, "person", "only articles naming this `PERSON`")
	fs.Var(&qf.keywords, "keyword", "only articles with this site `KEYWORD`")
	fs.Var(&qf.types, "type", "only events of this `TYPE` (founded, joined, extended, ended, planned)")
	fs.Var(&qf.sites, "site", "only articles of this `SITE` (kommune21.de)")
	fs.Var(&qf.statuses, "status", "only events with this review `STATUS` (pending, confirmed, corrected, rejected)")
	fs.Var(&qf.years, "year", "only articles published in `YEAR`")
	qf.from = fs.String("from", "", "published on or after `DATE` (2021, 2021-04 or 2021-04-29)")
	qf.to = fs.String("to", "", "published on or before `DATE`")
	return qf
}

// query builds the index query for the free text words and the flags,
// naming the command in a usage error for a bad value.
func (qf *queryFlags) query(cmd string, words []string) (index.Query, error) {
	q := index.Query{
		Text: strings.Join(words, " "), Sort: *qf.sortBy,
		Partners: qf.partners, Kinds: qf.kinds, States: qf.states, People: qf.people,
		Keywords: qf.keywords, Types: qf.types, Sites: qf.sites, Statuses: qf.statuses,
	}
	for _, y := range qf.years {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1900 || n > 2199 {
			return q, usagef("%s: invalid --year %q: want a year like 2021", cmd, y)
		}
		q.Years = append(q.Years, n)
	}
	for _, d := range []struct {
		flag, s string
		dst     *extract.Date
	}{{"--from", *qf.from, &q.From}, {"--to", *qf.to, &q.To}} {
		if d.s == "" {
			continue
		}
		if extract.Date(d.s).Validate() != nil {
			return q, usagef("%s: invalid %s %q: want a date like 2021-04-29, 2021-04 or 2021", cmd, d.flag, d.s)
		}
		*d.dst = extract.Date(d.s)
	}
	return q, nil
}
