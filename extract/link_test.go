package extract_test

import (
	"os"
	"testing"

	"github.com/coopwatch/coopwatch/extract"
)

// A page fetched from a mirror or proxy that names no canonical URL of its
// own takes it from a Link: rel="canonical" header (RFC 6596); one that
// does keeps its own. fixtures/pages/x-landeswelle-nordhausen-zweckverband.html
// has no <link rel=canonical>, and the fixture site serves it on loopback.
func TestLinkHeaderCanonical(t *testing.T) {
	body, err := os.ReadFile("../fixtures/pages/x-landeswelle-nordhausen-zweckverband.html")
	if err != nil {
		t.Fatal(err)
	}
	const real = "https://www.landeswelle.de/2024/05/07/landkreis-nordhausen-tritt-it-zweckverband-bei/"
	const local = "http://127.0.0.1:8080/2024/05/07/landkreis-nordhausen-tritt-it-zweckverband-bei/"
	tests := []struct {
		name, link, wantURL, wantSite string
	}{
		{"no header", "", local, "127.0.0.1"},
		{"canonical", `<` + real + `>; rel="canonical"`, real, "landeswelle.de"},
		{"among others", `<https://cdn.example/x.css>; rel=preload; as=style, <` + real + `>; rel="alternate canonical"`, real, "landeswelle.de"},
		{"relative", `</2024/05/07/landkreis-nordhausen-tritt-it-zweckverband-bei/>; rel=canonical`, local, "127.0.0.1"},
		{"other rel only", `<` + real + `>; rel="shortlink"`, local, "127.0.0.1"},
		{"malformed", `<` + real + `; rel="canonical"`, local, "127.0.0.1"},
		{"not http", `<ftp://landeswelle.de/x>; rel="canonical"`, local, "127.0.0.1"},
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := x.Extract(extract.Source{URL: local, Link: tt.link, Body: body})
			if err != nil {
				t.Fatal(err)
			}
			if a.URL != tt.wantURL || a.Site != tt.wantSite {
				t.Errorf("Link %q: url, site = %q, %q; want %q, %q", tt.link, a.URL, a.Site, tt.wantURL, tt.wantSite)
			}
			if a.ID != extract.NewArticleID(tt.wantURL) {
				t.Errorf("ID %q does not follow the canonical URL", a.ID)
			}
		})
	}

	// An in-page canonical wins over the header.
	page, err := os.ReadFile("../fixtures/pages/k21-ost-niedersachsen.html")
	if err != nil {
		t.Fatal(err)
	}
	a, err := x.Extract(extract.Source{URL: local, Link: `<` + real + `>; rel="canonical"`, Body: page})
	if err != nil {
		t.Fatal(err)
	}
	if a.Site != "kommune21.de" {
		t.Errorf("in-page canonical lost to the header: url %q", a.URL)
	}
}
