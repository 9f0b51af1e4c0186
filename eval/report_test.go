package eval_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/eval"
	"github.com/coopwatch/coopwatch/extract"
)

func TestParseThresholds(t *testing.T) {
	tests := []struct {
		name    string
		specs   []string
		want    map[string]float64
		wantErr []string // substrings of the error; nil for success
	}{
		{name: "none", specs: nil, want: map[string]float64{}},
		{name: "one", specs: []string{"partners_f1=0.95"}, want: map[string]float64{"partners_f1": 0.95}},
		{
			name:  "several, commas and spaces",
			specs: []string{"partners_f1=0.9, people_recall = 0.8", "published_accuracy=1", "title_accuracy=0,"},
			want:  map[string]float64{"partners_f1": 0.9, "people_recall": 0.8, "published_accuracy": 1, "title_accuracy": 0},
		},
		{name: "no equals sign", specs: []string{"partners_f1"}, wantErr: []string{`"partners_f1"`, "want metric=value"}},
		{name: "no value", specs: []string{"partners_f1="}, wantErr: []string{`"partners_f1="`, "want metric=value"}},
		{name: "unknown metric", specs: []string{"partner_f1=0.9"}, wantErr: []string{`"partner_f1=0.9"`, `unknown metric "partner_f1"`, "partners_f1", "event_type_accuracy"}},
		{name: "not a number", specs: []string{"partners_f1=high"}, wantErr: []string{`"partners_f1=high"`, "from 0 to 1"}},
		{name: "percent", specs: []string{"partners_f1=95"}, wantErr: []string{`"partners_f1=95"`, "from 0 to 1"}},
		{name: "negative", specs: []string{"partners_f1=-0.1"}, wantErr: []string{"from 0 to 1"}},
		{name: "NaN", specs: []string{"partners_f1=NaN"}, wantErr: []string{"from 0 to 1"}},
		{name: "twice", specs: []string{"partners_f1=0.9", "partners_f1=0.8"}, wantErr: []string{`"partners_f1=0.8"`, "twice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := eval.ParseThresholds(tt.specs)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("ParseThresholds(%q): %v", tt.specs, err)
				}
				if d := cmp.Diff(tt.want, got); d != "" {
					t.Errorf("ParseThresholds(%q) (-want +got):\n%s", tt.specs, d)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseThresholds(%q) = %v, want an error", tt.specs, got)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("ParseThresholds(%q) error %q does not contain %q", tt.specs, err, s)
				}
			}
		})
	}
}

func TestCheck(t *testing.T) {
	r := eval.Report{Metrics: []eval.Metric{
		{Name: "partners_f1", Value: 0.95, TP: 19, FP: 1, FN: 1, N: 21},
		{Name: "people_f1", Value: 0.5, TP: 1, FP: 1, FN: 1, N: 3},
		{Name: "keywords_f1", N: 0},
		{Name: "title_accuracy", Value: 1, Correct: 4, N: 4},
	}}
	tests := []struct {
		name string
		min  map[string]float64
		want []string // substrings of the error; nil for no error
		not  []string // substrings the error must not contain
	}{
		{name: "no thresholds", min: nil},
		{name: "exactly at the threshold passes", min: map[string]float64{"partners_f1": 0.95, "title_accuracy": 1}},
		{name: "just above fails", min: map[string]float64{"partners_f1": 0.951}, want: []string{"partners_f1 0.950 < 0.951"}},
		{
			name: "every failure is named",
			min:  map[string]float64{"partners_f1": 0.99, "people_f1": 0.6, "title_accuracy": 0.5},
			want: []string{"2 of 3 thresholds", "partners_f1 0.950 < 0.990", "people_f1 0.500 < 0.600"},
			not:  []string{"title_accuracy"},
		},
		{name: "undefined metric fails", min: map[string]float64{"keywords_f1": 0}, want: []string{"keywords_f1 not measured"}},
		{name: "metric not in report fails", min: map[string]float64{"role_accuracy": 0.5}, want: []string{"role_accuracy not in report"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := r.Check(tt.min)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Check(%v) = %v, want nil", tt.min, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Check(%v) = nil, want an error", tt.min)
			}
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Check error %q does not contain %q", err, s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(err.Error(), s) {
					t.Errorf("Check error %q contains %q", err, s)
				}
			}
		})
	}
}

func TestCheckAgainstScore(t *testing.T) {
	// 19 of 20 partners found, none wrong: recall is exactly 0.95 as parsed
	// from "0.95", so the gate passes at that value and fails just above.
	g := baseGold()
	a := baseArticle(nil)
	for i := range 20 {
		name := "Gemeinde G" + string(rune('a'+i))
		g.Partners = append(g.Partners, eval.GoldPartner{Name: name, Kind: extract.KindGemeinde})
		if i < 19 {
			a.Events[0].Partners = append(a.Events[0].Partners, extract.Partner{Name: name, Kind: extract.KindGemeinde})
		}
	}
	r := eval.Score([]eval.Gold{g}, []extract.Article{a})
	if m := byName(r)["partners_recall"]; m.TP != 19 || m.FN != 1 {
		t.Fatalf("partners_recall counts = %+v, want tp=19 fn=1", m)
	}
	pass, err := eval.ParseThresholds([]string{"partners_recall=0.95"})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Check(pass); err != nil {
		t.Errorf("Check: %v", err)
	}
	fail, _ := eval.ParseThresholds([]string{"partners_recall=0.96"})
	if err := r.Check(fail); err == nil {
		t.Error("Check at 0.96 = nil, want an error")
	}
}

func TestMetric(t *testing.T) {
	r := eval.Report{Metrics: []eval.Metric{{Name: "partners_f1", Value: 0.5, N: 4}, {Name: "keywords_f1"}}}
	tests := []struct {
		name   string
		want   float64
		wantOK bool
	}{
		{"partners_f1", 0.5, true},
		{"keywords_f1", 0, false},
		{"nonsense", 0, false},
	}
	for _, tt := range tests {
		if v, ok := r.Metric(tt.name); v != tt.want || ok != tt.wantOK {
			t.Errorf("Metric(%q) = %v, %v, want %v, %v", tt.name, v, ok, tt.want, tt.wantOK)
		}
	}
}

func TestWriteTextUndefinedAndFailed(t *testing.T) {
	g := baseGold() // no keywords, no partners, no people
	r := eval.Score([]eval.Gold{g}, nil)
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"pages: 1 (1 failed)",
		"keywords_f1            n/a    tp=0 fp=0 fn=0",
		"published_accuracy     0.000  0/1",
		"pages/a.html  page         an article             no article given",
		"pages/a.html  title        Kooperation erweitert  (page failed)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("WriteText output lacks %q:\n%s", want, out)
		}
	}
}
