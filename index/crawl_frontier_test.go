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
	for _, f := range []index.Fetch{
		{URL: "http://x/a", Outcome: index.OutcomeArticle, Status: 200, ETag: `"v1"`, LastMod: "Tue, 29 Apr 2025 10:00:00 GMT"},
		{URL: "http://x/list", Outcome: index.OutcomeNotArticle, Status: 200, ETag: `"l1"`},
		{URL: "http://x/dup", Outcome: index.OutcomeDuplicate, Status: 200, ETag: `"d1"`},
	} {
		if err := ix.RecordFetch(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	type validators struct {
		ETag, LastMod string
		Stored        bool
	}
	for _, tt := range []struct {
		url  string
		want validators
	}{
		{"http://x/a", validators{`"v1"`, "Tue, 29 Apr 2025 10:00:00 GMT", true}},
		{"http://x/list", validators{`"l1"`, "", false}}, // its links matter: not stored
		{"http://x/dup", validators{`"d1"`, "", true}},
		{"http://x/none", validators{}},
	} {
		etag, lm, stored, err := ix.Validators(ctx, tt.url)
		if err != nil {
			t.Fatalf("Validators(%s): %v", tt.url, err)
		}
		if diff := cmp.Diff(tt.want, validators{etag, lm, stored}); diff != "" {
			t.Errorf("Validators(%s) (-want +got):\n%s", tt.url, diff)
		}
	}
}

func TestCrawlResources(t *testing.T) {
	ctx := context.Background()
	ix := mustOpenIndex(t)
	if _, ok, err := ix.CrawlResource(ctx, "http://x/robots.txt"); ok || err != nil {
		t.Fatalf("CrawlResource before any Put = %v, %v; want none", ok, err)
	}
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, r := range []index.CrawlResource{
		{URL: "http://x/robots.txt", Kind: "robots", ETag: `"r0"`, Body: []byte("User-agent: *\nDisallow: /old/\n"), FetchedAt: at},
		{URL: "http://x/robots.txt", Kind: "robots", ETag: `"r1"`, LastMod: "Fri, 01 May 2026 12:00:00 GMT", Body: []byte("User-agent: *\nDisallow: /intern/\n"), FetchedAt: at},
		{URL: "http://x/sitemap.xml", Kind: "sitemap", ETag: `"s1"`, FetchedAt: at},
	} {
		if err := ix.PutCrawlResource(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, ok, err := ix.CrawlResource(ctx, "http://x/robots.txt")
	want := index.CrawlResource{URL: "http://x/robots.txt", Kind: "robots", ETag: `"r1"`, LastMod: "Fri, 01 May 2026 12:00:00 GMT", Body: []byte("User-agent: *\nDisallow: /intern/\n"), FetchedAt: at}
	if diff := cmp.Diff(want, got); !ok || err != nil || diff != "" {
		t.Errorf("CrawlResource(robots.txt) = %v, %v (-want +got):\n%s", ok, err, diff)
	}
	if got, ok, _ := ix.CrawlResource(ctx, "http://x/sitemap.xml"); !ok || got.ETag != `"s1"` || got.Body != nil {
		t.Errorf("CrawlResource(sitemap.xml) = %+v, %v; want ETag \"s1\" and no body", got, ok)
	}
	if err := ix.PutCrawlResource(ctx, index.CrawlResource{URL: "http://x/y"}); err == nil {
		t.Error("PutCrawlResource without a kind succeeded")
	}
}

// TestCrawlCarryOver finishes a crawl whose frontier holds every kind of
// entry and opens the next crawl with the same key: what the next crawl
// must ask for again is queued (with its outcome, so the crawler knows it
// read the URL before), what it must not fetch again is done, and a fresh
// crawl queues everything.
func TestCrawlCarryOver(t *testing.T) {
	ctx := context.Background()
	ix := mustOpenIndex(t)
	c, err := ix.OpenCrawl(ctx, "k", false)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ State, Outcome string }
	entries := []struct {
		e     index.FrontierEntry
		fetch index.Outcome // recorded by the ingester; "" for none
		want  row           // in the next crawl
		fresh row           // in a --fresh crawl
	}{
		{index.FrontierEntry{URL: "http://x/", Kind: "page", Outcome: "ok"}, index.OutcomeNotArticle, row{"queued", "ok"}, row{"queued", "ok"}},
		{index.FrontierEntry{URL: "http://x/list?p=2", Kind: "page", Outcome: "not-modified"}, index.OutcomeNotArticle, row{"queued", "not-modified"}, row{"queued", "not-modified"}},
		{index.FrontierEntry{URL: "http://x/a", Kind: "page", Outcome: "ok"}, index.OutcomeArticle, row{"done", "ok"}, row{"queued", "ok"}},
		{index.FrontierEntry{URL: "http://x/a2", Kind: "page", Outcome: "not-modified"}, index.OutcomeArticle, row{"done", "not-modified"}, row{"queued", "not-modified"}},
		{index.FrontierEntry{URL: "http://x/copy", Kind: "page", Outcome: "duplicate"}, index.OutcomeDuplicate, row{"done", "duplicate"}, row{"queued", "duplicate"}},
		{index.FrontierEntry{URL: "http://x/bad", Kind: "page", Outcome: "ok"}, index.OutcomeExtractError, row{"queued", "ok"}, row{"queued", "ok"}},
		{index.FrontierEntry{URL: "http://x/sitemap.xml", Kind: "sitemap", Outcome: "ok"}, "", row{"queued", "ok"}, row{"queued", "ok"}},
		{index.FrontierEntry{URL: "http://x/feed", Kind: "feed", Outcome: "not-modified"}, "", row{"queued", "not-modified"}, row{"queued", "not-modified"}},
		{index.FrontierEntry{URL: "http://x/500", Kind: "page", State: "failed", Outcome: "http-error", Status: 500, Attempts: 3}, "", row{"queued", "http-error"}, row{"queued", "http-error"}},
		{index.FrontierEntry{URL: "http://x/404", Kind: "page", State: "failed", Outcome: "http-error", Status: 404}, "", row{"done", "http-error"}, row{"queued", "http-error"}},
		{index.FrontierEntry{URL: "http://x/410", Kind: "page", State: "failed", Outcome: "http-error", Status: 410}, "", row{"done", "http-error"}, row{"queued", "http-error"}},
		{index.FrontierEntry{URL: "http://x/timeout", Kind: "page", State: "failed", Outcome: "timeout"}, "", row{"queued", "timeout"}, row{"queued", "timeout"}},
		{index.FrontierEntry{URL: "http://x/handle", Kind: "page", State: "failed", Outcome: "handle-error"}, "", row{"queued", "handle-error"}, row{"queued", "handle-error"}},
		{index.FrontierEntry{URL: "http://x/intern/", Kind: "page", Outcome: "robots"}, "", row{"queued", "robots"}, row{"queued", "robots"}},
		{index.FrontierEntry{URL: "http://x/doc.pdf", Kind: "page", Outcome: "not-html"}, "", row{"done", "not-html"}, row{"queued", "not-html"}},
		{index.FrontierEntry{URL: "http://x/huge", Kind: "page", Outcome: "too-large"}, "", row{"done", "too-large"}, row{"queued", "too-large"}},
		{index.FrontierEntry{URL: "http://real/a", Kind: "page", Outcome: "canonical-of"}, "", row{"done", "canonical-of"}, row{"done", "canonical-of"}},
		{index.FrontierEntry{URL: "http://x/moved", Kind: "page", Outcome: "redirect-target"}, "", row{}, row{}},
	}
	var add []index.FrontierEntry
	for _, tt := range entries {
		e := tt.e
		if e.State == "" {
			e.State = "done"
		}
		add = append(add, e)
		if tt.fetch != "" {
			if err := ix.RecordFetch(ctx, index.Fetch{URL: e.URL, Status: 200, Outcome: tt.fetch}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := c.Add(ctx, add); err != nil {
		t.Fatal(err)
	}
	if err := c.Finish(ctx, nil, true); err != nil {
		t.Fatal(err)
	}

	states := func(c *index.Crawl) map[string]row {
		got := map[string]row{}
		es, err := c.Next(ctx, time.Now(), 100) // leases the queued ones
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			got[e.URL] = row{"queued", e.Outcome}
			if e.Attempts != 0 || !e.NextTry.IsZero() {
				t.Errorf("%s carried over with %d attempts, next try %v; want a fresh start", e.URL, e.Attempts, e.NextTry)
			}
		}
		return got
	}
	next, err := ix.OpenCrawl(ctx, "k", false)
	if err != nil || next.Resumed || next.ID == c.ID {
		t.Fatalf("OpenCrawl after Finish = %+v, %v; want a new crawl", next, err)
	}
	if want := len(entries) - 1; next.Carried != want {
		t.Errorf("Carried = %d, want %d (all but the redirect target)", next.Carried, want)
	}
	got := states(next)
	// Done entries are not handed out; a known URL added again is ignored.
	for _, tt := range entries {
		if tt.want.State == "done" {
			if n, _ := next.Add(ctx, []index.FrontierEntry{{URL: tt.e.URL, Kind: "page"}}); n != 0 {
				t.Errorf("%s: done in the carried frontier, yet added again", tt.e.URL)
			}
			got[tt.e.URL] = tt.want
		}
		if tt.want == (row{}) {
			if n, _ := next.Add(ctx, []index.FrontierEntry{{URL: tt.e.URL, Kind: "page", State: "done", Outcome: "redirect-target"}}); n != 1 {
				t.Errorf("%s: a dropped redirect target is still known", tt.e.URL)
			}
		}
	}
	wantRows := map[string]row{}
	wantFresh := map[string]row{}
	for _, tt := range entries {
		if tt.want != (row{}) {
			wantRows[tt.e.URL] = tt.want
		}
		if tt.fresh.State == "queued" {
			wantFresh[tt.e.URL] = tt.fresh
		}
	}
	if diff := cmp.Diff(wantRows, got); diff != "" {
		t.Errorf("next crawl's frontier (-want +got):\n%s", diff)
	}
	queued := 0
	for _, r := range wantRows {
		if r.State == "queued" {
			queued++
		}
	}
	if q, l, _, err := next.Pending(ctx); err != nil || q != 0 || l != queued {
		t.Errorf("Pending after leasing the carried queue = %d queued, %d leased, %v; want 0, %d", q, l, err, queued)
	}

	// --fresh closes the unfinished crawl and takes over everything.
	fresh, err := ix.OpenCrawl(ctx, "k", true)
	if err != nil || fresh.Resumed || fresh.ID == next.ID {
		t.Fatalf("OpenCrawl fresh = %+v, %v; want a new crawl", fresh, err)
	}
	if diff := cmp.Diff(wantFresh, states(fresh)); diff != "" {
		t.Errorf("fresh crawl's queue (-want +got):\n%s", diff)
	}
	crawls, err := ix.Crawls(ctx, 5)
	if err != nil || len(crawls) != 3 {
		t.Fatalf("Crawls = %+v, %v", crawls, err)
	}
	for _, old := range crawls[1:] {
		if len(old.States) != 0 {
			t.Errorf("crawl %d keeps frontier rows %v after a newer crawl took them over", old.ID, old.States)
		}
	}
}
