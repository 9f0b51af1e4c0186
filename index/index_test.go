package index_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

var clock = func() time.Time { return time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC) }

// mustOpenIndex opens an index on disk in a fresh temporary directory and
// closes it when the test ends.
func mustOpenIndex(tb testing.TB) *index.Index {
	tb.Helper()
	return mustOpenIndexAt(tb, tb.TempDir())
}

// mustOpenIndexAt opens the index in dir and closes it when the test ends,
// unless the test closed it already.
func mustOpenIndexAt(tb testing.TB, dir string) *index.Index {
	tb.Helper()
	ix, err := index.Open(context.Background(), dir, index.Options{Now: clock})
	if err != nil {
		tb.Fatalf("Open(%s): %v", dir, err)
	}
	tb.Cleanup(func() {
		if err := ix.Close(); err != nil && !errors.Is(err, index.ErrClosed) {
			tb.Errorf("Close: %v", err)
		}
	})
	return ix
}

func mustPut(tb testing.TB, ix *index.Index, arts ...extract.Article) {
	tb.Helper()
	if err := ix.PutArticles(context.Background(), arts); err != nil {
		tb.Fatalf("PutArticles: %v", err)
	}
}

// The test corpus: five articles that differ in what the tests look at.
const (
	urlGifhorn  = "https://www.kommune21.de/meldung_36133_Kooperation+in+Ost-Niedersachsen+erweitert.html"
	urlBuerger  = "https://www.kommune21.de/meldung_40001_Buergeramt+Hannover.html"
	urlBayern   = "https://www.egovernment.de/zweckverband-bayern-gegruendet-a-1001/"
	urlPortal   = "https://www.kommune21.de/meldung_38000_Gemeinsames+Portal.html"
	urlDataport = "https://www.kommune21.de/meldung_30000_Dataport.html"
)

func gifhornArticle() extract.Article {
	evidence := "Nun hat sich dem Bündnis der Landkreis Gifhorn als weiterer Kooperationspartner angeschlossen."
	return extract.Article{
		URL:       urlGifhorn,
		Site:      "kommune21.de",
		Title:     "Kooperation mit Gifhorn erweitert",
		Kicker:    "Digitalisierung",
		Published: "2021-04-29",
		Authors:   []string{},
		Keywords:  []string{"Politik", "Kooperation", "Gifhorn"},
		Text: "Bereits seit dem Jahr 2020 arbeiten die Städte Braunschweig, Salzgitter und Wolfsburg bei der Umsetzung des Onlinezugangsgesetzes zusammen.\n\n" +
			evidence + " Erster Kreisrat Thomas Walter unterzeichnete die Kooperationsvereinbarung.",
		Cooperation: true,
		Events: []extract.Event{{
			ID:   extract.NewEventID(urlGifhorn, evidence),
			Type: extract.Joined,
			Date: "2021-04",
			Partners: []extract.Partner{
				{Name: "Landkreis Gifhorn", Kind: extract.KindLandkreis, State: "Niedersachsen", AGS: "03151", Role: extract.RoleJoining},
				{Name: "Stadt Wolfsburg", Kind: extract.KindStadt, State: "Niedersachsen", AGS: "03103000", Role: extract.RoleMember},
			},
			People:     []extract.Person{{Name: "Thomas Walter", Role: "Erster Kreisrat", Org: "Landkreis Gifhorn"}},
			Instrument: "Kooperationsvereinbarung",
			Topics:     []string{"Basisdienste", "Online-Dienste"},
			Evidence:   []string{evidence},
			Confidence: 0.9,
			Status:     extract.Pending,
		}},
		People:    []extract.Person{{Name: "Thomas Walter", Role: "Erster Kreisrat", Org: "Landkreis Gifhorn"}},
		FetchedAt: time.Date(2025, 11, 3, 8, 0, 0, 0, time.UTC),
	}
}

// buergerArticle mentions Gifhorn once in passing, says "Bürgeramt" only
// in the singular and "Digitalisierung" only inside a compound.
func buergerArticle() extract.Article {
	return extract.Article{
		URL:       urlBuerger,
		Site:      "kommune21.de",
		Title:     "Hannover eröffnet neues Bürgeramt",
		Kicker:    "Service",
		Published: "2022-03-15",
		Keywords:  []string{"Bürgerservice"},
		Text: "Die Landeshauptstadt Hannover hat ein weiteres Bürgeramt eröffnet. Die Verwaltungsdigitalisierung schreitet voran.\n\n" +
			"Auch Gäste aus Gifhorn besichtigten die neuen Räume.",
		People: []extract.Person{{Name: "Belit Onay", Role: "Oberbürgermeister", Org: "Landeshauptstadt Hannover"}},
	}
}

