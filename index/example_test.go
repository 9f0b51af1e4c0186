package index_test

import (
	"context"
	"fmt"
	"os"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "coopwatch-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()

	evidence := "Der Landkreis Gifhorn und die Stadt Wolfsburg arbeiten bei der Verwaltungsdigitalisierung zusammen."
	u := "https://www.kommune21.de/meldung_1_Gifhorn.html"
	err = ix.PutArticles(ctx, []extract.Article{{
		URL: u, Site: "kommune21.de", Published: "2021-04-29",
		Title: "Gifhorn und Wolfsburg kooperieren", Text: evidence, Cooperation: true,
		Events: []extract.Event{{
			ID: extract.NewEventID(u, evidence), Type: extract.Founded, Evidence: []string{evidence},
			Partners: []extract.Partner{
				{Name: "Landkreis Gifhorn", Kind: extract.KindLandkreis, State: "Niedersachsen"},
				{Name: "Stadt Wolfsburg", Kind: extract.KindStadt, State: "Niedersachsen"},
			},
		}},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}

	// "Digitalisierung" finds the compound "Verwaltungsdigitalisierung".
	res, err := ix.Search(ctx, index.Query{Text: "Digitalisierung", States: []string{"Niedersachsen"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range res.Hits {
		fmt.Println(h.Published, h.Title)
	}
	for _, f := range res.Facets[index.FacetKind] {
		fmt.Println(f.Term, f.Count)
	}

	_, err = ix.Search(ctx, index.Query{Text: `"unclosed`})
	fmt.Println(err != nil)
	// Output:
	// 2021-04-29 Gifhorn und Wolfsburg kooperieren
	// landkreis 1
	// stadt 1
	// true
}
