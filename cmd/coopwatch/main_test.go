package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

func TestExtractFixtureAndBadFiles(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.html")
	binary := filepath.Join(dir, "image.png")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(binary, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	page := fixturePage(t)
	stdout, stderr, err := runCmd(t, "extract", filepath.Join(dir, "missing.html"), empty, page, binary)
	if !errors.Is(err, errReported) || exitCode(err, io.Discard) != 1 {
		t.Errorf("err = %v, want errReported (exit 1)", err)
	}
	for _, want := range []string{"missing.html: no such file", "empty.html: empty input", "image.png: not an HTML page", "3 of 4 inputs failed"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one JSON line for the one good file, got %d:\n%s", len(lines), stdout)
	}
	var a map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	for _, field := range []string{"url", "site", "title", "kicker", "published", "authors", "keywords", "text", "cooperation", "events", "people"} {
		if _, ok := a[field]; !ok {
			t.Errorf("article JSON lacks %q", field)
		}
	}
}

// fixturePage returns a Kommune21-style fixture page from the repository.
func fixturePage(t *testing.T) string {
	t.Helper()
	m, _ := filepath.Glob("../../fixtures/pages/k21-*.html")
	if len(m) == 0 {
		t.Fatal("no fixtures/pages/k21-*.html in the repository")
	}
	return m[0]
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "no command given"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"extract"}, "no FILE given"},
		{[]string{"crawl", "--data", "x"}, "no --seed URL given"},
		{[]string{"search", "--limit", "0", "x"}, "--limit must be 1-100"},
		{[]string{"search", "--from", "gestern", "x"}, `invalid --from "gestern"`},
		{[]string{"extract", "--log-level", "loud", "x"}, `invalid --log-level "loud"`},
		{[]string{"eval", "--min", "partners_f1"}, "partners_f1"},
	}
	for _, tt := range tests {
		_, _, err := runCmd(t, tt.args...)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want a usage error containing %q", tt.args, err, tt.want)
		}
		if exitCode(err, io.Discard) != 2 {
			t.Errorf("run(%q): exit code %d, want 2", tt.args, exitCode(err, io.Discard))
		}
	}
}

func TestHelp(t *testing.T) {
	for _, c := range commands() {
		var out, errb bytes.Buffer
		err := run(context.Background(), []string{c.name, "--help"}, nil, &out, &errb)
		if !errors.Is(err, errHelp) || exitCode(err, io.Discard) != 0 {
			t.Errorf("%s --help: err = %v", c.name, err)
		}
		if !strings.Contains(errb.String(), "Usage: coopwatch "+c.name) {
			t.Errorf("%s --help printed no usage:\n%s", c.name, errb.String())
		}
	}
}

// TestDemoEndToEnd runs the README's main command in-process: it crawls the
// fixture site over loopback, extracts, indexes and serves, and checks the
// answers a newcomer would see first.
func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end demo crawl skipped in -short mode")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	data := t.TempDir()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--data", data, "--log-format", "json"}, nil, &stdout, &stderr)
	}()
	base := waitServing(t, &stdout, done)

	// Every cooperation article of the fixtures is found by "Kooperation".
	var res struct {
		Total int
		Hits  []struct {
			Title       string
			Site        string
			Cooperation bool
		}
		Facets map[string][]struct {
			Term  string
			Count int
		}
	}
	getJSON(t, base+"/api/search?q=Kooperation&limit=100", http.StatusOK, &res)
	if res.Total == 0 {
		t.Fatalf("q=Kooperation found nothing; demo log:\n%s", stderr.String())
	}
	// Pages without <link rel=canonical> take their address from the
	// fixture site's Link header: no article may be filed under loopback.
	var all struct {
		Hits []struct{ Title, Site, URL string }
	}
	getJSON(t, base+"/api/search?limit=100", http.StatusOK, &all)
	for _, h := range all.Hits {
		if strings.HasPrefix(h.Site, "127.0.0.1") || strings.Contains(h.URL, "127.0.0.1") {
			t.Errorf("%q is filed under the loopback address: site %q, url %q", h.Title, h.Site, h.URL)
		}
	}
	for _, f := range []string{"partner", "state", "type", "year"} {
		if len(res.Facets[f]) == 0 {
			t.Errorf("facet %q is empty", f)
		}
	}

	getJSON(t, base+"/api/search?q=Gifhorn", http.StatusOK, &res)
	top := -1
	for i, h := range res.Hits {
		if h.Title == "Kooperation in Ost-Niedersachsen erweitert" {
			top = i
			break
		}
	}
	if top < 0 || top > 2 {
		t.Errorf("q=Gifhorn: the Ost-Niedersachsen article is at %d, want in the top 3; hits %+v", top, res.Hits)
	}

	var e struct{ Error string }
	getJSON(t, base+"/api/search?q="+url.QueryEscape("title:("), http.StatusBadRequest, &e)
	if e.Error == "" {
		t.Error("q=title:( gave 400 without an error message")
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("demo ended with %v after Ctrl-C, want a graceful stop (nil)", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not stop within 30s of cancellation")
	}
}

var servingRE = regexp.MustCompile(`serving (http://\S+)`)

func waitServing(t *testing.T, stdout *syncBuffer, done <-chan error) string {
	t.Helper()
	deadline := time.After(3 * time.Minute)
	for {
		if m := servingRE.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("demo ended before serving: %v\nstdout:\n%s", err, stdout.String())
		case <-deadline:
			t.Fatalf("demo not serving after 3 minutes; stdout:\n%s", stdout.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func getJSON(t *testing.T, u string, wantStatus int, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d; body %s", u, resp.StatusCode, wantStatus, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v; body %s", u, err, body)
	}
}
