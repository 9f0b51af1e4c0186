package crawler

import (
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// maxBackoff caps the exponential backoff between two attempts.
const maxBackoff = 5 * time.Minute

// backoff returns the wait before attempt number attempts+1 after a
// transient failure: base doubled per attempt made, capped at maxBackoff,
// with up to half of it added at random so that retries from several
// crawlers do not arrive together.
func backoff(base time.Duration, attempts int) time.Duration {
	d := base
	for i := 1; i < attempts && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	if d >= 2 {
		d += rand.N(d / 2)
	}
	return d
}

// retryAfter reads a Retry-After header (RFC 9110 section 10.2.3): delay
// seconds or an HTTP date. ok is false when the header is missing or
// unreadable.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if h == nil {
		return 0, false
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// retriable reports whether a failed attempt may succeed later: timeouts,
// dropped or refused connections, truncated bodies, 5xx answers and 429.
// 4xx answers, too large or non-HTML bodies, redirect loops and redirects
// off the allowed hosts fail the same way every time.
func retriable(outcome string, status int, err error) bool {
	switch outcome {
	case OutcomeTimeout, OutcomeTruncated:
		return true
	case OutcomeHTTPError:
		return status >= 500 || status == http.StatusTooManyRequests
	case OutcomeError:
		return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
			errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
	}
	return false
}
