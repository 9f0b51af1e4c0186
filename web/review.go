package web

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/extract/gazetteer"
	"github.com/coopwatch/coopwatch/index"
)

// reviewActions are the actions on one event, in the path of their
// endpoints.
var reviewActions = []string{"confirm", "reject", "correct", "split", "merge"}

func (s *Server) editorRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /login", s.pageLogin)
	mux.HandleFunc("POST /login", s.postLogin)
	mux.HandleFunc("POST /logout", s.editorOnly(s.postLogout))
	mux.HandleFunc("GET /review", s.editorOnly(s.pageQueue))
	mux.HandleFunc("POST /review/events/{id}/{action}", s.editorOnly(s.formAction))
	mux.HandleFunc("POST /review/articles/{id}/events", s.editorOnly(s.formAdd))
	mux.HandleFunc("GET /api/review/queue", s.editorOnly(s.apiQueue))
	mux.HandleFunc("POST /api/review/events/{id}/{action}", s.editorOnly(s.apiAction))
	mux.HandleFunc("POST /api/review/articles/{id}/events", s.editorOnly(s.apiAdd))
	mux.HandleFunc("GET /api/review/history", s.editorOnly(s.apiAllHistory))
	mux.HandleFunc("GET /api/suggest/partners", s.editorOnly(s.apiSuggest))
}

// parseQueue reads a review-queue query from URL parameters: the search
// filters (partner, kind, state, type, site, year, status), q (a full-text
// query, as in the search), order, disagrees, limit and offset.
func parseQueue(v url.Values) (index.QueueQuery, error) {
	sq, err := parseQuery(v)
	if err != nil {
		return index.QueueQuery{}, err
	}
	q := index.QueueQuery{Text: sq.Text, Partners: sq.Partners, Kinds: sq.Kinds, States: sq.States, Types: sq.Types,
		Sites: sq.Sites, Years: sq.Years, Statuses: sq.Statuses, Limit: sq.Limit, Offset: sq.Offset}
	switch o := v.Get("order"); o {
	case "", index.QueueByConfidence, index.QueueByDate:
		q.Order = o
	default:
		return q, invalidf("invalid order %q: want confidence (least confident first) or date (newest first)", o)
	}
	switch d := v.Get("disagrees"); d {
	case "", "0", "false":
	case "1", "true", "on":
		q.Disagrees = true
	default:
		return q, invalidf("invalid disagrees %q: want 1 or 0", d)
	}
	return q, nil
}

func (s *Server) pageQueue(w http.ResponseWriter, r *http.Request, ed editor) {
	v := r.URL.Query()
	data := map[string]any{"Title": "Prüfen", "Values": v}
	q, err := parseQueue(v)
	if err == nil {
		var res index.QueueResult
		if res, err = s.review.Queue(r.Context(), q); err == nil {
			data["Queue"] = res
			data["Query"] = q
			data["Pages"] = pages("/review", v, q.Limit, q.Offset, uint64(res.Total))
			data["Back"] = r.URL.RequestURI()
		}
	}
	if err != nil {
		s.renderPageError(w, r, err, "review.html", data)
		return
	}
	data["Kinds"], data["Types"] = partnerKinds, eventTypes
	s.render(w, r, http.StatusOK, "review.html", data)
}

