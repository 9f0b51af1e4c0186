package crawler

import (
	"bytes"
	"cmp"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
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
// It reads the page's tags with the HTML tokenizer and builds no tree: it
// runs for every page fetched, beside the extractor's own parse. Without
// links (a page at the crawl's depth limit) only rel links are kept;
// without dates the text is not read.
func parsePage(pageURL *url.URL, body []byte, links, dates bool) pageInfo {
	var pi pageInfo
	type rawLink struct {
		href, rel, typ string
		link           bool // <link>, not <a>
	}
	var raw []rawLink
	var hrefs []string
	var text []byte
	base := ""
	nofollow, inHead, inTitle := false, false, false
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			goto done
		case html.TextToken:
			if dates && !inHead && !inTitle {
				text = append(text, z.Text()...)
			}
			continue
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "head":
				inHead = false
			case "title":
				inTitle = false
			}
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		name, hasAttr := z.TagName()
		switch string(name) {
		case "head":
			inHead = true
			continue
		case "body":
			inHead = false
			continue
		case "title":
			inTitle = tt == html.StartTagToken
			continue
		case "a", "area", "link", "base", "meta":
		default:
			continue
		}
		var href, rel, typ, metaName, content string
		hasHref := false
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch string(k) {
			case "href":
				if !hasHref {
					href, hasHref = string(v), true
				}
			case "rel": // the first of repeated attributes counts, as in the tree
				rel = cmp.Or(rel, string(v))
			case "type":
				typ = cmp.Or(typ, string(v))
			case "name":
				metaName = cmp.Or(metaName, string(v))
			case "content":
				content = cmp.Or(content, string(v))
			}
		}
		switch string(name) {
		case "meta":
			if strings.EqualFold(metaName, "robots") && strings.Contains(strings.ToLower(content), "nofollow") {
				nofollow = true
			}
		case "base":
			if hasHref && base == "" {
				base = href
			}
		case "link":
			if hasHref && rel != "" {
				raw = append(raw, rawLink{href: href, rel: rel, typ: typ, link: true})
			}
		default: // a, area
			if hasHref && rel != "" && string(name) == "a" {
				raw = append(raw, rawLink{href: href, rel: rel})
			}
			if hasHref && links {
				hrefs = append(hrefs, href)
			}
		}
	}
done:
	baseURL := pageURL
	if base != "" {
		if b, err := pageURL.Parse(strings.TrimSpace(base)); err == nil {
			baseURL = b
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
		u, err := baseURL.Parse(href)
		if err != nil {
			return "", false
		}
		return u.String(), true
	}
	for _, l := range raw {
		u, ok := resolve(l.href)
		if !ok {
			continue
		}
		for _, rel := range strings.Fields(strings.ToLower(l.rel)) {
			switch rel {
			case "next":
				pi.next = append(pi.next, u)
			case "canonical":
				if pi.canonical == "" && l.link {
					pi.canonical = u
				}
			case "alternate":
				t := strings.ToLower(l.typ)
				if strings.Contains(t, "rss+xml") || strings.Contains(t, "atom+xml") {
					pi.feeds = append(pi.feeds, u)
				}
			}
		}
	}
	if !nofollow {
		for _, h := range hrefs {
			if u, ok := resolve(h); ok {
				pi.links = append(pi.links, u)
			}
		}
	}
	for _, m := range dmyDate.FindAllSubmatch(text, maxPageDates) {
		d, _ := strconv.Atoi(string(m[1]))
		mo, _ := strconv.Atoi(string(m[2]))
		y, _ := strconv.Atoi(string(m[3]))
		if d >= 1 && d <= 31 && mo >= 1 && mo <= 12 {
			pi.dates = append(pi.dates, time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC))
		}
	}
	return pi
}
