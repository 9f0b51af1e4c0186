package crawler_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/coopwatch/coopwatch/crawler"
)

var canonicalTests = []struct {
	in, want string
}{
	{"https://www.kommune21.de/meldung_36133_Kooperation+in+Ost-Niedersachsen+erweitert.html",
		"https://www.kommune21.de/meldung_36133_Kooperation+in+Ost-Niedersachsen+erweitert.html"},
	{"HTTPS://WWW.Kommune21.DE:443/k21-meldungen/die-idee-des-teilens/#kommentare",
		"https://www.kommune21.de/k21-meldungen/die-idee-des-teilens/"},
	{"http://kommune21.de:80", "http://kommune21.de/"},
	{"http://kommune21.de:8080/a", "http://kommune21.de:8080/a"},
	{"https://www.kommune21.de/?post_type=k21-meldungen&p=123", "https://www.kommune21.de/?p=123&post_type=k21-meldungen"},
	{"https://www.kommune21.de/?p=123&utm_source=newsletter&UTM_Medium=mail&fbclid=abc&gclid=x",
		"https://www.kommune21.de/?p=123"},
	{"https://example.org/a?sid=1&PHPSESSID=2&jsessionid=3&id=7", "https://example.org/a?id=7"},
	{"https://example.org/a;jsessionid=0A1B2C?x=1", "https://example.org/a?x=1"},
	{"https://example.org/a;JSESSIONID=0A1B2C/b", "https://example.org/a/b"},
	{"https://example.org/a/./b/../c", "https://example.org/a/c"},
	{"https://example.org/a/b/..", "https://example.org/a/"},
	{"https://example.org/%7Euser/%c3%9f", "https://example.org/~user/%C3%9F"},
	{"https://user:pass@example.org/x", "https://example.org/x"},
	{"https://example.org/x?", "https://example.org/x"},
	{"https://example.org/x?b=2&a=1&b=1&&", "https://example.org/x?a=1&b=2&b=1"},
	{"https://example.org./x", "https://example.org/x"},
	{"http://[::1]:80/x", "http://[::1]/x"},
	{"  https://example.org/x  ", "https://example.org/x"},
}

func TestCanonicalURL(t *testing.T) {
	for _, tt := range canonicalTests {
		got, err := crawler.CanonicalURL(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestCanonicalURLInvalid(t *testing.T) {
	for _, in := range []string{"", "/relative", "mailto:a@b.de", "ftp://example.org/", "http://", "http:opaque", "http://[::1"} {
		if got, err := crawler.CanonicalURL(in); err == nil {
			t.Errorf("CanonicalURL(%q) = %q, nil, want an error", in, got)
		}
	}
}

func FuzzCanonicalURL(f *testing.F) {
	for _, tt := range canonicalTests {
		f.Add(tt.in)
	}
	f.Add("http://a/%zz?%zz=1&b=%ZZ#x")
	f.Add("https://a/b;jsessionid=1;x=2/../c?utm_=1&a")
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 1<<16 {
			t.Skip()
		}
		c1, err := crawler.CanonicalURL(in)
		if err != nil {
			return
		}
		c2, err := crawler.CanonicalURL(c1)
		if err != nil {
			t.Fatalf("CanonicalURL(%q) = %q, which is not accepted again: %v", in, c1, err)
		}
		if c1 != c2 {
			t.Fatalf("CanonicalURL not idempotent: %q → %q → %q", in, c1, c2)
		}
	})
}

// TestImports keeps the dependency direction: crawler never reaches into
// extract or index (cmd passes pages along), and no colly type leaks out.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, "github.com/coopwatch/coopwatch/") {
				t.Errorf("%s imports %s: crawler must not depend on other coopwatch packages", name, p)
			}
		}
	}
}
