package index_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

const pw = "correct horse battery"

// mustEditor opens an index with the corpus and an editor "anna".
func mustEditor(tb testing.TB) *index.Index {
	tb.Helper()
	ix := mustOpenIndex(tb)
	mustPut(tb, ix, corpus()...)
	if err := ix.AddUser(context.Background(), "anna", pw); err != nil {
		tb.Fatalf("AddUser: %v", err)
	}
	return ix
}

func TestAccounts(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	now := clock()
	dir := t.TempDir()
	ix, err := index.Open(ctx, dir, index.Options{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	var ie *index.InvalidError
	if err := ix.AddUser(ctx, "Anna Bauer", pw); !errors.As(err, &ie) || ie.Field != "name" {
		t.Errorf("AddUser(bad name) = %v, want an InvalidError on name", err)
	}
	if err := ix.AddUser(ctx, "anna", "short"); !errors.As(err, &ie) || !strings.Contains(err.Error(), "at least 10") {
		t.Errorf("AddUser(short password) = %v", err)
	}
	if err := ix.AddUser(ctx, "anna", pw); err != nil {
		t.Fatal(err)
	}
	if err := ix.AddUser(ctx, "anna", pw); !errors.Is(err, index.ErrExists) {
		t.Errorf("AddUser twice = %v, want ErrExists", err)
	}
	for _, c := range []struct{ name, pw string }{{"anna", "wrong password!"}, {"bob", pw}} {
		if err := ix.Authenticate(ctx, c.name, c.pw); !errors.Is(err, index.ErrUnauthorized) {
			t.Errorf("Authenticate(%s, %s) = %v, want ErrUnauthorized", c.name, c.pw, err)
		}
	}
	if err := ix.Authenticate(ctx, "anna", pw); err != nil {
		t.Errorf("Authenticate(anna) = %v", err)
	}

	s, err := ix.NewSession(ctx, "anna", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Token) < 40 || len(s.CSRF) < 40 || s.Token == s.CSRF {
		t.Errorf("session tokens %q, %q: want two distinct long random tokens", s.Token, s.CSRF)
	}
	got, err := ix.Session(ctx, s.Token)
	if err != nil || got.User != "anna" || got.CSRF != s.CSRF {
		t.Errorf("Session = %+v, %v", got, err)
	}
	if _, err := ix.Session(ctx, s.Token+"x"); !errors.Is(err, index.ErrUnauthorized) {
		t.Errorf("Session(unknown) = %v", err)
	}
	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	if _, err := ix.Session(ctx, s.Token); !errors.Is(err, index.ErrUnauthorized) {
		t.Errorf("Session(expired) = %v, want ErrUnauthorized", err)
	}
	s2, _ := ix.NewSession(ctx, "anna", time.Hour)
	if err := ix.EndSession(ctx, s2.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Session(ctx, s2.Token); !errors.Is(err, index.ErrUnauthorized) {
		t.Errorf("Session after logout = %v", err)
	}

	tok, err := ix.NewToken(ctx, "anna")
	if err != nil || !strings.HasPrefix(tok, "cw_") {
		t.Fatalf("NewToken = %q, %v", tok, err)
	}
	if u, err := ix.TokenUser(ctx, tok); err != nil || u != "anna" {
		t.Errorf("TokenUser = %q, %v", u, err)
	}
	if _, err := ix.NewToken(ctx, "bob"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("NewToken(bob) = %v, want ErrNotFound", err)
	}
	users, err := ix.Users(ctx)
	if err != nil || len(users) != 1 || users[0].Name != "anna" || users[0].Tokens != 1 {
		t.Errorf("Users = %+v, %v", users, err)
	}
	if err := ix.RemoveUser(ctx, "anna"); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.TokenUser(ctx, tok); !errors.Is(err, index.ErrUnauthorized) {
		t.Errorf("token of a removed user = %v, want ErrUnauthorized", err)
	}
	if err := ix.RemoveUser(ctx, "anna"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("RemoveUser twice = %v", err)
	}
}

func TestReviewActionsAndHistory(t *testing.T) {
	ix := mustEditor(t)
	ctx := context.Background()
	gif := gifhornArticle().Events[0]

	var ie *index.InvalidError
	if err := ix.Reject(ctx, "anna", gif.ID, "  "); !errors.As(err, &ie) || ie.Field != "reason" {
		t.Errorf("Reject without reason = %v, want an InvalidError on reason", err)
	}
	if err := ix.Confirm(ctx, "mallory", gif.ID, ""); !errors.Is(err, index.ErrUnauthorized) {
		t.Errorf("Confirm by an unknown editor = %v, want ErrUnauthorized", err)
	}
	if err := ix.Confirm(ctx, "anna", "nope", ""); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Confirm(unknown event) = %v, want ErrNotFound", err)
	}

	fix := gif
	fix.Partners = []extract.Partner{
		{Name: "Landkreis Gifhorn", Kind: extract.KindLandkreis, State: "Niedersachsen", AGS: "03151", Role: extract.RoleJoining},
		{Name: "Stadt Braunschweig", Kind: extract.KindStadt, State: "Niedersachsen", AGS: "03101000", Role: extract.RoleMember},
	}
	bad := fix
	bad.Type = "merged"
	if err := ix.Correct(ctx, "anna", gif.ID, bad, ""); !errors.As(err, &ie) || !strings.Contains(err.Error(), `type "merged"`) {
		t.Errorf("Correct(bad type) = %v, want an InvalidError naming the type", err)
	}
	if err := ix.Correct(ctx, "anna", gif.ID, gif, ""); !errors.As(err, &ie) || !strings.Contains(err.Error(), "changes nothing") {
		t.Errorf("Correct(no change) = %v", err)
	}
	if err := ix.Correct(ctx, "anna", gif.ID, fix, "Wolfsburg war schon Partner, Braunschweig koordiniert"); err != nil {
		t.Fatalf("Correct: %v", err)
	}
	a, err := ix.Article(ctx, id(urlGifhorn))
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Events[0]; got.Status != extract.Corrected || len(got.Partners) != 2 || got.Partners[1].Name != "Stadt Braunschweig" || got.Evidence[0] != gif.Evidence[0] {
		t.Errorf("corrected event = %+v", got)
	}
	// The search index follows at once.
	for _, c := range []struct {
		partner string
		want    uint64
	}{{"Stadt Braunschweig", 1}, {"Stadt Wolfsburg", 0}} {
		res, err := ix.Search(ctx, index.Query{Partners: []string{c.partner}})
		if err != nil || res.Total != c.want {
			t.Errorf("Search(partner %s) = %d hits, %v; want %d", c.partner, res.Total, err, c.want)
		}
	}

	bay := bayernArticle().Events[0]
	if err := ix.Reject(ctx, "anna", bay.ID, "Kein Zweckverband, nur eine Absichtserklärung"); err != nil {
		t.Fatal(err)
	}
	if res, _ := ix.Search(ctx, index.Query{States: []string{"Bayern"}}); res.Total != 0 {
		t.Errorf("a rejected event still counts for its Land: %d hits", res.Total)
	}

	h, err := ix.History(ctx, gif.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range h {
		got = append(got, string(c.Action)+" "+c.Field+" "+c.Before+" -> "+c.After+" by "+c.User)
		if !c.At.Equal(clock()) || c.Reason != "Wolfsburg war schon Partner, Braunschweig koordiniert" {
			t.Errorf("change %+v: want the clock's time and the reason", c)
		}
	}
	want := []string{
		"correct partners " + mustJSON(t, gif.Partners) + " -> " + mustJSON(t, fix.Partners) + " by anna",
		`correct status "pending" -> "corrected" by anna`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("history (-want +got)\n%s", d)
	}
	if h, _ := ix.History(ctx, bay.ID); len(h) != 1 || h[0].Action != index.ActionReject || h[0].Reason == "" {
		t.Errorf("reject history = %+v", h)
	}

	// Re-extraction: the reviewed event keeps the editor's version and is
	// flagged, since the extractor still says Wolfsburg.
	reex := gifhornArticle()
	reex.Events[0].Date = "2021-05"
	mustPut(t, ix, reex)
	a, _ = ix.Article(ctx, id(urlGifhorn))
	if a.Events[0].Status != extract.Corrected || a.Events[0].Partners[1].Name != "Stadt Braunschweig" || a.Events[0].Date != "2021-04" {
		t.Errorf("re-extraction overwrote the reviewed event: %+v", a.Events[0])
	}
	q, err := ix.Queue(ctx, index.QueueQuery{Disagrees: true})
	if err != nil || q.Total != 1 || q.Items[0].Event.ID != gif.ID {
		t.Errorf("Queue(disagrees) = %+v, %v; want the re-extracted event", q, err)
	}
	// History survives the user's removal and the article's deletion by
	// nobody: it is an audit trail.
	if err := ix.RemoveUser(ctx, "anna"); err != nil {
		t.Fatal(err)
	}
	if h, _ := ix.ArticleHistory(ctx, id(urlGifhorn)); len(h) != 2 {
		t.Errorf("history after the editor left: %d rows, want 2", len(h))
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAddSplitMerge(t *testing.T) {
	ix := mustEditor(t)
	ctx := context.Background()
	added := extract.Event{Type: extract.Planned, Date: "2021",
		Partners: []extract.Partner{{Name: "Landkreis Peine", Kind: extract.KindLandkreis, State: "Niedersachsen", AGS: "03157"}, {Name: "Landkreis Gifhorn", Kind: extract.KindLandkreis}},
		Evidence: []string{"Peine will folgen."}}
	var ie *index.InvalidError
	if _, err := ix.AddEvent(ctx, "anna", id(urlGifhorn), extract.Event{Type: extract.Planned}, ""); !errors.As(err, &ie) {
		t.Errorf("AddEvent without partners = %v", err)
	}
	newID, err := ix.AddEvent(ctx, "anna", id(urlGifhorn), added, "fehlte")
	if err != nil {
		t.Fatal(err)
	}
	// A re-extraction neither removes nor flags the editor's event.
	mustPut(t, ix, gifhornArticle())
	a, _ := ix.Article(ctx, id(urlGifhorn))
	if len(a.Events) != 2 || a.Events[1].ID != newID || a.Events[1].Status != extract.Confirmed {
		t.Fatalf("events after re-extraction = %+v", a.Events)
	}
	if st, _ := ix.Stats(ctx); st.DisagreeingEvents != 0 {
		t.Errorf("%d disagreeing events, want 0", st.DisagreeingEvents)
	}
	if res, _ := ix.Search(ctx, index.Query{Partners: []string{"Landkreis Peine"}}); res.Total != 1 {
		t.Errorf("added partner not searchable: %d hits", res.Total)
	}

	orig := gifhornArticle().Events[0]
	splitID, err := ix.Split(ctx, "anna", orig.ID, []string{"Stadt Wolfsburg"}, "zwei Vorgänge")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Split(ctx, "anna", orig.ID, []string{"Landkreis Gifhorn"}, ""); !errors.As(err, &ie) {
		t.Errorf("split of the last partner = %v, want InvalidError", err)
	}
	a, _ = ix.Article(ctx, id(urlGifhorn))
	if len(a.Events) != 3 || len(a.Events[0].Partners) != 1 || a.Events[2].ID != splitID || a.Events[2].Partners[0].Name != "Stadt Wolfsburg" {
		t.Fatalf("after split: %+v", a.Events)
	}
	if err := ix.Merge(ctx, "anna", orig.ID, []extract.EventID{splitID}, "doch ein Vorgang"); err != nil {
		t.Fatal(err)
	}
	if err := ix.Merge(ctx, "anna", orig.ID, []extract.EventID{bayernArticle().Events[0].ID}, ""); !errors.As(err, &ie) {
		t.Errorf("merge across articles = %v, want InvalidError", err)
	}
	a, _ = ix.Article(ctx, id(urlGifhorn))
	if len(a.Events[0].Partners) != 2 || a.Events[2].Status != extract.Rejected {
		t.Errorf("after merge: %+v", a.Events)
	}
	h, _ := ix.History(ctx, splitID)
	if len(h) != 2 || h[0].Action != index.ActionSplit || h[1].Action != index.ActionMerge || !strings.Contains(h[1].Reason, "merged into "+string(orig.ID)) {
		t.Errorf("history of the split-off event = %+v", h)
	}
}

func TestQueue(t *testing.T) {
	ix := mustEditor(t)
	ctx := context.Background()
	res, err := ix.Queue(ctx, index.QueueQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var conf []float64
	for _, it := range res.Items {
		conf = append(conf, it.Event.Confidence)
	}
	if d := cmp.Diff([]float64{0.6, 0.7, 0.8, 0.9}, conf); d != "" || res.Total != 4 {
		t.Errorf("queue by confidence (-want +got)\n%s (total %d)", d, res.Total)
	}
	res, _ = ix.Queue(ctx, index.QueueQuery{Order: index.QueueByDate})
	var dates []string
	for _, it := range res.Items {
		dates = append(dates, string(it.Event.Date)+"/"+string(it.Published))
	}
	if d := cmp.Diff([]string{"/2021-06", "2021-04/2021-04-29", "2020-09-23/2020-09-23", "/"}, dates); d != "" {
		t.Errorf("queue by date (-want +got)\n%s", d)
	}
	for _, c := range []struct {
		name string
		q    index.QueueQuery
		want int
	}{
		{"state", index.QueueQuery{States: []string{"Bayern"}}, 1},
		{"kind and type", index.QueueQuery{Kinds: []string{"landkreis"}, Types: []string{"planned"}}, 1},
		{"partner", index.QueueQuery{Partners: []string{"Dataport", "Stadt Wolfsburg"}}, 2},
		{"year", index.QueueQuery{Years: []int{2021}}, 2},
		// The text filter is the search's full-text query.
		{"text: required words", index.QueueQuery{Text: "+rechenzentrum +zweckverband"}, 1},
		{"text: stemming and umlauts", index.QueueQuery{Text: "Zweckverbände"}, 1},
		{"text: compound head", index.QueueQuery{Text: "Portale"}, 2}, // "Portal", "Schulportale"
		{"text: any word", index.QueueQuery{Text: "Gifhorn Dataport"}, 2},
		{"text: excluded word", index.QueueQuery{Text: "-Gifhorn"}, 3},
		{"text: field", index.QueueQuery{Text: "partner:ebersberg"}, 1},
		{"text and filter", index.QueueQuery{Text: "Portale", Partners: []string{"Dataport"}}, 1},
		{"text with LIKE wildcards", index.QueueQuery{Text: "%"}, 0},
		{"site", index.QueueQuery{Sites: []string{"egovernment.de"}}, 1},
		{"limit", index.QueueQuery{Limit: 1}, 1},
	} {
		res, err := ix.Queue(ctx, c.q)
		if err != nil || len(res.Items) != c.want {
			t.Errorf("Queue(%s) = %d items, %v; want %d", c.name, len(res.Items), err, c.want)
		}
	}
	if err := ix.Confirm(ctx, "anna", bayernArticle().Events[0].ID, ""); err != nil {
		t.Fatal(err)
	}
	if res, _ := ix.Queue(ctx, index.QueueQuery{}); res.Total != 3 {
		t.Errorf("a confirmed event stays in the queue: total %d", res.Total)
	}
	for _, q := range []index.QueueQuery{{Limit: 101}, {Offset: -1}, {Order: "title"}, {Types: []string{"merged"}}, {Text: `"unclosed`}} {
		var qe *index.QueryError
		if _, err := ix.Queue(ctx, q); !errors.As(err, &qe) {
			t.Errorf("Queue(%+v) = %v, want a QueryError", q, err)
		}
	}
}

func TestPartnerPage(t *testing.T) {
	ix := mustEditor(t)
	ctx := context.Background()
	// A second article names Gifhorn differently but with the same AGS.
	other := portalArticle()
	other.Events[0].Partners = append(other.Events[0].Partners, extract.Partner{Name: "Kreis Gifhorn", Kind: extract.KindLandkreis, State: "Niedersachsen", AGS: "03151"})
	mustPut(t, ix, other)
	for _, key := range []string{"Landkreis Gifhorn", "03151"} {
		p, err := ix.Partner(ctx, key)
		if err != nil {
			t.Fatalf("Partner(%s): %v", key, err)
		}
		if len(p.Events) != 2 || p.Events[0].When != "2021-04" || p.Events[1].When != "2021-06" || p.AGS != "03151" {
			t.Errorf("Partner(%s) events = %+v", key, p.Events)
		}
		if d := cmp.Diff([]string{"Kreis Gifhorn", "Landkreis Gifhorn"}, p.Names); d != "" {
			t.Errorf("Partner(%s) names (-want +got)\n%s", key, d)
		}
		var co []string
		for _, c := range p.CoPartners {
			co = append(co, c.Name)
		}
		if d := cmp.Diff([]string{"Landkreis Harburg", "Landkreis Stade", "Stadt Wolfsburg"}, co); d != "" {
			t.Errorf("Partner(%s) co-partners (-want +got)\n%s", key, d)
		}
	}
	if _, err := ix.Partner(ctx, "Stadt Nirgendwo"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Partner(unknown) = %v, want ErrNotFound", err)
	}
}

func TestExport(t *testing.T) {
	ix := mustEditor(t)
	ctx := context.Background()
	evil := dataportArticle()
	evil.Title = "=HYPERLINK(\"http://x\")"
	mustPut(t, ix, evil)

	var buf bytes.Buffer
	if err := ix.Export(ctx, index.Query{States: []string{"Niedersachsen"}, Sort: index.SortDate}, index.FormatCSV, &buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(index.CSVHeader, rows[0]); d != "" {
		t.Errorf("header (-want +got)\n%s", d)
	}
	if len(rows) != 3 || rows[1][2] != "Kooperation mit Gifhorn erweitert" || rows[1][11] != "Landkreis Gifhorn; Stadt Wolfsburg" || rows[2][7] != "planned" {
		t.Errorf("csv rows = %q", rows)
	}

	buf.Reset()
	if err := ix.Export(ctx, index.Query{Text: "Dataport"}, index.FormatCSV, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `'=HYPERLINK`) {
		t.Errorf("a formula in a title is not defused:\n%s", buf.String())
	}

	buf.Reset()
	if err := ix.Export(ctx, index.Query{}, index.FormatJSONL, &buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var a extract.Article
	if len(lines) != 5 || json.Unmarshal([]byte(lines[0]), &a) != nil || a.URL == "" {
		t.Errorf("jsonl: %d lines, first %s", len(lines), lines[0])
	}

	buf.Reset()
	if err := ix.Export(ctx, index.Query{}, index.FormatGraphML, &buf); err != nil {
		t.Fatal(err)
	}
	g := buf.String()
	for _, want := range []string{`<graphml`, `<data key="label">Landkreis Gifhorn</data>`, `<edge id="e0"`, `<data key="weight">1</data>`} {
		if !strings.Contains(g, want) {
			t.Errorf("graphml lacks %q:\n%s", want, g)
		}
	}
	n, err := ix.Network(ctx, index.Query{}, 2)
	if err != nil || len(n.Nodes) != 2 || n.Dropped != 6 || n.Articles != 5 {
		t.Errorf("Network(max 2) = %+v, %v", n, err)
	}
	var qe *index.QueryError
	if err := ix.Export(ctx, index.Query{}, "xlsx", &buf); !errors.As(err, &qe) {
		t.Errorf("Export(xlsx) = %v, want QueryError", err)
	}
}
