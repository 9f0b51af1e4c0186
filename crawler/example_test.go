package crawler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"

	"github.com/coopwatch/coopwatch/crawler"
)

func Example() {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /intern/\n")
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/meldung_1.html?utm_source=rss">1</a> <a href="/meldung_1.html#top">1</a>
			<a href="/meldung_2.html">2</a> <a href="/intern/">intern</a> <a href="/meldung_2.pdf">PDF</a>`)
	})
	mux.HandleFunc("/meldung_1.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<title>Kooperation in Ost-Niedersachsen erweitert</title>`)
	})
	mux.HandleFunc("/meldung_2.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<title>Zweckverband gegründet</title>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c, err := crawler.New(crawler.Config{Seeds: []string{srv.URL}, Delay: -1})
	if err != nil {
		fmt.Println(err)
		return
	}
	var paths []string
	stats, err := c.Run(context.Background(), func(ctx context.Context, p crawler.Page) error {
		u, _ := url.Parse(p.URL)
		paths = append(paths, u.Path+" "+p.Header.Get("Content-Type")) // handle runs on one goroutine: no lock needed
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	slices.Sort(paths)
	for _, p := range paths {
		fmt.Println(p)
	}
	fmt.Printf("yielded %d, refused by robots.txt %d, skipped by extension %d\n", stats.Yielded, stats.Robots, stats.Skipped)
	// Output:
	// / text/html; charset=utf-8
	// /meldung_1.html text/html; charset=utf-8
	// /meldung_2.html text/html; charset=utf-8
	// yielded 3, refused by robots.txt 1, skipped by extension 1
}
