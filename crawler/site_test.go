package crawler_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// testMaxBody is the MaxBodySize the tests crawl with.
const testMaxBody = 64 << 10

// request is one request a test server received.
type request struct {
	path string // path?query
	at   time.Time
}

// server is an httptest server that records the requests it receives.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []request
}

func newServer(t *testing.T, h http.Handler) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, request{path: r.URL.RequestURI(), at: time.Now()})
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// requests returns the requests received so far, in arrival order.
func (s *server) requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]request(nil), s.reqs...)
}

// count returns how often path?query was requested.
func (s *server) count(path string) int {
	n := 0
	for _, r := range s.requests() {
		if r.path == path {
			n++
		}
	}
	return n
}

func page(title string, links ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head><body>\n<h1>%s</h1>\n", title, title)
	for _, l := range links {
		fmt.Fprintf(&b, "<a href=\"%s\">%s</a>\n", l, l)
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// newSite serves a small news site with every trap the crawler must handle;
// other is the URL of a second host it links to.
func newSite(t *testing.T, other string) *server {
	t.Helper()
	mux := http.NewServeMux()
	html := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "User-agent: *\nDisallow: /private/\n\nSitemap: http://%s/sitemap_index.xml\n", r.Host)
	})
	mux.HandleFunc("/sitemap_index.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://%s/sitemap-news.xml</loc></sitemap>
</sitemapindex>`, r.Host)
	})
	mux.HandleFunc("/sitemap-news.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://%[1]s/only-in-sitemap.html</loc><lastmod>2021-04-29</lastmod></url>
  <url><loc>http://%[1]s/private/from-sitemap.html</loc></url>
  <url><loc>http://%[1]s/a.html</loc></url>
  <url><loc>%[2]s/from-sitemap.html</loc></url>
</urlset>`, r.Host, other)
	})
	mux.HandleFunc("/{$}", html(page("Startseite",
		"/a.html",
		"/b.html?utm_source=newsletter&utm_medium=mail",
		"/b.html#kommentare",
		"b.html",
		"/c.html?sid=0123abcd&id=1",
		"/latin1.html",
		"/latin1-header.html",
		"/big.html",
		"/big-cl.html",
		"/exact.html",
		"/doc.pdf",
		"/missing.html",
		"/gone.html",
		"/image",
		"/dup.html",
		"/redirect",
		"/away",
		"/private/secret.html",
		other+"/x.html",
		"mailto:redaktion@example.org",
		"javascript:void(0)",
	)))
	mux.HandleFunc("/a.html", html(page("A", "/", "/c.html?id=1", "/deep/1.html")))
	mux.HandleFunc("/b.html", html(page("B", "/")))
	mux.HandleFunc("/dup.html", html(page("B", "/"))) // same bytes as /b.html
	mux.HandleFunc("/c.html", html(page("C")))
	mux.HandleFunc("/only-in-sitemap.html", html(page("Nur in der Sitemap")))
	mux.HandleFunc("/deep/1.html", html(page("Tief 1", "/deep/2.html")))
	mux.HandleFunc("/deep/2.html", html(page("Tief 2", "/deep/3.html")))
	mux.HandleFunc("/deep/3.html", html(page("Tief 3")))
	mux.HandleFunc("/private/", html(page("Intern")))
	mux.HandleFunc("/doc.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4")
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	// Latin-1, declared only in <meta>: colly would pass it on as broken UTF-8.
	mux.HandleFunc("/latin1.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">" +
			"<title>Gie\xdfen</title></head><body><p>Die Stadt Gie\xdfen und der Landkreis kooperieren.</p></body></html>"))
	})
	// Latin-1 declared in the header: must be decoded exactly once.
	mux.HandleFunc("/latin1-header.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
		w.Write([]byte("<html><head><title>M\xfcnster</title></head><body><p>M\xfcnster und Gie\xdfen.</p></body></html>"))
	})
	big := strings.Repeat("<p>Verwaltungsdigitalisierung</p>\n", 2*testMaxBody/32)
	// No Content-Length: only the body length tells the truncation.
	mux.HandleFunc("/big.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		for i := 0; i < len(big); i += 4096 {
			w.Write([]byte(big[i:min(i+4096, len(big))]))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/big-cl.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", fmt.Sprint(len(big)))
		fmt.Fprint(w, big)
	})
	// Exactly at the limit: allowed.
	exact := "<html><body>" + strings.Repeat("x", testMaxBody-len("<html><body></body></html>")) + "</body></html>"
	mux.HandleFunc("/exact.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < len(exact); i += 4096 {
			w.Write([]byte(exact[i:min(i+4096, len(exact))]))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/missing.html", http.NotFound)
	mux.HandleFunc("/gone.html", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	})
	mux.Handle("/redirect", http.RedirectHandler("/a.html", http.StatusMovedPermanently))
	mux.Handle("/away", http.RedirectHandler(other+"/moved.html", http.StatusFound))
	mux.HandleFunc("/", http.NotFound)
	return newServer(t, mux)
}

// newOther serves the second host, which must never be fetched.
func newOther(t *testing.T) *server {
	return newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page("Anderer Host"))
	}))
}
