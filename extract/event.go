package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// EventID identifies an event across re-extractions: a hash of the
// article's canonical URL and the event's first evidence sentence, so an
// editor's decision stays attached when a better extractor runs again.
type EventID string

// NewEventID returns the ID of the event of the article at canonical URL u
// whose first evidence sentence is evidence.
func NewEventID(u, evidence string) EventID {
	sum := sha256.Sum256([]byte(u + "\x00" + strings.Join(strings.Fields(evidence), " ")))
	return EventID(hex.EncodeToString(sum[:8]))
}

// EventType is what happened to a cooperation.
type EventType string

// The event types of DESIGN.md.
const (
	Founded  EventType = "founded"  // agreement, Letter of Intent, Zweckverband formed
	Joined   EventType = "joined"   // a new partner enters an existing cooperation
	Extended EventType = "extended" // deepened, renewed, widened in scope
	Ended    EventType = "ended"    // dissolved, a partner left
	Planned  EventType = "planned"  // announced, not yet signed
)

// Valid reports whether t is one of the defined event types.
func (t EventType) Valid() bool {
	switch t {
	case Founded, Joined, Extended, Ended, Planned:
		return true
	}
	return false
}

// Status is an editor's verdict on an event.
type Status string

// The review states. extract always produces Pending; only editors set the others.
const (
	Pending   Status = "pending"
	Confirmed Status = "confirmed"
	Corrected Status = "corrected"
	Rejected  Status = "rejected"
)

// Valid reports whether s is one of the defined review states.
func (s Status) Valid() bool {
	switch s {
	case Pending, Confirmed, Corrected, Rejected:
		return true
	}
	return false
}

// Event is one cooperation happening reported in an article: extracted by
// extract, reviewed by editors.
type Event struct {
	ID         EventID   `json:"id"`
	Type       EventType `json:"type"`
	Date       Date      `json:"date"`
	Partners   []Partner `json:"partners"` // parties to the cooperation, in order of first mention, deduplicated
	People     []Person  `json:"people"`
	Instrument string    `json:"instrument,omitempty"` // Letter of Intent, Kooperationsvereinbarung, Zweckverband ...
	Topics     []string  `json:"topics,omitempty"`
	Amounts    []Amount  `json:"amounts,omitempty"`
	Evidence   []string  `json:"evidence"`   // the sentences the event rests on, shown to editors
	Confidence float64   `json:"confidence"` // the extractor's confidence in [0,1]; orders the review queue
	Status     Status    `json:"status"`
}

func (e *Event) normalize() {
	if e.Partners == nil {
		e.Partners = []Partner{}
	}
	if e.People == nil {
		e.People = []Person{}
	}
	if e.Evidence == nil {
		e.Evidence = []string{}
	}
	if e.Status == "" {
		e.Status = Pending
	}
}

// Validate reports the first field of e that is wrong, naming it.
func (e Event) Validate() error {
	var errs []error
	if !e.Type.Valid() {
		errs = append(errs, fmt.Errorf("type %q: want founded, joined, extended, ended or planned", e.Type))
	}
	if err := e.Date.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("date: %w", err))
	}
	if e.Status != "" && !e.Status.Valid() {
		errs = append(errs, fmt.Errorf("status %q: want pending, confirmed, corrected or rejected", e.Status))
	}
	if e.Confidence < 0 || e.Confidence > 1 {
		errs = append(errs, fmt.Errorf("confidence %v: want a number from 0 to 1", e.Confidence))
	}
	for i, p := range e.Partners {
		if err := p.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("partners[%d]: %w", i, err))
		}
	}
	for i, p := range e.People {
		if err := p.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("people[%d]: %w", i, err))
		}
	}
	return errors.Join(errs...)
}

// PartnerKind is the kind of body a partner is.
type PartnerKind string

// The partner kinds of DESIGN.md.
const (
	KindGemeinde        PartnerKind = "gemeinde"
	KindStadt           PartnerKind = "stadt"
	KindLandkreis       PartnerKind = "landkreis"
	KindLand            PartnerKind = "land"
	KindBund            PartnerKind = "bund"
	KindBehoerde        PartnerKind = "behoerde" // ministry, agency, Staatskanzlei
	KindITDienstleister PartnerKind = "it-dienstleister"
	KindVerband         PartnerKind = "verband"
	KindUnternehmen     PartnerKind = "unternehmen"
	KindSonstige        PartnerKind = "sonstige"
)

// Valid reports whether k is one of the defined partner kinds.
func (k PartnerKind) Valid() bool {
	switch k {
	case KindGemeinde, KindStadt, KindLandkreis, KindLand, KindBund, KindBehoerde,
		KindITDienstleister, KindVerband, KindUnternehmen, KindSonstige:
		return true
	}
	return false
}

// PartnerRole is a partner's part in an event.
type PartnerRole string

// The partner roles.
const (
	RoleMember  PartnerRole = "member"  // a party to the cooperation
	RoleJoining PartnerRole = "joining" // enters an existing cooperation
	RoleLeaving PartnerRole = "leaving" // leaves it
	RoleHost    PartnerRole = "host"    // the organisation joined or left (Zweckverband, eG, Dataport)
)

// Partner is a party to a cooperation.
type Partner struct {
	Name  string      `json:"name"` // as an editor would write it: "Landkreis Gifhorn", "Stadt Wolfsburg", "Dataport"
	Kind  PartnerKind `json:"kind"`
	State string      `json:"state,omitempty"` // the Land, e.g. "Niedersachsen"; "" when unknown
	AGS   string      `json:"ags,omitempty"`   // official key (Land 2, Kreis 5, Gemeinde 8 digits) when certain
	Role  PartnerRole `json:"role,omitempty"`
}

// Validate reports what is wrong with p.
func (p Partner) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return errors.New("name is empty")
	}
	if !p.Kind.Valid() {
		return fmt.Errorf("kind %q of %q is not a partner kind", p.Kind, p.Name)
	}
	for _, r := range p.AGS {
		if r < '0' || r > '9' {
			return fmt.Errorf("ags %q of %q: want digits only", p.AGS, p.Name)
		}
	}
	return nil
}

// Person is someone who acts or speaks in an article.
type Person struct {
	Name string `json:"name"` // without academic titles: "Thorsten Kornblum"
	Role string `json:"role,omitempty"`
	Org  string `json:"org,omitempty"`
}

// Validate reports what is wrong with p.
func (p Person) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return errors.New("name is empty")
	}
	return nil
}

// Amount is a sum of money named in an event's evidence.
type Amount struct {
	Value    float64 `json:"value"`    // 100000 for "100.000 Euro"
	Currency string  `json:"currency"` // ISO 4217, e.g. "EUR"
	Text     string  `json:"text"`     // as printed
}
