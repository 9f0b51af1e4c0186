package crawler

import (
	"bytes"
	"mime"
	"net/http"
	"net/url"
	"strings"
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

// pageLinks returns the absolute targets of the <a href> links of an HTML
// page fetched from pageURL, resolved against <base href> when there is one.
// A page whose <meta name="robots"> says "nofollow" yields no links.
func pageLinks(pageURL *url.URL, body []byte) []string {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return nil
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
	if nofollow {
		return nil
	}
	base := pageURL
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := pageURL.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	var links []string
	doc.Find("a[href], area[href]").Each(func(_ int, s *goquery.Selection) {
		href := strings.TrimSpace(s.AttrOr("href", ""))
		if href == "" || href[0] == '#' {
			return
		}
		if i := strings.IndexByte(href, ':'); i > 0 {
			switch strings.ToLower(href[:i]) {
			case "javascript", "mailto", "tel", "data", "ftp", "fax", "sms", "whatsapp":
				return
			}
		}
		if u, err := base.Parse(href); err == nil {
			links = append(links, u.String())
		}
	})
	return links
}
