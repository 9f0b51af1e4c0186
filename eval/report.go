package eval

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// The metric names, in report order. Their definitions are those of
// /work/shared/gold/README.md; see the package documentation for the
// details the README leaves open.
const (
	PartnersPrecision   = "partners_precision"
	PartnersRecall      = "partners_recall"
	PartnersF1          = "partners_f1"
	PartnerKindAccuracy = "partner_kind_accuracy"
	PeoplePrecision     = "people_precision"
	PeopleRecall        = "people_recall"
	PeopleF1            = "people_f1"
	RoleAccuracy        = "role_accuracy"
	PublishedAccuracy   = "published_accuracy"
	CooperationAccuracy = "cooperation_accuracy"
	TitleAccuracy       = "title_accuracy"
	KeywordsPrecision   = "keywords_precision"
	KeywordsRecall      = "keywords_recall"
	KeywordsF1          = "keywords_f1"
	EventTypeAccuracy   = "event_type_accuracy"
)

// MetricNames returns the names of all metrics in report order. The slice
// is the caller's.
func MetricNames() []string {
	return []string{
		PartnersPrecision, PartnersRecall, PartnersF1, PartnerKindAccuracy,
		PeoplePrecision, PeopleRecall, PeopleF1, RoleAccuracy,
		PublishedAccuracy, CooperationAccuracy, TitleAccuracy,
		KeywordsPrecision, KeywordsRecall, KeywordsF1, EventTypeAccuracy,
	}
}

// Report is the outcome of scoring a set of pages against their gold.
type Report struct {
	Pages   int      `json:"pages"`   // gold entries scored
	Failed  int      `json:"failed"`  // pages that could not be read or extracted, each a miss on every field
	Metrics []Metric `json:"metrics"` // one per name of MetricNames, in that order
	Misses  []Miss   `json:"misses"`  // in gold order; within a page, in metric order
}

// Metric is one measured quantity.
//
// N is the number of items Value is computed over: TP+FP for a precision,
// TP+FN for a recall, TP+FP+FN for an F1 (which is 2TP/(2TP+FP+FN)), and
// the items judged for an accuracy, of which Correct were right. When N is
// 0 the metric is undefined (nothing was predicted, or there was nothing to
// find): Value is then 0, Metric reports it as absent, WriteText prints
// "n/a" and Check fails any threshold set on it, because a gate on
// something that was not measured must not pass silently.
type Metric struct {
	Name    string  `json:"name"`
	Value   float64 `json:"value"`
	TP      int     `json:"tp,omitempty"`
	FP      int     `json:"fp,omitempty"`
	FN      int     `json:"fn,omitempty"`
	Correct int     `json:"correct,omitempty"`
	N       int     `json:"n"`
}

// Defined reports whether the metric was measured at all (N > 0).
func (m Metric) Defined() bool { return m.N > 0 }

// Miss is one disagreement between an extracted article and its gold.
// Expected is empty for a prediction the gold does not have (a false
// positive), Got is empty for a gold item the extractor did not find.
type Miss struct {
	Article  string `json:"article"`  // the gold entry's Ref
	Field    string `json:"field"`    // page, partners, partner_kind, people, not_people, role, published, cooperation, title, keywords, event_types
	Expected string `json:"expected"` // the gold value
	Got      string `json:"got"`      // the extracted value
}

// Metric returns the value of the named metric, and false when there is
// no such metric or it is undefined (N = 0).
func (r Report) Metric(name string) (float64, bool) {
	for _, m := range r.Metrics {
		if m.Name == name {
			return m.Value, m.Defined()
		}
	}
	return 0, false
}

// WriteText writes r for people: the page count, a table of the metrics
// with their counts, then every miss with article, field, expected and got
// ("-" for an empty value).
func (r Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "pages: %d (%d failed)\n\n", r.Pages, r.Failed)
	fmt.Fprintln(tw, "metric\tvalue\tcounts")
	for _, m := range r.Metrics {
		v := "n/a"
		if m.Defined() {
			v = strconv.FormatFloat(m.Value, 'f', 3, 64)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", m.Name, v, m.counts())
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	fmt.Fprintf(tw, "\nmisses: %d\n", len(r.Misses))
	if len(r.Misses) > 0 {
		fmt.Fprintln(tw, "article\tfield\texpected\tgot")
	}
	for _, m := range r.Misses {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", cell(m.Article), m.Field, cell(m.Expected), cell(m.Got))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// counts returns the counts of m as WriteText shows them.
func (m Metric) counts() string {
	switch {
	case strings.HasSuffix(m.Name, "_precision"):
		return fmt.Sprintf("tp=%d fp=%d", m.TP, m.FP)
	case strings.HasSuffix(m.Name, "_recall"):
		return fmt.Sprintf("tp=%d fn=%d", m.TP, m.FN)
	case strings.HasSuffix(m.Name, "_f1"):
		return fmt.Sprintf("tp=%d fp=%d fn=%d", m.TP, m.FP, m.FN)
	}
	return fmt.Sprintf("%d/%d", m.Correct, m.N)
}

// cell makes s fit one table cell: white space folded (tabs and newlines
// would break the table), "-" when empty.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "-"
	}
	return s
}

// ParseThresholds parses minimum values given as "name=value", e.g.
// "partners_f1=0.95"; a spec may hold several, separated by commas. Values
// are numbers from 0 to 1. A spec that is malformed, names an unknown
// metric or repeats one is an error that quotes it.
func ParseThresholds(specs []string) (map[string]float64, error) {
	names := MetricNames()
	minimum := map[string]float64{}
	for _, spec := range specs {
		for item := range strings.SplitSeq(spec, ",") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			name, val, ok := strings.Cut(item, "=")
			name, val = strings.TrimSpace(name), strings.TrimSpace(val)
			if !ok || name == "" || val == "" {
				return nil, fmt.Errorf("threshold %q: want metric=value, e.g. partners_f1=0.95", item)
			}
			if !slices.Contains(names, name) {
				return nil, fmt.Errorf("threshold %q: unknown metric %q: want one of %s", item, name, strings.Join(names, ", "))
			}
			v, err := strconv.ParseFloat(val, 64)
			if err != nil || !(v >= 0 && v <= 1) {
				return nil, fmt.Errorf("threshold %q: value %q: want a number from 0 to 1", item, val)
			}
			if _, dup := minimum[name]; dup {
				return nil, fmt.Errorf("threshold %q: %s is given twice", item, name)
			}
			minimum[name] = v
		}
	}
	return minimum, nil
}

// Check returns nil when every metric named in minimum reaches its minimum,
// and otherwise one error naming every metric that does not, with its
// value and minimum. An undefined metric (N = 0) and a name the report
// does not have both fail.
func (r Report) Check(minimum map[string]float64) error {
	var fails []string
	seen := map[string]bool{}
	for _, m := range r.Metrics {
		want, ok := minimum[m.Name]
		if !ok {
			continue
		}
		seen[m.Name] = true
		switch {
		case !m.Defined():
			fails = append(fails, fmt.Sprintf("%s not measured (n=0), want >= %.3f", m.Name, want))
		case m.Value < want:
			fails = append(fails, fmt.Sprintf("%s %.3f < %.3f", m.Name, m.Value, want))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(minimum)) {
		if !seen[name] {
			fails = append(fails, fmt.Sprintf("%s not in report, want >= %.3f", name, minimum[name]))
		}
	}
	if len(fails) > 0 {
		return fmt.Errorf("%d of %d thresholds not met: %s", len(fails), len(minimum), strings.Join(fails, "; "))
	}
	return nil
}