func bayernArticle() extract.Article {
	evidence := "Die Stadt München und der Landkreis Ebersberg haben einen Zweckverband für den IT-Betrieb gegründet."
	return extract.Article{
		URL:         urlBayern,
		Site:        "egovernment.de",
		Title:       "Zweckverband für IT in Bayern gegründet",
		Published:   "2020-09-23",
		Keywords:    []string{"IT", "Zweckverband"},
		Text:        evidence + " Ziel ist ein gemeinsames Rechenzentrum.",
		Cooperation: true,
		Events: []extract.Event{{
			ID:   extract.NewEventID(urlBayern, evidence),
			Type: extract.Founded,
			Date: "2020-09-23",
			Partners: []extract.Partner{
				{Name: "Stadt München", Kind: extract.KindStadt, State: "Bayern", AGS: "09162000", Role: extract.RoleMember},
				{Name: "Landkreis Ebersberg", Kind: extract.KindLandkreis, State: "Bayern", AGS: "09175", Role: extract.RoleMember},
			},
			Instrument: "Zweckverband",
			Evidence:   []string{evidence},
			Confidence: 0.8,
		}},
	}
}

func portalArticle() extract.Article {
	evidence := "Die Landkreise Harburg und Stade wollen ein gemeinsames Serviceportal aufbauen."
	return extract.Article{
		URL:         urlPortal,
		Site:        "kommune21.de",
		Title:       "Landkreise planen gemeinsames Portal",
		Published:   "2021-06",
		Text:        evidence + " Der Vertrag soll im Herbst unterzeichnet werden.",
		Cooperation: true,
		Events: []extract.Event{{
			ID:   extract.NewEventID(urlPortal, evidence),
			Type: extract.Planned,
			Partners: []extract.Partner{
				{Name: "Landkreis Harburg", Kind: extract.KindLandkreis, State: "Niedersachsen", Role: extract.RoleMember},
				{Name: "Landkreis Stade", Kind: extract.KindLandkreis, State: "Niedersachsen", Role: extract.RoleMember},
			},
			Evidence:   []string{evidence},
			Confidence: 0.6,
		}},
	}
}

// dataportArticle has no date.
func dataportArticle() extract.Article {
	evidence := "Schleswig-Holstein erweitert die Zusammenarbeit mit Dataport um den Betrieb der Schulportale."
	return extract.Article{
		URL:         urlDataport,
		Site:        "kommune21.de",
		Title:       "Dataport betreibt Schulportale",
		Text:        evidence,
		Cooperation: true,
		Events: []extract.Event{{
			ID:   extract.NewEventID(urlDataport, evidence),
			Type: extract.Extended,
			Partners: []extract.Partner{
				{Name: "Land Schleswig-Holstein", Kind: extract.KindLand, State: "Schleswig-Holstein", AGS: "01", Role: extract.RoleMember},
				{Name: "Dataport", Kind: extract.KindITDienstleister, Role: extract.RoleHost},
			},
			Evidence:   []string{evidence},
			Confidence: 0.7,
		}},
	}
}

func corpus() []extract.Article {
	return []extract.Article{gifhornArticle(), buergerArticle(), bayernArticle(), portalArticle(), dataportArticle()}
}

func id(u string) extract.ArticleID { return extract.NewArticleID(u) }

// stored is a as Article returns it after one PutArticles.
func stored(a extract.Article) extract.Article {
	a.Events = append([]extract.Event(nil), a.Events...)
	a.Normalize()
	a.URLs = []string{a.URL}
	return a
}

func TestPutArticleRoundTrip(t *testing.T) {
	ix := mustOpenIndex(t)
	ctx := context.Background()
	for _, a := range corpus() {
		mustPut(t, ix, a)
		got, err := ix.Article(ctx, id(a.URL))
		if err != nil {
			t.Fatalf("Article(%s): %v", a.URL, err)
		}
		if diff := cmp.Diff(stored(a), got); diff != "" {
			t.Errorf("Article(%s) after PutArticles: (-want +got)\n%s", a.URL, diff)
		}
	}
}

func TestPutArticlesDoesNotModifyInput(t *testing.T) {
	ix := mustOpenIndex(t)
	a := bayernArticle() // its event has no status: Normalize would set one
	mustPut(t, ix, a)
	if a.Events[0].Status != "" || a.ID != "" {
		t.Errorf("PutArticles changed its input: ID %q, event status %q", a.ID, a.Events[0].Status)
	}
}

