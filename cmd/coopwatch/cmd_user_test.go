package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

// runIn runs the command with stdin.
func runIn(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

// seedData stores two articles in a new data directory.
func seedData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := "Der Landkreis Gifhorn tritt der Kooperation der Stadt Wolfsburg bei."
	arts := []extract.Article{{
		URL: "https://www.kommune21.de/meldung_1.html", Site: "kommune21.de", Title: "Gifhorn tritt bei", Published: "2021-04-29",
		Text: ev, Cooperation: true,
		Events: []extract.Event{{Type: extract.Joined, Evidence: []string{ev}, Confidence: 0.8, Partners: []extract.Partner{
			{Name: "Landkreis Gifhorn", Kind: extract.KindLandkreis, State: "Niedersachsen", AGS: "03151"},
			{Name: "Stadt Wolfsburg", Kind: extract.KindStadt, State: "Niedersachsen", AGS: "03103000"}}}},
	}, {
		URL: "https://www.kommune21.de/meldung_2.html", Site: "kommune21.de", Title: "Neues Portal in Bayern", Published: "2022-01-10",
		Text: "Ein Portal.",
	}}
	if err := ix.PutArticles(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestUserAndTokenCommands(t *testing.T) {
	data := seedData(t)
	if _, _, err := runIn(t, "kurz\n", "user", "--data", data, "add", "anna"); !isUsage(err, "at least 10") {
		t.Errorf("short password: %v, want a usage error", err)
	}
	if _, _, err := runIn(t, "", "user", "--data", data, "add", "anna"); !isUsage(err, "no password") {
		t.Errorf("empty stdin: %v", err)
	}
	if _, _, err := runIn(t, "pw-lang-genug-123\n", "user", "--data", data, "add", "Anna B"); !isUsage(err, "invalid name") {
		t.Errorf("bad name: %v", err)
	}
	out, _, err := runIn(t, "pw-lang-genug-123\n", "user", "--data", data, "add", "anna")
	if err != nil || !strings.Contains(out, "user anna added") {
		t.Fatalf("user add: %q, %v", out, err)
	}
	if _, _, err := runIn(t, "pw-lang-genug-123\n", "user", "--data", data, "add", "anna"); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("second add: %v", err)
	}
	tok, _, err := runIn(t, "", "token", "--data", data, "create", "anna")
	if err != nil || !strings.HasPrefix(tok, "cw_") {
		t.Fatalf("token create: %q, %v", tok, err)
	}
	if _, _, err := runIn(t, "", "token", "--data", data, "create", "bob"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("token for an unknown user: %v", err)
	}
	out, _, err = runIn(t, "", "user", "--data", data, "list")
	if err != nil || !strings.Contains(out, "anna") || !strings.Contains(out, "TOKENS") {
		t.Errorf("user list: %q, %v", out, err)
	}
	ix, err := index.Open(context.Background(), data, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Authenticate(context.Background(), "anna", "pw-lang-genug-123"); err != nil {
		t.Errorf("the password piped on stdin does not log in: %v", err)
	}
	if u, err := ix.TokenUser(context.Background(), strings.TrimSpace(tok)); err != nil || u != "anna" {
		t.Errorf("the printed token: %q, %v", u, err)
	}
	ix.Close()
	if out, _, err := runIn(t, "", "user", "--data", data, "remove", "anna"); err != nil || !strings.Contains(out, "removed") {
		t.Errorf("user remove: %q %v", out, err)
	}
	if _, _, err := runIn(t, "", "user", "--data", data, "frob"); !isUsage(err, "unknown subcommand") {
		t.Errorf("user frob: %v", err)
	}
}

func TestExportCommand(t *testing.T) {
	data := seedData(t)
	out, _, err := runIn(t, "", "export", "--data", data, "--format", "csv", "--state", "Niedersachsen")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][2] != "Gifhorn tritt bei" || rows[1][11] != "Landkreis Gifhorn; Stadt Wolfsburg" {
		t.Errorf("csv export: %q, %v", rows, err)
	}
	out, _, err = runIn(t, "", "export", "--data", data, "--format", "jsonl")
	if err != nil || strings.Count(out, "\n") != 2 {
		t.Errorf("jsonl export: %q, %v", out, err)
	}
	out, _, err = runIn(t, "", "export", "--data", data, "--format", "graphml", "Gifhorn")
	if err != nil || !strings.Contains(out, `<data key="label">Stadt Wolfsburg</data>`) || !strings.Contains(out, "<edge ") {
		t.Errorf("graphml export: %q, %v", out, err)
	}
	if _, _, err := runIn(t, "", "export", "--data", data, "--format", "xlsx"); !isUsage(err, "invalid --format") {
		t.Errorf("bad format: %v", err)
	}
	var qe *index.QueryError
	if _, _, err := runIn(t, "", "export", "--data", data, "--format", "csv", `"unclosed`); !errors.As(err, &qe) {
		t.Errorf("bad query: %v, want a QueryError", err)
	}
}

func isUsage(err error, msg string) bool {
	var ue usageError
	return errors.As(err, &ue) && strings.Contains(err.Error(), msg)
}