func (s *Server) apiQueue(w http.ResponseWriter, r *http.Request, ed editor) {
	q, err := parseQueue(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.review.Queue(r.Context(), q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type item struct {
		Event     extract.Event     `json:"event"`
		Article   extract.ArticleID `json:"article_id"`
		Title     string            `json:"title"`
		URL       string            `json:"url"`
		Site      string            `json:"site"`
		Published extract.Date      `json:"published"`
		Disagrees bool              `json:"disagrees"`
		Stale     bool              `json:"stale"`
		Origin    string            `json:"origin"`
	}
	out := struct {
		Total  int    `json:"total"`
		Limit  int    `json:"limit"`
		Offset int    `json:"offset"`
		Items  []item `json:"items"`
	}{Total: res.Total, Limit: q.Limit, Offset: q.Offset, Items: []item{}}
	for _, it := range res.Items {
		out.Items = append(out.Items, item{it.Event, it.Article, it.Title, it.URL, it.Site, it.Published, it.Disagrees, it.Stale, it.Origin})
	}
	writeJSON(w, http.StatusOK, out)
}

// actionInput is what a review action takes, from a form or a JSON body.
type actionInput struct {
	Reason   string            `json:"reason"`
	Event    extract.Event     `json:"event"`    // correct, add
	Partners []string          `json:"partners"` // split: the partners that move
	Events   []extract.EventID `json:"events"`   // merge: the events merged into this one
}

// act runs action on the event id for ed and returns the ID of the event
// it created, if any.
func (s *Server) act(r *http.Request, ed editor, id extract.EventID, action string, in actionInput) (extract.EventID, error) {
	ctx := r.Context()
	switch action {
	case "confirm":
		return "", s.review.Confirm(ctx, ed.Name, id, in.Reason)
	case "reject":
		return "", s.review.Reject(ctx, ed.Name, id, in.Reason)
	case "correct":
		return "", s.review.Correct(ctx, ed.Name, id, in.Event, in.Reason)
	case "split":
		return s.review.Split(ctx, ed.Name, id, in.Partners, in.Reason)
	case "merge":
		return "", s.review.Merge(ctx, ed.Name, id, in.Events, in.Reason)
	}
	return "", &Error{Code: ENotFound, Message: "unknown review action " + strconv.Quote(action) + ": want " + strings.Join(reviewActions, ", ")}
}

func (s *Server) formAction(w http.ResponseWriter, r *http.Request, ed editor) {
	id := extract.EventID(r.PathValue("id"))
	in, err := formInput(r)
	if err == nil {
		_, err = s.act(r, ed, id, r.PathValue("action"), in)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, backTo(r, "#event-"+string(id)), http.StatusSeeOther)
}

func (s *Server) formAdd(w http.ResponseWriter, r *http.Request, ed editor) {
	in, err := formInput(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	id, err := s.review.AddEvent(r.Context(), ed.Name, extract.ArticleID(r.PathValue("id")), in.Event, in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, backTo(r, "#event-"+string(id)), http.StatusSeeOther)
}

// backTo is where a review form returns to: its "back" field when that is
// a local path, else the article page, with fragment.
func backTo(r *http.Request, fragment string) string {
	if b := r.PostFormValue("back"); b != "" {
		return localPath(b)
	}
	if id := r.PostFormValue("article"); id != "" {
		return "/articles/" + url.PathEscape(id) + fragment
	}
	return "/review"
}

// formInput reads a review form. Partners and people come as parallel
// fields (partner_name, partner_kind, partner_state, partner_ags,
// partner_role; person_name, person_role, person_org), one per row; empty
// rows are dropped by the store.
func formInput(r *http.Request) (actionInput, error) {
	if err := r.ParseForm(); err != nil {
		if mbe := new(http.MaxBytesError); errors.As(err, &mbe) {
			return actionInput{}, err
		}
		return actionInput{}, invalidf("cannot read the form: %v", err)
	}
	f := r.PostForm
	in := actionInput{Reason: f.Get("reason"), Partners: nonEmpty(f["move"])}
	for _, e := range nonEmpty(f["merge"]) {
		in.Events = append(in.Events, extract.EventID(e))
	}
	ev := extract.Event{Type: extract.EventType(f.Get("type")), Date: extract.Date(strings.TrimSpace(f.Get("date"))),
		Instrument: f.Get("instrument"), Evidence: nonEmpty(f["evidence"])}
	for _, t := range strings.Split(f.Get("topics"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			ev.Topics = append(ev.Topics, t)
		}
	}
	names := f["partner_name"]
	for i, n := range names {
		ev.Partners = append(ev.Partners, extract.Partner{Name: n, Kind: extract.PartnerKind(at(f["partner_kind"], i)),
			State: at(f["partner_state"], i), AGS: at(f["partner_ags"], i), Role: extract.PartnerRole(at(f["partner_role"], i))})
	}
	for i, n := range f["person_name"] {
		ev.People = append(ev.People, extract.Person{Name: n, Role: at(f["person_role"], i), Org: at(f["person_org"], i)})
	}
	// A row with a name but no kind is the editor's oversight, not a
	// partner of kind "": say so instead of failing validation obscurely.
	for _, p := range ev.Partners {
		if strings.TrimSpace(p.Name) != "" && p.Kind == "" {
			return in, invalidf("partner %q has no kind: choose one (stadt, landkreis, …)", p.Name)
		}
	}
	in.Event = ev
	return in, nil
}

func at(vals []string, i int) string {
	if i < len(vals) {
		return strings.TrimSpace(vals[i])
	}
	return ""
}

// readJSON decodes a bounded JSON body into v, rejecting unknown fields.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		if errors.Is(err, io.EOF) {
			return invalidf("empty body: want a JSON object")
		}
		return invalidf("invalid JSON body: %v", err)
	}
	return nil
}

