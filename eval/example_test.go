package eval_test

import (
	"fmt"
	"os"

	"github.com/coopwatch/coopwatch/eval"
	"github.com/coopwatch/coopwatch/extract"
)

func ExampleReport_WriteText() {
	keywords := []string{"Kooperation", "Gifhorn"}
	gold := eval.Gold{
		File:        "pages/k21-gifhorn.html",
		Title:       "Kooperation in Ost-Niedersachsen erweitert",
		Published:   "2021-04-29",
		Cooperation: true,
		Keywords:    &keywords,
		Partners: []eval.GoldPartner{
			{Name: "Landkreis Gifhorn", Kind: extract.KindLandkreis},
			{Name: "Stadt Wolfsburg", Kind: extract.KindStadt},
		},
		People:     []extract.Person{{Name: "Thomas Walter", Role: "Erster Kreisrat"}},
		NotPeople:  []string{"Lars Landmann"},
		EventTypes: []extract.EventType{extract.Joined},
	}
	got := extract.Article{
		Title:       "Digitalisierung: Kooperation in Ost-Niedersachsen erweitert",
		Published:   "2021-04-29",
		Cooperation: true,
		Keywords:    []string{"Kooperation", "Gifhorn"},
		Events: []extract.Event{{
			Type:     extract.Joined,
			Partners: []extract.Partner{{Name: "Gifhorn", Kind: extract.KindStadt}, {Name: "Hannover", Kind: extract.KindStadt}},
			People:   []extract.Person{{Name: "Dr. Thomas Walter", Role: "Kreisrat"}, {Name: "Lars Landmann"}},
		}},
	}
	r := eval.Score([]eval.Gold{gold}, []extract.Article{got})
	if err := r.WriteText(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// pages: 1 (0 failed)
	//
	// metric                 value  counts
	// partners_precision     0.500  tp=1 fp=1
	// partners_recall        0.500  tp=1 fn=1
	// partners_f1            0.500  tp=1 fp=1 fn=1
	// partner_kind_accuracy  0.000  0/1
	// people_precision       0.500  tp=1 fp=1
	// people_recall          1.000  tp=1 fn=0
	// people_f1              0.667  tp=1 fp=1 fn=0
	// role_accuracy          1.000  1/1
	// published_accuracy     1.000  1/1
	// cooperation_accuracy   1.000  1/1
	// title_accuracy         1.000  1/1
	// keywords_precision     1.000  tp=2 fp=0
	// keywords_recall        1.000  tp=2 fn=0
	// keywords_f1            1.000  tp=2 fp=0 fn=0
	// event_type_accuracy    1.000  1/1
	//
	// misses: 4
	// article                 field         expected                      got
	// pages/k21-gifhorn.html  partners      Stadt Wolfsburg               -
	// pages/k21-gifhorn.html  partners      -                             Hannover
	// pages/k21-gifhorn.html  partner_kind  Landkreis Gifhorn: landkreis  Gifhorn: stadt
	// pages/k21-gifhorn.html  not_people    -                             Lars Landmann
}