func TestArticleNotFound(t *testing.T) {
	ix := mustOpenIndex(t)
	_, err := ix.Article(context.Background(), "0123456789abcdef")
	if !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Article(unknown) error = %v, want ErrNotFound", err)
	}
}

func TestPutArticlesRejectsInvalid(t *testing.T) {
	ix := mustOpenIndex(t)
	bad := gifhornArticle()
	bad.Title = ""
	err := ix.PutArticles(context.Background(), []extract.Article{bayernArticle(), bad})
	if err == nil || !strings.Contains(err.Error(), "title is empty") {
		t.Fatalf("PutArticles(invalid) error = %v, want one naming the empty title", err)
	}
	st, err := ix.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 0 {
		t.Errorf("after a rejected PutArticles, %d articles are stored, want 0", st.Articles)
	}
}

func TestUpsertKeepsOneArticleAndEveryURL(t *testing.T) {
	ix := mustOpenIndex(t)
	ctx := context.Background()
	first := gifhornArticle()
	first.URLs = []string{first.URL, "https://kommune21.de/meldung_36133.html"}
	mustPut(t, ix, first)

	second := gifhornArticle()
	second.Title = "Ost-Niedersachsen wächst"
	second.URLs = []string{"https://www.kommune21.de/meldung_36133_alt.html", second.URL}
	mustPut(t, ix, second)

	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 1 || st.Events != 1 || st.SearchDocs != 1 {
		t.Errorf("after two puts of one article: %d articles, %d events, %d search documents, want 1, 1, 1", st.Articles, st.Events, st.SearchDocs)
	}
	got, err := ix.Article(ctx, id(urlGifhorn))
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != second.Title {
		t.Errorf("title = %q, want the second put's %q", got.Title, second.Title)
	}
	wantURLs := []string{urlGifhorn, "https://kommune21.de/meldung_36133.html", "https://www.kommune21.de/meldung_36133_alt.html"}
	if diff := cmp.Diff(wantURLs, got.URLs); diff != "" {
		t.Errorf("URLs (-want +got)\n%s", diff)
	}
	for text, want := range map[string]int{"wächst": 1, "title:erweitert": 0} {
		res, err := ix.Search(ctx, index.Query{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if int(res.Total) != want {
			t.Errorf("Search(%q) after upsert: %d hits, want %d", text, res.Total, want)
		}
	}
}

// Editors' decisions must survive a re-extraction of their article.
func TestReviewedEventsSurviveReextraction(t *testing.T) {
	ix := mustOpenIndex(t)
	ctx := context.Background()
	ev := func(evidence string, typ extract.EventType, date extract.Date) extract.Event {
		return extract.Event{
			ID: extract.NewEventID(urlGifhorn, evidence), Type: typ, Date: date, Evidence: []string{evidence},
			Partners:   []extract.Partner{{Name: "Landkreis Gifhorn", Kind: extract.KindLandkreis}},
			People:     []extract.Person{},
			Confidence: 0.5,
		}
	}
	confirmed := ev("Gifhorn tritt bei.", extract.Joined, "2021-04")
	rejected := ev("Wolfsburg und Gifhorn sprechen.", extract.Planned, "")
	pendingGone := ev("Salzgitter ist dabei.", extract.Extended, "")
	pendingKept := ev("Braunschweig koordiniert.", extract.Extended, "2021")

	a := gifhornArticle()
	a.Events = []extract.Event{confirmed, rejected, pendingGone, pendingKept}
	mustPut(t, ix, a)
	for id, s := range map[extract.EventID]extract.Status{confirmed.ID: extract.Confirmed, rejected.ID: extract.Rejected} {
		if err := ix.SetEventStatus(ctx, id, s); err != nil {
			t.Fatalf("SetEventStatus(%s, %s): %v", id, s, err)
		}
	}

	// The better extractor: dates the confirmed event differently, no
	// longer finds the rejected and one pending event, rescores and redates
	// the other pending one, and finds a new one.
	changed := confirmed
	changed.Date = "2021-05"
	rescored := pendingKept
	rescored.Date = "2021-04"
	rescored.Confidence = 0.95
	fresh := ev("Peine folgt im Sommer.", extract.Planned, "2021")
	b := gifhornArticle()
	b.Events = []extract.Event{changed, rescored, fresh}
	mustPut(t, ix, b)

	got, err := ix.Article(ctx, id(urlGifhorn))
	if err != nil {
		t.Fatal(err)
	}
	wantConfirmed := confirmed
	wantConfirmed.Status = extract.Confirmed
	wantRejected := rejected
	wantRejected.Status = extract.Rejected
	rescored.Status, fresh.Status = extract.Pending, extract.Pending
	want := []extract.Event{wantConfirmed, rescored, fresh, wantRejected}
	if diff := cmp.Diff(want, got.Events); diff != "" {
		t.Errorf("events after re-extraction (-want +got)\n%s", diff)
	}
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.DisagreeingEvents != 1 {
		t.Errorf("%d disagreeing events, want 1 (the confirmed one, redated)", st.DisagreeingEvents)
	}

	// Only the confidence changes: the extractor agrees with the editor.
	if err := ix.SetEventStatus(ctx, confirmed.ID, extract.Confirmed); err != nil {
		t.Fatal(err)
	}
	again := changed
	again.Confidence = 0.1
	c := gifhornArticle()
	c.Events = []extract.Event{again}
	mustPut(t, ix, c)
	if st, err = ix.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	if st.DisagreeingEvents != 0 {
		t.Errorf("%d disagreeing events after a rescore only, want 0", st.DisagreeingEvents)
	}
	if diff := cmp.Diff(map[string]int{"confirmed": 1, "rejected": 1}, st.EventsByStatus); diff != "" {
		t.Errorf("events by status (-want +got)\n%s", diff)
	}

	// The review status is searchable.
	res, err := ix.Search(ctx, index.Query{Statuses: []string{"rejected"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 {
		t.Errorf("Search(status rejected): %d hits, want 1", res.Total)
	}
}

func TestSetEventStatusErrors(t *testing.T) {
	ix := mustOpenIndex(t)
	ctx := context.Background()
	mustPut(t, ix, gifhornArticle())
	if err := ix.SetEventStatus(ctx, "0000000000000000", extract.Confirmed); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("SetEventStatus(unknown) error = %v, want ErrNotFound", err)
	}
	evID := gifhornArticle().Events[0].ID
	if err := ix.SetEventStatus(ctx, evID, "approved"); err == nil || !strings.Contains(err.Error(), "want pending, confirmed") {
		t.Errorf("SetEventStatus(approved) error = %v, want one listing the statuses", err)
	}
}

func TestRecordFetch(t *testing.T) {
	ix := mustOpenIndex(t)
	ctx := context.Background()
	at := time.Date(2025, 11, 3, 8, 0, 0, 0, time.UTC)
	fetches := []index.Fetch{
		{URL: urlGifhorn, Status: 200, Outcome: index.OutcomeArticle, Canonical: urlGifhorn, FetchedAt: at, Hash: "aa"},
		{URL: "https://www.kommune21.de/", Status: 200, Outcome: index.OutcomeNotArticle, FetchedAt: at},
		{URL: "https://www.kommune21.de/x", Status: 503, Outcome: index.OutcomeFetchError, FetchedAt: at, Error: "status 503"},
		{URL: urlGifhorn, Status: 200, Outcome: index.OutcomeArticle, Canonical: urlGifhorn, FetchedAt: at.Add(time.Hour), Hash: "bb"},
	}
	for _, f := range fetches {
		if err := ix.RecordFetch(ctx, f); err != nil {
			t.Fatalf("RecordFetch(%s): %v", f.URL, err)
		}
	}
	got, err := ix.LastFetch(ctx, urlGifhorn)
	if err != nil {
		t.Fatal(err)
	}
	want := fetches[3]
	want.Attempts = 2
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LastFetch (-want +got)\n%s", diff)
	}
	if _, err := ix.LastFetch(ctx, "https://nowhere.example/"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("LastFetch(unknown) error = %v, want ErrNotFound", err)
	}
	if err := ix.RecordFetch(ctx, index.Fetch{URL: urlGifhorn}); err == nil {
		t.Error("RecordFetch without outcome: no error")
	}
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]int{"article": 1, "not-article": 1, "fetch-error": 1}, st.Fetches); diff != "" {
		t.Errorf("fetches by outcome (-want +got)\n%s", diff)
	}
}

func TestStats(t *testing.T) {
	ix := mustOpenIndex(t)
	mustPut(t, ix, corpus()...)
	got, err := ix.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := index.Stats{
		Articles: 5, CooperationArticles: 4, Events: 4, SearchDocs: 5,
		EventsByStatus: map[string]int{"pending": 4}, Fetches: map[string]int{},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats (-want +got)\n%s", diff)
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ix := mustOpenIndexAt(t, dir)
	mustPut(t, ix, corpus()...)
	before := searchIDs(t, ix, index.Query{Text: "Landkreis"})
	if err := ix.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := ix.Close(); !errors.Is(err, index.ErrClosed) {
		t.Errorf("second Close error = %v, want ErrClosed", err)
	}
	if _, err := ix.Search(ctx, index.Query{}); !errors.Is(err, index.ErrClosed) {
		t.Errorf("Search after Close error = %v, want ErrClosed", err)
	}

	ix = mustOpenIndexAt(t, dir)
	for _, a := range corpus() {
		got, err := ix.Article(ctx, id(a.URL))
		if err != nil {
			t.Fatalf("Article(%s) after reopen: %v", a.URL, err)
		}
		if diff := cmp.Diff(stored(a), got); diff != "" {
			t.Errorf("Article(%s) after reopen (-want +got)\n%s", a.URL, diff)
		}
	}
	if diff := cmp.Diff(before, searchIDs(t, ix, index.Query{Text: "Landkreis"})); diff != "" {
		t.Errorf("search after reopen (-before +after)\n%s", diff)
	}
}

func TestSecondOpenFailsInsteadOfBlocking(t *testing.T) {
	dir := t.TempDir()
	mustOpenIndexAt(t, dir)
	done := make(chan error, 1)
	go func() {
		ix, err := index.Open(context.Background(), dir, index.Options{})
		if err == nil {
			ix.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, index.ErrInUse) {
			t.Fatalf("second Open error = %v, want ErrInUse", err)
		}
		want := "index at " + dir + " is in use by another process"
		if err.Error() != want {
			t.Errorf("second Open error = %q, want %q", err, want)
		}
	case <-time.After(time.Minute): // a hang guard, not a timing assertion
		t.Fatal("second Open of a directory in use blocked")
	}
}

func TestReindexReproducesSearch(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	queries := []index.Query{
		{Text: "Landkreis"},
		{Text: "Gifhorn"},
		{States: []string{"Niedersachsen"}},
		{},
	}
	ix := mustOpenIndexAt(t, dir)
	mustPut(t, ix, corpus()...)
	want := make([]result, len(queries))
	for i, q := range queries {
		want[i] = searchResult(t, ix, q)
	}

	var calls [][2]int
	if err := ix.Reindex(ctx, func(done, total int) { calls = append(calls, [2]int{done, total}) }); err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	if diff := cmp.Diff([][2]int{{0, 5}, {5, 5}}, calls); diff != "" {
		t.Errorf("Reindex progress (-want +got)\n%s", diff)
	}
	for i, q := range queries {
		if diff := cmp.Diff(want[i], searchResult(t, ix, q)); diff != "" {
			t.Errorf("Search(%+v) after Reindex (-before +after)\n%s", q, diff)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "bleve.old")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("bleve.old left behind after Reindex: %v", err)
	}

	// Losing the search index loses nothing: Open rebuilds it.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "bleve")); err != nil {
		t.Fatal(err)
	}
	ix = mustOpenIndexAt(t, dir)
	for i, q := range queries {
		if diff := cmp.Diff(want[i], searchResult(t, ix, q)); diff != "" {
			t.Errorf("Search(%+v) after rebuild on Open (-before +after)\n%s", q, diff)
		}
	}
}

func TestReindexCancelled(t *testing.T) {
	ix := mustOpenIndex(t)
	mustPut(t, ix, corpus()...)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ix.Reindex(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Reindex(cancelled) error = %v, want context.Canceled", err)
	}
	if got := searchIDs(t, ix, index.Query{}); len(got) != 5 {
		t.Errorf("after a cancelled Reindex, %d articles found, want 5", len(got))
	}
}

// A search index that does not belong to the store (here: the store was
// replaced by an empty one) is rebuilt on Open.
func TestOpenRebuildsMismatchedSearchIndex(t *testing.T) {
	dir := t.TempDir()
	ix := mustOpenIndexAt(t, dir)
	mustPut(t, ix, corpus()...)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"coopwatch.db", "coopwatch.db-wal", "coopwatch.db-shm"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	ix = mustOpenIndexAt(t, dir)
	if r := searchResult(t, ix, index.Query{}); r.Total != 0 {
		t.Errorf("Search on an empty store: %d hits, want 0", r.Total)
	}
}