func (s *Server) apiAction(w http.ResponseWriter, r *http.Request, ed editor) {
	var in actionInput
	if err := readJSON(r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	id := extract.EventID(r.PathValue("id"))
	created, err := s.act(r, ed, id, r.PathValue("action"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := map[string]any{"id": id, "action": r.PathValue("action")}
	if created != "" {
		out["created"] = created
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiAdd(w http.ResponseWriter, r *http.Request, ed editor) {
	var in actionInput
	if err := readJSON(r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	id, err := s.review.AddEvent(r.Context(), ed.Name, extract.ArticleID(r.PathValue("id")), in.Event, in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id})
}

// apiChange is a history row in the API.
type apiChange struct {
	Event   extract.EventID   `json:"event_id"`
	Article extract.ArticleID `json:"article_id"`
	User    string            `json:"user"`
	At      string            `json:"at"`
	Action  index.Action      `json:"action"`
	Field   string            `json:"field"`
	Before  json.RawMessage   `json:"before"`
	After   json.RawMessage   `json:"after"`
	Reason  string            `json:"reason"`
}

func toAPIChanges(cs []index.Change) []apiChange {
	out := make([]apiChange, 0, len(cs))
	raw := func(s string) json.RawMessage {
		if s == "" || !json.Valid([]byte(s)) {
			return json.RawMessage("null")
		}
		return json.RawMessage(s)
	}
	for _, c := range cs {
		out = append(out, apiChange{c.Event, c.Article, c.User, c.At.UTC().Format("2006-01-02T15:04:05Z"), c.Action, c.Field, raw(c.Before), raw(c.After), c.Reason})
	}
	return out
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request) {
	h, err := s.explore.History(r.Context(), extract.EventID(r.PathValue("id")))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"event_id": r.PathValue("id"), "history": toAPIChanges(h)})
}

// apiAllHistory exports the whole audit history as JSON Lines or CSV.
func (s *Server) apiAllHistory(w http.ResponseWriter, r *http.Request, ed editor) {
	format := cmp0(r.URL.Query().Get("format"), "jsonl")
	if format != "jsonl" && format != "csv" {
		s.writeError(w, r, invalidf("invalid format %q: want jsonl or csv", format))
		return
	}
	h, err := s.review.AllHistory(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	changes := toAPIChanges(h)
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="coopwatch-history.csv"`)
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"at", "user", "event_id", "article_id", "action", "field", "before", "after", "reason"})
		for _, c := range changes {
			_ = cw.Write(csvSafe([]string{c.At, c.User, string(c.Event), string(c.Article), string(c.Action), c.Field, string(c.Before), string(c.After), c.Reason}))
		}
		cw.Flush()
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="coopwatch-history.jsonl"`)
	enc := json.NewEncoder(w)
	for _, c := range changes {
		_ = enc.Encode(c)
	}
}

// csvSafe defuses spreadsheet formulas in cells (see index.Export).
func csvSafe(row []string) []string {
	for i, c := range row {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			row[i] = "'" + c
		}
	}
	return row
}

func cmp0(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// suggestion is a partner the autocomplete offers.
type suggestion struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	State  string `json:"state,omitempty"`
	AGS    string `json:"ags,omitempty"`
	Source string `json:"source"` // "store" (named in stored events) or "gazetteer"
	Label  string `json:"label"`  // for people: "Landkreis · Niedersachsen · AGS 03151 · schon erfasst"
}

// maxSuggestions bounds the autocomplete's answer.
const maxSuggestions = 12

// apiSuggest offers partners for a name being typed. First come the
// bodies named in stored events with a word starting with q, as the
// gazetteer names them when it knows them (a stored "Gifhorn" with the key
// 03151 is offered as "Landkreis Gifhorn", with kind, Land and AGS); then
// the places and bodies of the gazetteer whose name or a word of it starts
// with q, ranked by kind and population. Each body is offered once.
func (s *Server) apiSuggest(w http.ResponseWriter, r *http.Request, ed editor) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 100 {
		s.writeError(w, r, invalidf("q is %d bytes long: the limit is 100", len(q)))
		return
	}
	out := []suggestion{}
	if q == "" {
		writeJSON(w, http.StatusOK, out)
		return
	}
	var ref []gazetteer.Completion
	if s.places != nil {
		ref = s.places.Complete(q, maxSuggestions)
	}
	stored, err := s.review.SuggestPartners(r.Context(), q, maxSuggestions)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	seen := map[string]bool{}
	add := func(sg suggestion) {
		k := gazetteer.Key(sg.Name) + "|" + sg.AGS
		if seen[k] || len(out) == maxSuggestions {
			return
		}
		seen[k] = true
		sg.Label = suggestionLabel(sg)
		out = append(out, sg)
	}
	used := make([]bool, len(ref))
	for _, p := range stored {
		sg := suggestion{Name: p.Name, Kind: string(p.Kind), State: p.State, AGS: p.AGS, Source: "store"}
		if i := sameBody(ref, p); i >= 0 {
			c := ref[i]
			used[i] = true
			sg.Name, sg.Kind, sg.State, sg.AGS = c.Name, c.Kind, cmp0(c.Land, p.State), c.AGS
		}
		add(sg)
	}
	for i, c := range ref {
		if !used[i] {
			add(suggestion{Name: c.Name, Kind: c.Kind, State: c.Land, AGS: c.AGS, Source: "gazetteer"})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// sameBody returns the index of the completion that names the same body as
// the stored partner p, or -1: the same key (a kreisfreie Stadt stored with
// its Kreis key 03103 is the Gemeinde 03103000), or the same name, or, for
// a partner stored without a key, the one completion whose editor's name
// ends with p's name and agrees with p's kind and Land ("Gifhorn", a
// landkreis, is "Landkreis Gifhorn").
func sameBody(ref []gazetteer.Completion, p extract.Partner) int {
	name := gazetteer.Key(p.Name)
	for i, c := range ref {
		if p.AGS != "" && (c.AGS == p.AGS || c.Kind == gazetteer.KindStadt && c.AGS == p.AGS+"000") {
			return i
		}
	}
	for i, c := range ref {
		if gazetteer.Key(c.Name) == name && (p.AGS == "" || c.AGS == "") {
			return i
		}
	}
	if p.AGS != "" {
		return -1
	}
	found := -1
	for i, c := range ref {
		if strings.HasSuffix(gazetteer.Key(c.Name), " "+name) && (p.Kind == "" || string(p.Kind) == c.Kind) && (p.State == "" || p.State == c.Land) {
			if found >= 0 {
				return -1 // ambiguous: Stadt or Landkreis
			}
			found = i
		}
	}
	return found
}

// suggestionLabel describes a suggestion for the editor beside its name.
func suggestionLabel(sg suggestion) string {
	var parts []string
	if sg.Kind != "" {
		parts = append(parts, label(sg.Kind))
	}
	if sg.State != "" {
		parts = append(parts, sg.State)
	}
	if sg.AGS != "" {
		parts = append(parts, "AGS "+sg.AGS)
	}
	if sg.Source == "store" {
		parts = append(parts, "schon erfasst")
	}
	return strings.Join(parts, " · ")
}

// partnerKinds and eventTypes are the choices of the review forms.
var (
	partnerKinds = []string{"gemeinde", "stadt", "landkreis", "land", "bund", "behoerde", "it-dienstleister", "verband", "unternehmen", "sonstige"}
	eventTypes   = []string{"founded", "joined", "extended", "ended", "planned"}
	partnerRoles = []string{"member", "joining", "leaving", "host"}
)
