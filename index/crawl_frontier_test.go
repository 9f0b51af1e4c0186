package index_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/coopwatch/coopwatch/index"
)

func TestCrawlFrontierResume(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix := mustOpenIndexAt(t, dir)
	c, err := ix.OpenCrawl(ctx, "k", false)
	if err != nil || c.Resumed {
		t.Fatalf("OpenCrawl = %+v, %v; want a new crawl", c, err)
	}
	n, err := c.Add(ctx, []index.FrontierEntry{
		{URL: "http://x/list", Kind: "page", Priority: 3},
		{URL: "http://x/a", Kind: "page", Priority: 2},
		{URL: "http://x/sm.xml", Kind: "sitemap", Priority: 1, Optional: true},
		{URL: "http://x/b", Kind: "page", Priority: 2},
		{URL: "http://x/a", Kind: "page", Priority: 0}, // known: ignored
		{URL: "http://x/redirected", Kind: "page", State: "done", Outcome: "redirect-target"},
	})
	if err != nil || n != 5 {
		t.Fatalf("Add = %d, %v; want 5 new", n, err)
	}
	got, err := c.Next(ctx, time.Now(), 3)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, e := range got {
		urls = append(urls, e.URL)
		if e.State != "leased" {
			t.Errorf("Next gave %s in state %q, want leased", e.URL, e.State)
		}
	}
	if diff := cmp.Diff([]string{"http://x/sm.xml", "http://x/a", "http://x/b"}, urls); diff != "" {
		t.Errorf("Next order (-want +got):\n%s", diff)
	}
	retry := got[1]
	retry.State, retry.Attempts, retry.NextTry = "queued", 1, time.Now().Add(time.Hour)
	if err := c.Update(ctx, retry); err != nil {
		t.Fatal(err)
	}
	done := got[0]
	done.State, done.Outcome = "done", "ok"
	if err := c.Update(ctx, done); err != nil {
		t.Fatal(err)
	}
	q, l, next, err := c.Pending(ctx)
	if err != nil || q != 2 || l != 1 || next.IsZero() {
		t.Errorf("Pending = %d queued, %d leased, next %v, %v; want 2, 1 and a time", q, l, next, err)
	}

	// A crash: the leased entry is queued again when the crawl is taken up.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = mustOpenIndexAt(t, dir)
	c, err = ix.OpenCrawl(ctx, "k", false)
	if err != nil || !c.Resumed {
		t.Fatalf("OpenCrawl after crash = %+v, %v; want the crawl resumed", c, err)
	}
	if q, l, _, _ := c.Pending(ctx); q != 3 || l != 0 {
		t.Errorf("Pending after resume = %d queued, %d leased; want 3, 0", q, l)
	}
	got, _ = c.Next(ctx, time.Now(), 10)
	if len(got) != 2 || got[0].URL != "http://x/b" {
		t.Errorf("Next after resume = %+v; want b and list, not the entry waiting for its retry", got)
	}
	first, err := c.Fingerprint(ctx, "abc", "http://x/a")
	if err != nil || first != "http://x/a" {
		t.Errorf("Fingerprint new = %q, %v", first, err)
	}
	if first, _ := c.Fingerprint(ctx, "abc", "http://x/b"); first != "http://x/a" {
		t.Errorf("Fingerprint of the same body under b = %q, want a", first)
	}
	if err := c.Finish(ctx, map[string]int{"fetched": 2}, true); err != nil {
		t.Fatal(err)
	}
	c2, err := ix.OpenCrawl(ctx, "k", false)
	if err != nil || c2.Resumed || c2.ID == c.ID {
		t.Errorf("OpenCrawl after Finish = %+v, %v; want a new crawl", c2, err)
	}
	crawls, err := ix.Crawls(ctx, 5)
	if err != nil || len(crawls) != 2 || crawls[1].Stats["fetched"] != 2 || crawls[1].Runs != 2 || crawls[1].FinishedAt.IsZero() {
		t.Errorf("Crawls = %+v, %v", crawls, err)
	}
}

func TestValidatorsRecorded(t *testing.T) {
	ctx := context.Background()
	ix := mustOpenIndex(t)
	if err := ix.RecordFetch(ctx, index.Fetch{URL: "http://x/a", Outcome: index.OutcomeArticle, Status: 200, ETag: `"v1"`, LastMod: "Tue, 29 Apr 2025 10:00:00 GMT"}); err != nil {
		t.Fatal(err)
	}
	etag, lm, err := ix.Validators(ctx, "http://x/a")
	if err != nil || etag != `"v1"` || lm != "Tue, 29 Apr 2025 10:00:00 GMT" {
		t.Errorf("Validators = %q, %q, %v", etag, lm, err)
	}
	if etag, lm, err := ix.Validators(ctx, "http://x/none"); etag != "" || lm != "" || err != nil {
		t.Errorf("Validators of an unknown URL = %q, %q, %v; want none", etag, lm, err)
	}
}
