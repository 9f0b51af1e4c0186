// Package e2e holds coopwatch's end-to-end tests in a real headless
// Chromium, driven with chromedp against "coopwatch serve" on loopback with
// the fixture data. It has no code of its own.
//
// TestMain builds the coopwatch command once with the go tool on PATH. Each
// test crawls the fixture site (served on loopback by the test) with
// "coopwatch crawl", adds the editor with "coopwatch user add", starts
// "coopwatch serve --addr 127.0.0.1:0", reads the address from its
// "serving http://…" line, drives the browser against it and finally stops
// it with SIGTERM, checking that it shuts down gracefully.
//
// The tests need Debian's chromium (/usr/bin/chromium, or the path in
// COOPWATCH_CHROMIUM). Without it they skip, unless COOPWATCH_BROWSER_TESTS=1
// is set, as in CI, where a missing browser is a failure. They save
// screenshots of the search, article and review pages to the directory in
// COOPWATCH_SCREENSHOTS (default: the test's temporary directory).
package e2e
