package index_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

// benchShort are the short words that make up about half of German news
// prose.
var benchShort = strings.Fields(`die der und in den von zu mit das für auf ist im dem nicht ein eine als
auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über so zum
kann nur vor zur bis mehr durch man sowie Jahr neue soll seit habe gibt`)

// benchWords is German e-government vocabulary for synthetic articles.
var benchWords = strings.Fields(`Verwaltung Digitalisierung Kooperation Landkreis Stadt Gemeinde Bürgeramt
Onlinezugangsgesetz Zweckverband Rechenzentrum Serviceportal Datenschutz Kommune Land Bund Vereinbarung
Zusammenarbeit Fachverfahren Schnittstelle Plattform Ministerium Dienstleister Breitband Schulen Förderung
Verwaltungsdigitalisierung Bürgerservice Kreisverwaltung Oberbürgermeister Landrat Projekt gemeinsam
unterzeichnet erweitert gegründet beigetreten geplant Betrieb Infrastruktur Cloud Sicherheit Netzwerk`)

var benchStates = []string{"Niedersachsen", "Bayern", "Hessen", "Sachsen", "Brandenburg", "Schleswig-Holstein"}

// benchArticles returns n synthetic articles of ~400 words each,
// deterministic for a seed.
func benchArticles(n int, seed uint64) []extract.Article {
	r := rand.New(rand.NewPCG(seed, 1))
	arts := make([]extract.Article, n)
	for i := range arts {
		var text strings.Builder
		for w := range 400 {
			if w > 0 {
				text.WriteByte(' ')
			}
			if r.IntN(2) == 0 {
				text.WriteString(benchShort[r.IntN(len(benchShort))])
			} else {
				text.WriteString(benchWords[r.IntN(len(benchWords))])
			}
			if w%15 == 14 {
				text.WriteString(".")
			}
		}
		u := fmt.Sprintf("https://www.kommune21.de/meldung_%d_%d.html", seed, i)
		evidence := fmt.Sprintf("Der Landkreis %d und die Stadt %d arbeiten zusammen.", i%50, i%70)
		day := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(3650))
		arts[i] = extract.Article{
			URL: u, Site: "kommune21.de", Published: extract.DayOf(day),
			Title:    benchWords[r.IntN(len(benchWords))] + " in " + benchStates[i%len(benchStates)],
			Kicker:   benchWords[r.IntN(len(benchWords))],
			Keywords: []string{benchWords[r.IntN(len(benchWords))], benchStates[i%len(benchStates)]},
			Text:     text.String(), Cooperation: true,
			Events: []extract.Event{{
				ID: extract.NewEventID(u, evidence), Type: extract.Founded, Evidence: []string{evidence},
				Partners: []extract.Partner{
					{Name: fmt.Sprintf("Landkreis %d", i%50), Kind: extract.KindLandkreis, State: benchStates[i%len(benchStates)]},
					{Name: fmt.Sprintf("Stadt %d", i%70), Kind: extract.KindStadt, State: benchStates[i%len(benchStates)]},
				},
				Confidence: 0.5,
			}},
		}
	}
	return arts
}

// BenchmarkPutArticles stores 1,000 articles per op into a fresh index.
func BenchmarkPutArticles(b *testing.B) {
	const n = 1000
	arts := benchArticles(n, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		ix := mustOpenIndex(b)
		b.StartTimer()
		if err := ix.PutArticles(context.Background(), arts); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkCrawlIngest stores 1,000 crawled pages per op into a fresh
// index the way coopwatch crawl does: groups of 200 articles, each page
// with its fetch record and its frontier entry marked done, one
// Crawl.Ingest per group.
func BenchmarkCrawlIngest(b *testing.B) {
	const n, group = 1000, 200
	ctx := context.Background()
	arts := benchArticles(n, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		ix := mustOpenIndex(b)
		c, err := ix.OpenCrawl(ctx, "bench", false)
		if err != nil {
			b.Fatal(err)
		}
		entries := make([]index.FrontierEntry, n)
		for i, a := range arts {
			entries[i] = index.FrontierEntry{URL: a.URL, Kind: "page", Depth: 1, Priority: 2}
		}
		if _, err := c.Add(ctx, entries); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for start := 0; start < n; start += group {
			leased, err := c.Next(ctx, time.Now(), group)
			if err != nil {
				b.Fatal(err)
			}
			batch := index.IngestBatch{Articles: arts[start : start+group]}
			for _, e := range leased {
				batch.Fetches = append(batch.Fetches, index.Fetch{URL: e.URL, Canonical: e.URL, Status: 200, Outcome: index.OutcomeArticle, ETag: `"x"`})
				e.State, e.Outcome, e.Status, e.Attempts = "done", "ok", 200, 1
				batch.Frontier = append(batch.Frontier, e)
			}
			if err := c.Ingest(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSearch runs typical searches on 1,000 articles.
func BenchmarkSearch(b *testing.B) {
	ix := mustOpenIndex(b)
	if err := ix.PutArticles(context.Background(), benchArticles(1000, 2)); err != nil {
		b.Fatal(err)
	}
	queries := []index.Query{
		{Text: "Digitalisierung"},
		{Text: "Kooperation Landkreis", States: []string{"Bayern"}},
		{Text: `"Stadt gemeinsam"`, From: "2018", To: "2020"},
		{Text: "verwalt*"},
		{States: []string{"Hessen", "Sachsen"}, Kinds: []string{"stadt"}},
		{},
	}
	for _, q := range queries {
		b.Run(benchName(q), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ix.Search(context.Background(), q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "searches/s")
		})
	}
}

func benchName(q index.Query) string {
	switch {
	case q.Text != "" && len(q.States) > 0:
		return "text+filter"
	case q.Text != "" && q.From != "":
		return "phrase+dates"
	case strings.HasSuffix(q.Text, "*"):
		return "wildcard"
	case q.Text != "":
		return "text"
	case len(q.States) > 0:
		return "filters"
	}
	return "all"
}
