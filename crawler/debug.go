package crawler

import (
	"github.com/gocolly/colly/v2/debug"
	"github.com/rs/zerolog"
)

// zerologDebugger passes colly's internal events (request, response, error,
// scraped, …) to a zerolog.Logger at Debug level.
type zerologDebugger struct {
	log zerolog.Logger
}

var _ debug.Debugger = zerologDebugger{}

// Init implements debug.Debugger.
func (zerologDebugger) Init() error { return nil }

// Event implements debug.Debugger.
func (d zerologDebugger) Event(e *debug.Event) {
	ev := d.log.Debug()
	if !ev.Enabled() {
		return
	}
	ev = ev.Str("colly_event", e.Type).Uint32("req_id", e.RequestID)
	for k, v := range e.Values {
		if k == "status" {
			k = "status_text" // colly sends "Not Found"; "status" is the code elsewhere
		}
		ev = ev.Str(k, v)
	}
	ev.Msg("colly event")
}
