package crawler

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"slices"
	"strings"
)

// errNotHTTP is wrapped by CanonicalURL for URLs that are not absolute
// http(s) URLs with a host.
var errNotHTTP = errors.New("want an absolute http or https URL")

// trackingParams are query parameters that name the visitor or the campaign,
// never the page: two URLs that differ only in them are the same page.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "_hsenc": true, "_hsmi": true,
	"sid": true, "phpsessid": true, "jsessionid": true, "sessionid": true,
}

// CanonicalURL returns the spelling of rawURL the crawler uses to recognise a
// page it has already queued: scheme and host lower-cased, default port,
// user info and fragment dropped, dot segments resolved, an empty path made
// "/", percent-escapes normalised, tracking and session parameters (utm_*,
// fbclid, gclid, sid, PHPSESSID, jsessionid, …) removed, a ";jsessionid=…"
// path parameter removed and the remaining query parameters sorted by name
// (stable, so repeated names keep their order; values keep their escaping).
//
// CanonicalURL is idempotent. It returns an error for input that does not
// parse or is not an absolute http or https URL. Callers that keep crawl
// state (Config.Seen) should key it by this form.
func CanonicalURL(rawURL string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return "", fmt.Errorf("canonical url %q: %w", rawURL, err)
	}
	s, err := canonical(u)
	if err != nil {
		return "", fmt.Errorf("canonical url %q: %w", rawURL, err)
	}
	return s, nil
}

func canonical(u *url.URL) (string, error) {
	scheme := strings.ToLower(u.Scheme)
	if (scheme != "http" && scheme != "https") || u.Opaque != "" || u.Host == "" {
		return "", errNotHTTP
	}
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" || strings.ContainsAny(host, "/?#@ %") {
		return "", errNotHTTP
	}
	port := u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	switch {
	case port != "":
		host = net.JoinHostPort(host, port)
	case strings.Contains(host, ":"):
		host = "[" + host + "]" // IPv6 literal
	}

	var b strings.Builder
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	b.WriteString(canonicalPath(u.EscapedPath()))
	if q := canonicalQuery(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), nil
}

// canonicalPath normalises an escaped path: escapes, session path
// parameters, dot segments, and "" → "/".
func canonicalPath(p string) string {
	p = normalizeEscapes(p)
	// Java servers put the session into the path: /a/b;jsessionid=0A1B?x=1.
	if i := strings.Index(strings.ToLower(p), ";jsessionid="); i >= 0 {
		end := strings.IndexByte(p[i+1:], '/')
		if end < 0 {
			p = p[:i]
		} else {
			p = p[:i] + p[i+1+end:]
		}
	}
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	return removeDotSegments(p)
}

// removeDotSegments resolves "." and ".." like RFC 3986 section 5.2.4,
// keeping a trailing slash.
func removeDotSegments(p string) string {
	if !strings.Contains(p, ".") {
		return p
	}
	segs := strings.Split(p[1:], "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return "/" + strings.Join(out, "/")
}

// normalizeEscapes upper-cases the hex digits of percent-escapes and decodes
// escaped unreserved characters (RFC 3986 section 6.2.2).
func normalizeEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			c := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(c) {
				b.WriteByte(c)
			} else {
				b.WriteByte('%')
				b.WriteString(strings.ToUpper(s[i+1 : i+3]))
			}
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// canonicalQuery drops empty pairs and tracking parameters and sorts the rest
// by name. Pairs are kept as escaped on the wire, so servers that care about
// "+" versus "%20" get what they sent.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type pair struct{ key, raw string }
	var pairs []pair
	for p := range strings.SplitSeq(raw, "&") {
		if p == "" {
			continue
		}
		p = normalizeEscapes(escapeQueryBytes(p))
		k, _, _ := strings.Cut(p, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			continue
		}
		pairs = append(pairs, pair{k, p})
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Compare(a.key, b.key) })
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.raw)
	}
	return b.String()
}

// escapeQueryBytes percent-encodes the bytes of a query pair that may not
// appear in a URL query (space, controls, non-ASCII, a "%" that starts no
// escape), as browsers do before sending it.
func escapeQueryBytes(s string) string {
	const upperhex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		case c > ' ' && c < 0x7f && c != '%' && strings.IndexByte("\"<>\\^`{|}#", c) < 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(upperhex[c>>4])
			b.WriteByte(upperhex[c&15])
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// skipExt are file extensions of links that are never HTML pages; they are
// not fetched at all. Kommune21 links a ".pdf" print variant beside every
// legacy article (see SITES.md).
var skipExt = map[string]bool{
	".pdf": true, ".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true,
	".svg": true, ".ico": true, ".bmp": true, ".tif": true, ".tiff": true, ".avif": true,
	".zip": true, ".gz": true, ".tgz": true, ".tar": true, ".rar": true, ".7z": true,
	".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".odt": true, ".ods": true, ".odp": true, ".rtf": true, ".csv": true, ".epub": true,
	".mp3": true, ".mp4": true, ".m4a": true, ".wav": true, ".ogg": true, ".webm": true,
	".avi": true, ".mov": true, ".wmv": true, ".flv": true,
	".css": true, ".js": true, ".json": true, ".xml": true, ".rss": true, ".atom": true,
	".ics": true, ".vcf": true, ".exe": true, ".dmg": true, ".apk": true, ".iso": true,
	".woff": true, ".woff2": true, ".ttf": true, ".eot": true,
}

// nonHTMLByExtension reports whether the canonical URL u names a file that
// is obviously not an HTML page.
func nonHTMLByExtension(u string) bool {
	p := u
	if i := strings.Index(p, "://"); i >= 0 {
		p = p[i+3:]
	}
	if i := strings.IndexByte(p, '/'); i >= 0 {
		p = p[i:]
	} else {
		return false
	}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return skipExt[strings.ToLower(path.Ext(p))]
}

// hostOf returns the host[:port] of a canonical URL.
func hostOf(u string) string {
	rest := u[strings.Index(u, "://")+3:]
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// siteKey is the key politeness is counted under: "www.x.de" and "x.de" are
// one site, so they share one delay and one parallelism budget.
func siteKey(host string) string {
	return strings.TrimPrefix(host, "www.")
}
