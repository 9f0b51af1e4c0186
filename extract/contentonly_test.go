package extract_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/extract"
)

// TestExtractContentMatchesExtract checks on every golden page that the
// content-only entry point gives Extract's article without its entities.
func TestExtractContentMatchesExtract(t *testing.T) {
	x := mustNew(t)
	for _, g := range loadGold(t) {
		t.Run(g.name(), func(t *testing.T) {
			src := g.source(t)
			full, err := x.Extract(src)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			got, err := x.ExtractContent(src)
			if err != nil {
				t.Fatalf("ExtractContent: %v", err)
			}
			want := full
			want.Cooperation, want.Events, want.People = false, []extract.Event{}, []extract.Person{}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ExtractContent differs from Extract without entities (-want +got):\n%s", diff)
			}
			if got.Title == "" || got.Text == "" {
				t.Errorf("ExtractContent gave title %q and %d bytes of text", got.Title, len(got.Text))
			}
		})
	}
}

func TestExtractContentErrors(t *testing.T) {
	x := mustNew(t)
	tests := []struct {
		name string
		body string
		want error
	}{
		{"empty", "", extract.ErrNoContent},
		{"binary", "\x00\x01\x02\x89PNG\r\n\x1a\n", extract.ErrNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := extract.Source{URL: "https://www.example.de/a.html", ContentType: "text/html", Body: []byte(tt.body)}
			_, err := x.ExtractContent(src)
			_, errFull := x.Extract(src)
			if !errors.Is(err, tt.want) || !errors.Is(errFull, tt.want) {
				t.Errorf("ExtractContent: %v, Extract: %v; want both %v", err, errFull, tt.want)
			}
		})
	}
}

func BenchmarkExtractContent(b *testing.B) {
	x := mustNew(b)
	benchGold(b, func(s extract.Source) error {
		_, err := x.ExtractContent(s)
		return err
	})
}
