package e2e_test

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/fixtures"
)

const (
	editorName = "redaktion"
	editorPW   = "kooperation-pruefen-2026"
)

// The tests drive the real command: TestMain builds it once, and each test
// crawls the fixture site with it, adds the editor and runs
// "coopwatch serve" on loopback.
var (
	chromiumPath string // the browser, "" when there is none
	skipReason   string // why the browser tests do not run here, if they don't
	binPath      string // the coopwatch binary
	buildErr     error  // why it could not be built
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	required := os.Getenv("COOPWATCH_BROWSER_TESTS") == "1"
	// The skip or failure message is given by chromium in each test.
	path := cmp.Or(os.Getenv("COOPWATCH_CHROMIUM"), "/usr/bin/chromium")
	switch p, err := exec.LookPath(path); {
	case testing.Short() && !required:
		skipReason = "browser tests skipped in -short mode"
	case err != nil:
		skipReason = "no Chromium at " + path + ": install Debian's chromium (apt-get install -y chromium) or set COOPWATCH_CHROMIUM; " +
			"COOPWATCH_BROWSER_TESTS=1 makes this a failure"
	default:
		chromiumPath = p
	}
	if chromiumPath == "" {
		return m.Run() // every test skips or fails with skipReason: nothing to build
	}
	dir, err := os.MkdirTemp("", "coopwatch-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binPath = filepath.Join(dir, "coopwatch")
	goTool, err := exec.LookPath("go")
	if err != nil {
		buildErr = fmt.Errorf("build coopwatch: no go command on PATH: %w", err)
	} else if out, err := exec.Command(goTool, "build", "-o", binPath, "github.com/coopwatch/coopwatch/cmd/coopwatch").CombinedOutput(); err != nil {
		buildErr = fmt.Errorf("build coopwatch: %s build -o %s github.com/coopwatch/coopwatch/cmd/coopwatch: %w\n%s", goTool, binPath, err, out)
	}
	return m.Run()
}

// chromium returns the browser to run, or skips (or, with
// COOPWATCH_BROWSER_TESTS=1, fails) the test when there is none.
func chromium(t *testing.T) string {
	t.Helper()
	if chromiumPath == "" {
		if os.Getenv("COOPWATCH_BROWSER_TESTS") == "1" {
			t.Fatal(skipReason)
		}
		t.Skip(skipReason)
	}
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return chromiumPath
}

// coopwatch runs the binary with args and stdin to completion and returns
// its standard output, failing the test with everything it printed when
// it fails.
func coopwatch(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("coopwatch %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// fixtureData crawls the fixture site on loopback with "coopwatch crawl"
// into a fresh data directory and adds the editor with "coopwatch user
// add", as an operator would.
func fixtureData(t *testing.T) string {
	t.Helper()
	site := httptest.NewServer(fixtures.NewSite())
	defer site.Close()
	data := t.TempDir()
	report := coopwatch(t, "", "crawl", "--data", data, "--seed", site.URL+"/", "--delay", "0", "--max-depth", "1",
		"--max-pages", "0", "--log-level", "warn")
	t.Logf("crawl of the fixture site:\n%s", report)
	coopwatch(t, editorPW+"\n", "user", "--data", data, "add", editorName)
	return data
}

// server is a running "coopwatch serve".
type server struct {
	URL    string
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan error
}

var servingRE = regexp.MustCompile(`^serving (http://127\.0\.0\.1:\d+)$`)

// serve starts "coopwatch serve" on the data in dir on a free loopback
// port and returns once it accepts connections. The test must stop it; if
// it fails first, the server is killed.
func serve(t *testing.T, data string) *server {
	t.Helper()
	s := &server{stderr: &syncBuffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(binPath, "serve", "--data", data, "--addr", "127.0.0.1:0", "--log-format", "json")
	s.cmd.Stderr = s.stderr
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start coopwatch serve: %v", err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingRE.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		s.done <- s.cmd.Wait() // after stdout is read to its end, as Wait requires
	}()
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("coopwatch serve log:\n%s", s.stderr.String())
		}
	})
	select {
	case s.URL = <-urls:
	case err := <-s.done:
		t.Fatalf("coopwatch serve exited before serving: %v\n%s", err, s.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("coopwatch serve printed no \"serving http://…\" line within 30s\n%s", s.stderr.String())
	}
	return s
}

// stop sends SIGTERM, as a service manager does, and checks that the
// server shuts down gracefully: it logs "server stopped" and exits with
// status 0, as a service manager expects of a clean stop.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM to coopwatch serve: %v", err)
	}
	var err error
	select {
	case err = <-s.done:
	case <-time.After(15 * time.Second):
		t.Fatal("coopwatch serve did not exit within 15s of SIGTERM")
	}
	if err != nil {
		t.Errorf("coopwatch serve after SIGTERM: %v, want exit status 0 (a graceful stop)", err)
	}
	log := s.stderr.String()
	if !strings.Contains(log, `"message":"server stopped"`) {
		t.Errorf("coopwatch serve did not shut down gracefully; its log:\n%s", log)
	}
	for _, bad := range []string{`"level":"error"`, "panic", "coopwatch: shut down", "coopwatch: serve"} {
		if strings.Contains(log, bad) {
			t.Errorf("coopwatch serve log holds %q:\n%s", bad, log)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a writing process and a reading test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// browser starts a headless Chromium and returns a tab's context and a
// counter of the JavaScript dialogs (alert, confirm, prompt) any page
// opened: the XSS fixture must open none.
func browser(t *testing.T, exe string) (context.Context, *atomic.Int32) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	var dialogs atomic.Int32
	go func() {
		for ev, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			dialogs.Add(1)
			t.Logf("dialog opened: %q", ev.Message)
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return ctx, &dialogs
}

// step runs actions with a timeout, failing the test with what it was doing.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, actions...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("%s (at %s): %v", what, loc, err)
	}
}

