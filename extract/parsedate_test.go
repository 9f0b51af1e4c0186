package extract_test

import (
	"testing"
	"time"

	"github.com/coopwatch/coopwatch/extract"
)

var parseDateTests = []struct {
	in      string
	want    extract.Date
	wantErr bool
}{
	{in: "2021-04-29", want: "2021-04-29"},
	{in: "2021-04-29T10:00:00+02:00", want: "2021-04-29"},
	{in: "2021-04-29T10:00:00Z", want: "2021-04-29"},
	{in: "2021-04-29 10:00:00", want: "2021-04-29"},
	{in: "2021-04-29T10:00:00.123+0200", want: "2021-04-29"},
	{in: "2021-04", want: "2021-04"},
	{in: "29.4.2021", want: "2021-04-29"},
	{in: "29.04.2021", want: "2021-04-29"},
	{in: "29.4.21", want: "2021-04-29"},
	{in: "1.12.98", want: "1998-12-01"},
	{in: "[29.4.2021]", want: "2021-04-29"},
	{in: " 26.08.2025 ", want: "2025-08-26"},
	{in: "20.12.2017 14:43", want: "2017-12-20"},
	{in: "20.12.2017, 14:43 Uhr", want: "2017-12-20"},
	{in: "19. Dezember 2025", want: "2025-12-19"},
	{in: "19. Dez. 2025", want: "2025-12-19"},
	{in: "19 Dezember 2025", want: "2025-12-19"},
	{in: "1. März 2024", want: "2024-03-01"},
	{in: "1. MÄRZ 2024", want: "2024-03-01"},
	{in: "3. Jänner 2022", want: "2022-01-03"},
	{in: "12. Sept. 2023", want: "2023-09-12"},
	{in: "Montag, 5. Januar 2026", want: "2026-01-05"},
	{in: "Mo., 5.1.2026", want: "2026-01-05"},
	{in: "März 2024", want: "2024-03"},
	{in: "Mrz. 2024", want: "2024-03"},
	{in: "September 2020", want: "2020-09"},
	{in: "Juni 2019", want: "2019-06"},
	{in: "2019", want: "2019"},
	{in: "", wantErr: true},
	{in: "gestern", wantErr: true},
	{in: "31.2.2021", wantErr: true},
	{in: "2021-13-01", wantErr: true},
	{in: "2021-00-05", wantErr: true},
	{in: "0.4.2021", wantErr: true},
	{in: "1. Brumaire 2024", wantErr: true},
	{in: "1. März", wantErr: true},
	{in: "1899", wantErr: true},
	{in: "12345", wantErr: true},
	{in: "29.4.2021 und 30.4.2021", wantErr: true},
}

func TestParseDate(t *testing.T) {
	for _, tt := range parseDateTests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := extract.ParseDate(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Errorf("ParseDate(%q) = %q, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseDate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseMonth(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Month
		wantOK bool
	}{
		{"Januar", time.January, true},
		{"Jan.", time.January, true},
		{"Jänner", time.January, true},
		{"Februar", time.February, true},
		{"Feb.", time.February, true},
		{"März", time.March, true},
		{"Mrz.", time.March, true},
		{"maerz", time.March, true},
		{"Mai", time.May, true},
		{"Juni", time.June, true},
		{"Juli", time.July, true},
		{"Sept.", time.September, true},
		{"Sep", time.September, true},
		{"Okt.", time.October, true},
		{"DEZEMBER", time.December, true},
		{"Dez.", time.December, true},
		{"May", 0, false},
		{"", 0, false},
		{"Montag", 0, false},
	}
	for _, tt := range tests {
		got, ok := extract.ParseMonth(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseMonth(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, tt := range parseDateTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := extract.ParseDate(s)
		if err != nil {
			if d != "" {
				t.Errorf("ParseDate(%q) = %q with error %v, want \"\"", s, d, err)
			}
			return
		}
		if d == "" {
			t.Errorf("ParseDate(%q) = \"\" without error", s)
		}
		if verr := d.Validate(); verr != nil {
			t.Errorf("ParseDate(%q) = %q, which does not validate: %v", s, d, verr)
		}
		if d2, err2 := extract.ParseDate(s); d2 != d || err2 != nil {
			t.Errorf("ParseDate(%q) not deterministic: %q then %q, %v", s, d, d2, err2)
		}
	})
}
