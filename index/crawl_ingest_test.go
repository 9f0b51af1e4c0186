package index_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

// TestCrawlIngest stores a batch of crawled pages as the crawl command
// does: an article, a duplicate of it, a list page and a page whose
// extraction failed, with their fetches and frontier entries, in one
// Crawl.Ingest. Everything is stored, the leases end, the fingerprint
// recorded in memory is written with the batch, and the search index
// answers as a rebuild from the store does.
func TestCrawlIngest(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix := mustOpenIndexAt(t, dir)
	c, err := ix.OpenCrawl(ctx, "k", false)
	if err != nil {
		t.Fatal(err)
	}
	const (
		list = "https://www.kommune21.de/meldungen/"
		dup  = "https://www.kommune21.de/meldung_36133.html?print=1"
		bad  = "https://www.kommune21.de/meldung_1.html"
	)
	var add []index.FrontierEntry
	for _, u := range []string{list, urlGifhorn, dup, bad} {
		add = append(add, index.FrontierEntry{URL: u, Kind: "page", Priority: 2})
	}
	if _, err := c.Add(ctx, add); err != nil {
		t.Fatal(err)
	}
	leased, err := c.Next(ctx, time.Now(), 10)
	if err != nil || len(leased) != 4 {
		t.Fatalf("Next = %d entries, %v; want 4", len(leased), err)
	}
	if again, err := c.Next(ctx, time.Now(), 10); err != nil || len(again) != 0 {
		t.Errorf("Next while all are leased = %d entries, %v; want none", len(again), err)
	}
	if q, l, _, err := c.Pending(ctx); err != nil || q != 0 || l != 4 {
		t.Errorf("Pending while leased = %d queued, %d leased, %v; want 0, 4", q, l, err)
	}
	if first, err := c.Fingerprint(ctx, "sum-a", urlGifhorn); err != nil || first != urlGifhorn {
		t.Fatalf("Fingerprint = %q, %v", first, err)
	}
	if first, err := c.Fingerprint(ctx, "sum-a", dup); err != nil || first != urlGifhorn {
		t.Errorf("Fingerprint of the same body, not yet written = %q, %v; want %s", first, err, urlGifhorn)
	}

	var done []index.FrontierEntry
	for _, e := range leased {
		e.State, e.Outcome, e.Status, e.Attempts = "done", "ok", 200, 1
		if e.URL == dup {
			e.Outcome = "duplicate"
		}
		done = append(done, e)
	}
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	b := index.IngestBatch{
		Articles: []extract.Article{gifhornArticle()},
		URLs:     []index.ArticleURL{{Known: urlGifhorn, URL: dup}, {Known: "https://nowhere/", URL: "https://nowhere/2"}},
		Fetches: []index.Fetch{
			{URL: urlGifhorn, Canonical: urlGifhorn, Status: 200, Outcome: index.OutcomeArticle, FetchedAt: at, ETag: `"a"`},
			{URL: dup, Canonical: urlGifhorn, Status: 200, Outcome: index.OutcomeDuplicate, FetchedAt: at},
			{URL: list, Status: 200, Outcome: index.OutcomeNotArticle, FetchedAt: at, ETag: `"l"`},
			{URL: bad, Status: 200, Outcome: index.OutcomeExtractError, FetchedAt: at, Error: "no title"},
		},
		Frontier: done,
	}
	if err := ix.Ingest(ctx, b); err == nil {
		t.Error("Index.Ingest with frontier entries succeeded, want an error: they belong to a crawl")
	}
	invalid := b
	invalid.Fetches = append(invalid.Fetches[:3:3], index.Fetch{URL: bad})
	if err := c.Ingest(ctx, invalid); err == nil {
		t.Error("Ingest with a fetch without outcome succeeded")
	}
	if st, _ := ix.Stats(ctx); st.Articles != 0 || len(st.Fetches) != 0 {
		t.Errorf("a failed Ingest wrote %d articles, fetches %v; want nothing", st.Articles, st.Fetches)
	}
	if err := c.Ingest(ctx, b); err != nil {
		t.Fatalf("Ingest: %v", err)
	}

	if q, l, _, err := c.Pending(ctx); err != nil || q != 0 || l != 0 {
		t.Errorf("Pending after Ingest = %d queued, %d leased, %v; want 0, 0", q, l, err)
	}
	got, err := ix.Article(ctx, id(urlGifhorn))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{urlGifhorn, dup}, got.URLs); diff != "" {
		t.Errorf("article URLs (-want +got):\n%s", diff)
	}
	for _, f := range b.Fetches {
		lf, err := ix.LastFetch(ctx, f.URL)
		if err != nil || lf.Outcome != f.Outcome || lf.ETag != f.ETag || lf.Attempts != 1 {
			t.Errorf("LastFetch(%s) = %+v, %v; want outcome %s, ETag %q", f.URL, lf, err, f.Outcome, f.ETag)
		}
	}
	st, err := ix.Stats(ctx)
	if err != nil || st.SearchDocs != 1 || st.Unindexed != 0 {
		t.Errorf("Stats = %+v, %v; want 1 search document, none unindexed", st, err)
	}
	want := searchResult(t, ix, index.Query{Text: "Gifhorn"})

	// The batch and the fingerprint are in the store: a new process sees
	// them, and the search index holds what a rebuild from the store gives.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = mustOpenIndexAt(t, dir)
	c, err = ix.OpenCrawl(ctx, "k", false)
	if err != nil || !c.Resumed {
		t.Fatalf("OpenCrawl = %+v, %v; want the crawl resumed", c, err)
	}
	if first, err := c.Fingerprint(ctx, "sum-a", "https://other/"); err != nil || first != urlGifhorn {
		t.Errorf("Fingerprint after reopening = %q, %v; want %s", first, err, urlGifhorn)
	}
	if q, l, _, _ := c.Pending(ctx); q != 0 || l != 0 {
		t.Errorf("Pending after reopening = %d queued, %d leased; want 0, 0", q, l)
	}
	if err := ix.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, searchResult(t, ix, index.Query{Text: "Gifhorn"})); diff != "" {
		t.Errorf("search after a rebuild from the store (-ingested +rebuilt):\n%s", diff)
	}
}