func value[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("COOPWATCH_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	png := value(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", filepath.Join(dir, name))
}

// TestResearcherAndEditorInChromium walks through coopwatch the way its
// people do: a researcher searches, filters by Land, opens an article and
// exports CSV; an editor logs in, corrects a partner, rejects an event and
// sees the history; the researcher then sees the corrected data; the XSS
// fixture stays inert throughout.
func TestResearcherAndEditorInChromium(t *testing.T) {
	exe := chromium(t)
	srv := serve(t, fixtureData(t))
	ctx, dialogs := browser(t, exe)
	base := srv.URL

	// Researcher: search, filter by Land, open an article.
	step(t, ctx, "search", chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=q]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "Kooperation"),
		chromedp.Submit(chromedp.CSS(`form.search`)),
		// The attribute comes from the server: the results page is there.
		chromedp.WaitVisible(chromedp.CSS(`input[name=q][value="Kooperation"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.hit`)))
	all := value(t, ctx, "total", chromedp.Text(chromedp.CSS(`.total strong`)))
	step(t, ctx, "filter by Land", chromedp.Click(chromedp.CSS(`details.facet a[href*="state=Niedersachsen"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.chip.removable`)))
	chip := value(t, ctx, "active filter", chromedp.Text(chromedp.CSS(`.chip.removable`)))
	if !strings.Contains(chip, "Land: Niedersachsen") {
		t.Errorf("active filter chip = %q", chip)
	}
	filtered := value(t, ctx, "filtered total", chromedp.Text(chromedp.CSS(`.total strong`)))
	if filtered == all || filtered == "0" {
		t.Errorf("filter by Niedersachsen: %s of %s hits", filtered, all)
	}
	screenshot(t, ctx, "search.png")

	// Export CSV from the result page, as the browser fetches the link.
	csvText := value(t, ctx, "export csv body", chromedp.Evaluate[string](
		`fetch(document.querySelector('a[href*="format=csv"]').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(csvText, "article_id,article_url,title") || !strings.Contains(csvText, "Niedersachsen") {
		t.Errorf("CSV export starts %q", firstLine(csvText))
	}

	step(t, ctx, "open the Ost-Niedersachsen article",
		chromedp.Navigate(base+"/?q=Gifhorn&state=Niedersachsen"),
		chromedp.WaitVisible(chromedp.CSS(`.hit`)),
		chromedp.Click(chromedp.CSS(`.hit h3 a`)),
		chromedp.WaitVisible(chromedp.CSS(`article.full h1`)))
	articleURL := value(t, ctx, "article location", chromedp.Location())
	title := value(t, ctx, "article title", chromedp.Text(chromedp.CSS(`article.full h1`)))
	if !strings.Contains(title, "Ost-Niedersachsen") {
		t.Errorf("first hit for Gifhorn in Niedersachsen is %q", title)
	}
	if n := value(t, ctx, "evidence marks", chromedp.Evaluate[int](`document.querySelectorAll("mark.evidence").length`)); n == 0 {
		t.Error("the article shows no highlighted evidence")
	}
	screenshot(t, ctx, "article.png")

	// Editor: log in, see the queue.
	step(t, ctx, "log in", chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), editorName),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), editorPW),
		chromedp.Submit(chromedp.CSS(`form.stack`)),
		chromedp.WaitVisible(chromedp.CSS(`ol.queue`)))
	screenshot(t, ctx, "review.png")

	// Correct the partners of the first event of the article: the
	// Landkreis Peine joins too. The autocomplete fills kind, Land and AGS
	// from the gazetteer.
	step(t, ctx, "open the correction form", chromedp.Navigate(articleURL),
		chromedp.WaitVisible(chromedp.CSS(`.event-card details.edit summary`)),
		chromedp.Click(chromedp.CSS(`.event-card details.edit summary`)),
		chromedp.WaitVisible(chromedp.CSS(`.event-card details.edit[open] .partner-row`)))
	emptyRow := `.event-card details.edit[open] .partner-row:nth-last-of-type(2)`
	nameInput := chromedp.CSS(emptyRow + ` input[name=partner_name]`)
	// The gazetteer completes a prefix: "Gifh" offers the Landkreis under
	// the name editors write, with its kind, Land and AGS.
	step(t, ctx, "type the start of a partner's name",
		chromedp.SendKeys(nameInput, "Gifh"),
		chromedp.WaitReady(chromedp.CSS(`#partner-suggest option[value="Landkreis Gifhorn"]`)))
	offered := value(t, ctx, "suggestions for Gifh", chromedp.Evaluate[string](
		`[...document.querySelectorAll("#partner-suggest option")].map(o => o.value + " — " + o.label).join("\n")`))
	if !strings.Contains(offered, "Landkreis Gifhorn — Landkreis · Niedersachsen · AGS 03151") {
		t.Errorf("typing Gifh offers:\n%s\nwant Landkreis Gifhorn with Landkreis · Niedersachsen · AGS 03151", offered)
	}
	// Choose "Landkreis Peine" from the list for "Pein", as Chromium does
	// when one clicks an option: the value replaced, an input event.
	step(t, ctx, "choose a partner from the autocomplete",
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[string](`document.querySelector('`+emptyRow+` input[name=partner_name]').value = ""`)(ctx, tg)
			return err
		}),
		chromedp.SendKeys(nameInput, "Pein"),
		chromedp.WaitReady(chromedp.CSS(`#partner-suggest option[value="Landkreis Peine"]`)),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`(() => { const i = document.querySelector('`+emptyRow+` input[name=partner_name]');
				i.value = "Landkreis Peine";
				return i.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertReplacementText"})); })()`)(ctx, tg)
			return err
		}))
	filled := value(t, ctx, "autocompleted fields", chromedp.Evaluate[string](`["partner_kind", "partner_state", "partner_ags"].map(n => document.querySelector('`+emptyRow+` [name=' + n + ']').value).join(" ")`))
	if filled != "landkreis Niedersachsen 03157" {
		t.Errorf("autocomplete filled %q, want landkreis Niedersachsen 03157", filled)
	}
	step(t, ctx, "save the correction",
		chromedp.SendKeys(chromedp.CSS(`.event-card details.edit[open] input[name=reason]`), "Peine ist ebenfalls beigetreten"),
		chromedp.Submit(chromedp.CSS(`.event-card details.edit[open] form`)))
	{
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(`.event-card .status-corrected`)))
		cancel()
		if err != nil {
			t.Fatalf("the correction failed: %v: %s", err, value(t, ctx, "page", chromedp.Text(chromedp.CSS(`main`))))
		}
	}
	card := value(t, ctx, "event card", chromedp.Text(chromedp.CSS(`.event-card`)))
	if !strings.Contains(card, "Landkreis Peine") || !strings.Contains(card, "korrigiert") {
		t.Errorf("corrected event card: %q", card)
	}

	// Reject the first event waiting in the queue.
	step(t, ctx, "reject from the queue", chromedp.Navigate(base+"/review"),
		chromedp.WaitVisible(chromedp.CSS(`.queue-item`)))
	rejectedTitle := value(t, ctx, "queued title", chromedp.Text(chromedp.CSS(`.queue-item h3`)))
	rejectedLink := value(t, ctx, "queued link", chromedp.Evaluate[string](`document.querySelector(".queue-item h3 a").getAttribute("href")`))
	_, rejectedID, _ := strings.Cut(rejectedLink, "#event-")
	t.Logf("rejecting the first event of the queue, in %q", rejectedTitle)
	step(t, ctx, "reject",
		chromedp.SendKeys(chromedp.CSS(`.queue-item input[name=reason]`), "keine Kooperation, nur ein Bericht"),
		chromedp.Submit(chromedp.CSS(`.queue-item form.row`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#q-`+rejectedID)),
		chromedp.WaitVisible(chromedp.CSS(`ol.queue`)))
	step(t, ctx, "see the history", chromedp.Navigate(base+rejectedLink),
		chromedp.WaitVisible(chromedp.CSS(`details.history summary`)),
		chromedp.Click(chromedp.CSS(`details.history summary`)))
	hist := value(t, ctx, "history", chromedp.Text(chromedp.CSS(`details.history`)))
	if !strings.Contains(hist, editorName) || !strings.Contains(hist, "keine Kooperation, nur ein Bericht") {
		t.Errorf("history of the rejected event in %q: %q", rejectedTitle, hist)
	}

	// Log out; the researcher sees the corrected data and no editor forms.
	step(t, ctx, "log out", chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`nav.top button.link`)),
		chromedp.Click(chromedp.CSS(`nav.top button.link`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.top a[href="/login"]`)))
	step(t, ctx, "researcher reads the article", chromedp.Navigate(articleURL), chromedp.WaitVisible(chromedp.CSS(`.event-card`)))
	card = value(t, ctx, "event card", chromedp.Text(chromedp.CSS(`.event-card`)))
	forms := value(t, ctx, "review forms", chromedp.Evaluate[int](`document.querySelectorAll('form[action^="/review/"]').length`))
	if !strings.Contains(card, "Landkreis Peine") || forms != 0 {
		t.Errorf("researcher's view: card %q, %d review forms", card, forms)
	}
	total := value(t, ctx, "search corrected partner", chromedp.Evaluate[float64](
		`fetch("/api/search?partner=" + encodeURIComponent("Landkreis Peine")).then(r => r.json()).then(j => j.total)`, chromedp.EvalAwaitPromise))
	if total < 1 {
		t.Error("the corrected partner is not searchable")
	}

	// The XSS fixture: shown as text, no script runs, no dialog opens.
	xssID := string(extract.NewArticleID("https://www.kommune21.de/meldung_99001_Sicherheitstest+im+Formular.html"))
	for _, u := range []string{
		"/articles/" + xssID,
		"/?q=Sicherheitstest",
		"/?keyword=" + url.QueryEscape(`<script>alert("xss-keyword")</script>`),
	} {
		step(t, ctx, "open "+u, chromedp.Navigate(base+u), chromedp.WaitReady(chromedp.CSS(`footer.site`)))
		res := value(t, ctx, "inertness of "+u, chromedp.Evaluate[string](`[
			document.querySelectorAll('script:not([src="/static/app.js"])').length,
			document.querySelectorAll('[onerror],[onload]:not(body)').length,
			document.querySelectorAll('a[href^="javascript:"]').length,
			typeof window.coopwatchFixtureScript, typeof window.coopwatchFixtureOnerror].join(" ")`))
		if res != "0 0 0 undefined undefined" {
			t.Errorf("%s: scripts, handlers, js links, fixture globals = %s, want 0 0 0 undefined undefined", u, res)
		}
	}
	step(t, ctx, "open the XSS article", chromedp.Navigate(base+"/articles/"+xssID), chromedp.WaitVisible(chromedp.CSS(`article.full h1`)))
	text := value(t, ctx, "xss title", chromedp.Text(chromedp.CSS(`article.full h1`)))
	if !strings.Contains(text, `<script>alert("xss-title")</script>`) {
		t.Errorf("the hostile title is not shown as text: %q", text)
	}
	time.Sleep(300 * time.Millisecond) // a dialog would open asynchronously, e.g. from onerror
	if n := dialogs.Load(); n != 0 {
		t.Errorf("%d JavaScript dialogs opened: the XSS fixture ran script", n)
	}

	// The partner page and the network of a search.
	step(t, ctx, "partner page", chromedp.Navigate(base+"/partner/"+url.PathEscape("Landkreis Gifhorn")), chromedp.WaitVisible(chromedp.CSS(`ol.timeline`)))
	screenshot(t, ctx, "partner.png")
	step(t, ctx, "network", chromedp.Navigate(base+"/network?state=Niedersachsen"), chromedp.WaitVisible(chromedp.CSS(`figure.network svg circle`)))
	if n := value(t, ctx, "network nodes", chromedp.Evaluate[int](`document.querySelectorAll("figure.network circle").length`)); n < 3 {
		t.Errorf("the network of Niedersachsen has %d nodes", n)
	}
	screenshot(t, ctx, "network.png")

	// A phone-sized view of the search, for the design check.
	step(t, ctx, "phone view", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Navigate(base+"/?q=Kooperation"), chromedp.WaitVisible(chromedp.CSS(`.hit`)))
	screenshot(t, ctx, "search-phone.png")

	srv.stop(t)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
