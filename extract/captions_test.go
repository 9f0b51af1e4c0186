package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCaptionPeople extracts small pages whose photo captions name people
// (white-box like entities_test.go, for its mustExtractor): a caption that
// names them with their offices gives them, a credit, an archive picture
// and a teaser's caption in the sidebar do not.
func TestCaptionPeople(t *testing.T) {
	const story = `<p>Die Gemeinden Rielasingen-Worblingen und Gottmadingen legen ihre Standesämter zusammen. Eine Zweckvereinbarung haben beide Räte im Juni beschlossen; das gemeinsame Standesamt öffnet im Herbst in Gottmadingen.</p>
<p>Die Trauungen sollen weiterhin in beiden Rathäusern möglich sein. Die Kosten teilen sich die Gemeinden nach ihrer Einwohnerzahl, wie die Verwaltungen mitteilten.</p>`
	tests := []struct {
		name    string
		article string // figures inside <article>, before the story
		aside   string
		want    []string
	}{
		{
			name:    "caption naming offices and names gives the people, not the credit",
			article: `<figure><img src="a.jpg" alt=""><figcaption>Freuen sich über die Einigung: Bürgermeisterin Jana Kessler und ihr Amtskollege, Bürgermeister Timo Brandl (rechts). Bild: Gemeinde Gottmadingen/Olaf Zeller</figcaption></figure>`,
			want:    []string{"Jana Kessler: Bürgermeisterin", "Timo Brandl: Bürgermeister"},
		},
		{
			name:    "a caption with only a photographer gives nobody",
			article: `<figure><img src="a.jpg" alt=""><figcaption>Das Rathaus in Gottmadingen. © Olaf Zeller</figcaption></figure>`,
			want:    nil,
		},
		{
			name:    "an archive picture's people are not the story's",
			article: `<figure><img src="a.jpg" alt=""><figcaption>Bürgermeisterin Jana Kessler bei einem Termin im vergangenen Jahr (Archivfoto).</figcaption></figure>`,
			want:    nil,
		},
		{
			name:  "a teaser's caption in the sidebar is no part of the story",
			aside: `<figure><img src="b.jpg" alt=""><figcaption>Landrat Ernst Vogler eröffnet die Kreisstraße.</figcaption></figure>`,
			want:  nil,
		},
	}
	x := mustExtractor(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Gemeinsames Standesamt</title></head><body>
<main><article><h1>Gemeinsames Standesamt für zwei Gemeinden</h1><p>03.07.2024</p>` + tt.article + story + `</article>
<aside><h2>Weitere Meldungen</h2>` + tt.aside + `</aside></main></body></html>`
			a, err := x.Extract(Source{URL: "https://example.org/standesamt.html", Body: []byte(page), FetchedAt: time.Date(2024, 7, 4, 9, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			var got []string
			for _, p := range a.People {
				got = append(got, p.Name+": "+p.Role)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("people (-want +got):\n%s\ntext: %s", diff, strings.ReplaceAll(a.Text, "\n\n", " | "))
			}
		})
	}
}