// TestCrawlUnwrittenFingerprint: a fingerprint recorded but never written
// (the process died before the crawl's next write) is forgotten; the page
// it belonged to was not stored either, so it is fetched again.
func TestCrawlUnwrittenFingerprint(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix := mustOpenIndexAt(t, dir)
	c, err := ix.OpenCrawl(ctx, "k", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Fingerprint(ctx, "sum", "http://x/a"); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = mustOpenIndexAt(t, dir)
	if c, err = ix.OpenCrawl(ctx, "k", false); err != nil {
		t.Fatal(err)
	}
	if first, err := c.Fingerprint(ctx, "sum", "http://x/b"); err != nil || first != "http://x/b" {
		t.Errorf("Fingerprint = %q, %v; want http://x/b, the first one written", first, err)
	}
	if err := c.Update(ctx, index.FrontierEntry{URL: "http://x/b", State: "done"}); err != nil { // any write
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = mustOpenIndexAt(t, dir)
	if c, err = ix.OpenCrawl(ctx, "k", false); err != nil {
		t.Fatal(err)
	}
	if first, _ := c.Fingerprint(ctx, "sum", "http://x/c"); first != "http://x/b" {
		t.Errorf("Fingerprint after a write = %q, want http://x/b", first)
	}
}

// TestIngestEventOfAnotherArticle: an article whose event ID is held by
// another article's reviewed event is indexed as stored (without that
// event), not as given.
func TestIngestEventOfAnotherArticle(t *testing.T) {
	ctx := context.Background()
	ix := mustOpenIndex(t)
	a := gifhornArticle()
	mustPut(t, ix, a)
	if err := ix.SetEventStatus(ctx, a.Events[0].ID, extract.Confirmed); err != nil {
		t.Fatal(err)
	}
	b := bayernArticle()
	b.Events[0].ID = a.Events[0].ID
	if err := ix.Ingest(ctx, index.IngestBatch{Articles: []extract.Article{b}}); err != nil && !errors.Is(err, index.ErrNotSearchable) {
		t.Fatal(err)
	}
	got, err := ix.Article(ctx, id(urlBayern))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Events) != 0 {
		t.Errorf("article %s holds events %+v, want none: the ID is the other article's reviewed event", urlBayern, got.Events)
	}
	res, err := ix.Search(ctx, index.Query{Statuses: []string{"pending"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 {
		t.Errorf("Search(status pending): %d hits, want 0", res.Total)
	}
}
