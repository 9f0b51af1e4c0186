// Package e2e holds coopwatch's end-to-end tests in a real headless
// Chromium, driven with chromedp against the web server on loopback with
// the fixture data. It has no code of its own.
//
// The tests need Debian's chromium (/usr/bin/chromium, or the path in
// COOPWATCH_CHROMIUM). Without it they skip, unless COOPWATCH_BROWSER_TESTS=1
// is set, as in CI, where a missing browser is a failure. They save
// screenshots of the search, article and review pages to the directory in
// COOPWATCH_SCREENSHOTS (default: the test's temporary directory).
package e2e
