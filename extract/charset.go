package extract

import (
	"bytes"
	"mime"
	"regexp"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// metaCharsetRe finds a charset declared in a <meta charset> or <meta
// http-equiv="Content-Type" content="...; charset=..."> tag. The HTML spec's
// prescan looks at the first 1024 bytes only; real pages often put the tag
// after kilobytes of inline script, so decode looks further.
var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

// metaScanLimit bounds how far into the page decode looks for a <meta> charset.
const metaScanLimit = 64 << 10

// decodeBody returns body as UTF-8 text. The charset comes from, in order: the
// Content-Type header, a byte order mark, a <meta> declaration, and finally
// sniffing (valid UTF-8 is UTF-8, anything else windows-1252, which is what
// browsers do with ISO-8859-1 too). It returns ErrNoContent for empty or
// binary input.
func decodeBody(body []byte, contentType string) (string, error) {
	if len(bytes.TrimSpace(body)) == 0 || isBinary(body) {
		return "", ErrNoContent
	}
	enc := encodingOf(body, contentType)
	if enc == unicode.UTF8 {
		b := bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
		if utf8.Valid(b) {
			return string(b), nil
		}
		return string(bytes.ToValidUTF8(b, []byte("\ufffd"))), nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		// Decoders of the HTML encodings replace bad input rather than fail;
		// an error here means the input is not text at all.
		return "", ErrNoContent
	}
	out = bytes.TrimPrefix(out, []byte("\xef\xbb\xbf"))
	return string(bytes.ToValidUTF8(out, []byte("\ufffd"))), nil
}

// encodingOf picks the encoding of body.
func encodingOf(body []byte, contentType string) encoding.Encoding {
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if e, _ := charset.Lookup(params["charset"]); e != nil {
			return e
		}
	}
	switch {
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		return unicode.UTF8
	case bytes.HasPrefix(body, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(body, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	}
	head := body
	if len(head) > metaScanLimit {
		head = head[:metaScanLimit]
	}
	if m := metaCharsetRe.FindSubmatch(head); m != nil {
		if e, name := charset.Lookup(string(m[1])); e != nil {
			// A page that claims UTF-8 but is not (a CMS template older than
			// its content) is better read as windows-1252 than as U+FFFD.
			if name == "utf-8" && !utf8.Valid(body) && invalidUTF8Share(body) > 0.001 {
				return charmap.Windows1252
			}
			return e
		}
	}
	if utf8.Valid(body) {
		return unicode.UTF8
	}
	e, _, _ := charset.DetermineEncoding(body, "")
	if e == unicode.UTF8 {
		// DetermineEncoding looks at 1 KiB only; the whole body is not UTF-8.
		return charmap.Windows1252
	}
	return e
}

// invalidUTF8Share returns the share of bytes of b that start an invalid
// UTF-8 sequence.
func invalidUTF8Share(b []byte) float64 {
	bad := 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		}
		i += n
	}
	return float64(bad) / float64(len(b))
}

// isBinary reports whether b looks like binary data rather than text: NUL
// bytes (outside UTF-16) or many control characters in its first 8 KiB.
func isBinary(b []byte) bool {
	if bytes.HasPrefix(b, []byte("\xfe\xff")) || bytes.HasPrefix(b, []byte("\xff\xfe")) {
		return false
	}
	head := b
	if len(head) > 8<<10 {
		head = head[:8<<10]
	}
	ctrl := 0
	for _, c := range head {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f':
			ctrl++
		}
	}
	return ctrl*10 > len(head)
}
