package emulator

import (
	"net/http"
	"time"
)

// txn is one request's work on the portal, under the data lock: the
// time it happens at, and what it changed for the state file and the
// webhooks.
type txn struct {
	e       *Emulator
	p       *portal
	now     time.Time
	events  []hookEvent
	changed bool
	// seeding lets seed rows set read-only properties and timestamps.
	seeding bool
	// base is scheme://host of the request, for paging links.
	base string
}

// hookEvent is one change a webhook subscription may hear about.
type hookEvent struct {
	Type     *objectType
	Kind     string // creation, deletion, propertyChange, associationChange
	ObjectID int64
	Prop     string
	Value    string
	At       time.Time

	// associationChange only
	AssocName        string // CONTACT_TO_COMPANY
	To               int64
	Removed, Primary bool
}

func (tx *txn) emit(ev hookEvent) {
	if tx.seeding {
		return
	}
	ev.At = tx.now
	tx.events = append(tx.events, ev)
}

func (tx *txn) table(t *objectType) *table { return tx.p.tables[t.Name] }

// response is what a handler produced under the data lock; it is written
// after the lock is released so a slow client holds up no one.
type response struct {
	status int
	body   any // nil: no body
}

func ok(body any) *response      { return &response{status: http.StatusOK, body: body} }
func created(body any) *response { return &response{status: http.StatusCreated, body: body} }
func noContent() *response       { return &response{status: http.StatusNoContent} }

func methodNotAllowed(r *http.Request) *apiError {
	return errf(http.StatusMethodNotAllowed, catMethod, "HTTP method %s is not supported by %s", r.Method, r.URL.Path)
}
