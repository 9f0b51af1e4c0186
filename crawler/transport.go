package crawler

import (
	"bufio"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
)

// gzipGuard decompresses gzip bodies that net/http left compressed, with the
// decompressed size bounded. net/http unpacks Content-Encoding: gzip itself
// when it asked for it, and colly's size cap then applies to the unpacked
// bytes. But colly also gunzips bodies served as application/x-gzip or from
// a path ending in .gz (gzipped sitemaps), and there its cap applies to the
// compressed bytes only: a 100 KB gzip bomb would unpack to gigabytes in
// memory. gzipGuard unpacks those itself, at most limit bytes, and marks the
// response Uncompressed so that colly leaves it alone.
type gzipGuard struct {
	next  http.RoundTripper
	limit int64 // decompressed bytes read at most; MaxBodySize+1, so that too large is told apart
}

func (g gzipGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := g.next.RoundTrip(req)
	if err != nil || resp.Uncompressed {
		return resp, err
	}
	ce := strings.ToLower(resp.Header.Get("Content-Encoding"))
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	if !strings.Contains(ce, "gzip") && !(ce == "" && strings.Contains(ct, "gzip")) &&
		!strings.HasSuffix(strings.ToLower(req.URL.Path), ".gz") {
		return resp, nil
	}
	resp.Body = &gunzipBody{raw: resp.Body, limit: g.limit}
	resp.Header.Del("Content-Encoding")
	resp.Header.Del("Content-Length")
	resp.ContentLength = -1
	resp.Uncompressed = true
	return resp, nil
}

// gunzipBody unpacks a gzip stream lazily (the header is read on the first
// Read, not in RoundTrip) and passes anything that is not gzip through as
// it is: a ".gz" URL may well serve plain XML.
type gunzipBody struct {
	raw   io.ReadCloser
	limit int64
	r     io.Reader
	err   error
}

func (b *gunzipBody) Read(p []byte) (int, error) {
	if b.r == nil && b.err == nil {
		br := bufio.NewReader(b.raw)
		magic, _ := br.Peek(2)
		if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
			zr, err := gzip.NewReader(br)
			if err != nil {
				b.err = err
			} else {
				b.r = io.LimitReader(zr, b.limit)
			}
		} else {
			b.r = io.LimitReader(br, b.limit)
		}
	}
	if b.err != nil {
		return 0, b.err
	}
	return b.r.Read(p)
}

func (b *gunzipBody) Close() error { return b.raw.Close() }
