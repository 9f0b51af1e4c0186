package main

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

// TestServeHelperProcess is not a test: TestReviewSurvivesKill runs the
// test binary again with COOPWATCH_HELPER_ARGS set, and this "test" then
// is the coopwatch command, so that it can be killed like the real one.
func TestServeHelperProcess(t *testing.T) {
	args := os.Getenv("COOPWATCH_HELPER_ARGS")
	if args == "" {
		t.Skip("helper process for TestReviewSurvivesKill")
	}
	ctx := context.Background()
	os.Exit(exitCode(run(ctx, strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr), os.Stderr))
}

var servingLineRE = regexp.MustCompile(`serving (http://\S+)`)

// An acknowledged review survives kill -9: the SQLite transaction is
// committed (synchronous=FULL) before the API answers.
func TestReviewSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	data := seedData(t)
	if _, _, err := runIn(t, "pw-lang-genug-123\n", "user", "--data", data, "add", "anna"); err != nil {
		t.Fatal(err)
	}
	tok, _, err := runIn(t, "", "token", "--data", data, "create", "anna")
	if err != nil {
		t.Fatal(err)
	}
	evID := extract.NewEventID("https://www.kommune21.de/meldung_1.html", "Der Landkreis Gifhorn tritt der Kooperation der Stadt Wolfsburg bei.")

	cmd := exec.Command(os.Args[0], "-test.run=^TestServeHelperProcess$")
	cmd.Env = append(os.Environ(), "COOPWATCH_HELPER_ARGS="+strings.Join([]string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--log-format", "json"}, "\x1f"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	base := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLineRE.FindStringSubmatch(sc.Text()); m != nil {
				base <- m[1]
			}
		}
	}()
	var u string
	select {
	case u = <-base:
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start within 60s")
	}
	req, _ := http.NewRequest("POST", u+"/api/review/events/"+string(evID)+"/reject", strings.NewReader(`{"reason": "kein Beitritt"}`))
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("reject: status %d", resp.StatusCode)
	}
	// No graceful anything: SIGKILL right after the answer.
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	ix, err := index.Open(context.Background(), data, index.Options{})
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer ix.Close()
	a, err := ix.Article(context.Background(), extract.NewArticleID("https://www.kommune21.de/meldung_1.html"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Events[0].Status != extract.Rejected {
		t.Errorf("after kill -9 the event is %s, want rejected", a.Events[0].Status)
	}
	h, err := ix.History(context.Background(), evID)
	if err != nil || len(h) != 1 || h[0].Reason != "kein Beitritt" || h[0].User != "anna" {
		t.Errorf("history after kill -9: %+v, %v", h, err)
	}
	if res, err := ix.Search(context.Background(), index.Query{Statuses: []string{"rejected"}}); err != nil || res.Total != 1 {
		t.Errorf("search after kill -9: %d hits, %v; want the rejected event found", res.Total, err)
	}
}
