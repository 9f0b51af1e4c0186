package crawler

import (
	"bytes"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// contentTypeUTF8 is the Content-Type of every Page: its Body is UTF-8
// whatever the server sent.
const contentTypeUTF8 = "text/html; charset=utf-8"

// decodeHTML returns body as UTF-8. The encoding is chosen like a browser
// does (WHATWG "encoding sniffing"): byte order mark, then the charset of
// contentType, then <meta charset> / <meta http-equiv> in the first 1024
// bytes, then a UTF-8 check, then windows-1252. colly itself ignores <meta>
// (gocolly/colly#777), so a Latin-1 page declared only there would reach the
// extractor as broken UTF-8. Undecodable bytes become U+FFFD, so the result
// is always valid UTF-8.
func decodeHTML(body []byte, contentType string) []byte {
	e, _, _ := charset.DetermineEncoding(body, contentType)
	out := body
	if e != encoding.Nop {
		if b, err := e.NewDecoder().Bytes(body); err == nil {
			out = b
		}
	}
	out = bytes.TrimPrefix(out, []byte("\uFEFF"))
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return out
}

// isHTML reports whether a response with this Content-Type (and, when the
// header is missing, these first bytes) is an HTML page.
func isHTML(contentType string, body []byte) bool {
	if strings.TrimSpace(contentType) == "" {
		if body == nil {
			return true // decided after the body is read
		}
		contentType = http.DetectContentType(body)
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(strings.ToLower(contentType), ";")
		mt = strings.TrimSpace(mt)
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// pageInfo is what the crawler reads from an HTML page.
type pageInfo struct {
	links     []string    // absolute targets of <a href> and <area href>; none when nofollow
	next      []string    // rel=next links (pagination)
	feeds     []string    // <link rel=alternate> RSS and Atom feeds
	canonical string      // <link rel=canonical>, absolute; "" if none
	dates     []time.Time // dates printed in the text as d.m.yyyy (list pages' teasers)
}

// dmyDate finds dates as German pages print them: 29.4.2021, [26.08.2025].
var dmyDate = regexp.MustCompile(`\b([0-3]?[0-9])\.([01]?[0-9])\.((?:19|20)[0-9]{2})\b`)

// maxPageDates bounds the dates read from one page.
const maxPageDates = 200

// parsePage reads the links of an HTML page fetched from pageURL, resolved
// against <base href> when there is one. A page whose <meta name="robots">
// says "nofollow" yields no links (its feeds and rel=next are still read).
func parsePage(pageURL *url.URL, body []byte) pageInfo {
	var pi pageInfo
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return pi
	}
	nofollow := false
	doc.Find(`meta[name]`).Each(func(_ int, s *goquery.Selection) {
		if !strings.EqualFold(s.AttrOr("name", ""), "robots") {
			return
		}
		if strings.Contains(strings.ToLower(s.AttrOr("content", "")), "nofollow") {
			nofollow = true
		}
	})
	base := pageURL
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := pageURL.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	resolve := func(href string) (string, bool) {
		href = strings.TrimSpace(href)
		if href == "" || href[0] == '#' {
			return "", false
		}
		if i := strings.IndexByte(href, ':'); i > 0 {
			switch strings.ToLower(href[:i]) {
			case "javascript", "mailto", "tel", "data", "ftp", "fax", "sms", "whatsapp":
				return "", false
			}
		}
		u, err := base.Parse(href)
		if err != nil {
			return "", false
		}
		return u.String(), true
	}
	doc.Find("link[rel][href], a[rel][href]").Each(func(_ int, s *goquery.Selection) {
		rels := strings.Fields(strings.ToLower(s.AttrOr("rel", "")))
		u, ok := resolve(s.AttrOr("href", ""))
		if !ok {
			return
		}
		for _, rel := range rels {
			switch rel {
			case "next":
				pi.next = append(pi.next, u)
			case "canonical":
				if pi.canonical == "" && goquery.NodeName(s) == "link" {
					pi.canonical = u
				}
			case "alternate":
				t := strings.ToLower(s.AttrOr("type", ""))
				if strings.Contains(t, "rss+xml") || strings.Contains(t, "atom+xml") {
					pi.feeds = append(pi.feeds, u)
				}
			}
		}
	})
	if !nofollow {
		doc.Find("a[href], area[href]").Each(func(_ int, s *goquery.Selection) {
			if u, ok := resolve(s.AttrOr("href", "")); ok {
				pi.links = append(pi.links, u)
			}
		})
	}
	for _, m := range dmyDate.FindAllStringSubmatch(doc.Find("body").Text(), maxPageDates) {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if d >= 1 && d <= 31 && mo >= 1 && mo <= 12 {
			pi.dates = append(pi.dates, time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC))
		}
	}
	return pi
}
