package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// newFront puts the kit's front door before the emulator's router: it
// counts requests, applies injected faults and answers the emulator's own
// endpoints, which are neither authenticated, counted nor rate limited:
//
//	GET    /__emulator/counts   request counters as JSON
//	DELETE /__emulator/counts   reset them
//	GET    /__emulator/faults   pending faults
//	POST   /__emulator/faults   add a fault (a Fault object or an array)
//	DELETE /__emulator/faults   clear faults
//	POST   /__emulator/seed     replace all data with a seed document
//	POST   /__emulator/stock    set an article's stock:
//	                            {"administrationId": 1, "code": "X", "currentStock": 5}
func newFront(e *Emulator) *emukit.Front {
	return emukit.NewFront(http.HandlerFunc(e.route), emukit.FrontConfig{
		Route: endpointRoute,
		WriteError: func(w http.ResponseWriter, status int, msg string) {
			// Injected failures and admin mistakes carry no request
			// language; they answer in English.
			writeProblem(w, en, &apiError{Status: status, Detail: msg})
		},
		FaultHeaders: e.faultHeaders,
		Admin: map[string]emukit.Methods{
			emukit.AdminPrefix + "seed":  {http.MethodPost: e.handleSeed},
			emukit.AdminPrefix + "stock": {http.MethodPost: e.handleStock},
		},
	})
}

// Counts returns the number of requests per endpoint and method since the
// start or the last ResetCounts. Keys look like "GET /v1/articles/{id}" or
// "POST /connect/token": ids are replaced and known paths are spelled as
// in the table whatever case the client used.
func (e *Emulator) Counts() map[string]int { return e.front.Counters.Snapshot() }

// ResetCounts sets every counter back to zero.
func (e *Emulator) ResetCounts() { e.front.Counters.Reset() }

// endpointRoute normalises a request path to the route that counters and
// fault scopes use.
func endpointRoute(path string) string {
	switch {
	case strings.EqualFold(path, api.Authorize):
		return api.Authorize
	case strings.EqualFold(path, api.Token):
		return api.Token
	}
	tg, ok := resolve(path)
	if !ok {
		return path
	}
	if tg.hasID {
		return tg.ent.Path + "/{id}"
	}
	return tg.ent.Path
}

// FaultKind names an injected failure.
type FaultKind = emukit.FaultKind

// The fault kinds (see emukit).
const (
	FaultLatency         FaultKind = emukit.FaultLatency
	FaultRateLimit       FaultKind = emukit.FaultRateLimit
	FaultServerError     FaultKind = emukit.FaultServerError
	FaultUnavailable     FaultKind = emukit.FaultUnavailable
	FaultTimeout         FaultKind = emukit.FaultTimeout
	FaultCreatedButError FaultKind = emukit.FaultCreatedButError
)

// Fault is one injected failure, scoped to a path prefix ("/v1/articles"
// or a route such as "/v1/articles/{id}") and a method.
type Fault = emukit.Fault

// InjectFault adds a fault; faults are matched in the order they were added.
func (e *Emulator) InjectFault(f Fault) { e.front.Faults.Inject(f) }

// ClearFaults removes every injected fault.
func (e *Emulator) ClearFaults() { e.front.Faults.Clear() }

// Faults returns the faults still pending, with their remaining counts.
func (e *Emulator) Faults() []Fault { return e.front.Faults.List() }

// faultHeaders gives an injected 429 the headers of a real one.
func (e *Emulator) faultHeaders(h http.Header, kind FaultKind) {
	if kind != FaultRateLimit {
		return
	}
	limit := e.opts.MinuteLimit
	if limit <= 0 {
		limit = defaultMinuteLimit
	}
	setLimitHeaders(h, limit, 0, e.clock.Now().Add(time.Minute))
	h.Set("Retry-After", "60")
}

// handleSeed serves POST /__emulator/seed.
func (e *Emulator) handleSeed(w http.ResponseWriter, r *http.Request) {
	if err := e.LoadSeed(r.Body); err != nil {
		writeProblem(w, en, &apiError{Status: http.StatusBadRequest, Detail: err.Error()})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleStock serves POST /__emulator/stock.
func (e *Emulator) handleStock(w http.ResponseWriter, r *http.Request) {
	var in struct {
		AdministrationID int64       `json:"administrationId"`
		Code             string      `json:"code"`
		CurrentStock     json.Number `json:"currentStock"`
	}
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		writeProblem(w, en, &apiError{Status: http.StatusBadRequest, Detail: fmt.Sprintf("stock: %v", err)})
		return
	}
	if err := e.SetStock(in.AdministrationID, in.Code, string(in.CurrentStock)); err != nil {
		writeProblem(w, en, &apiError{Status: http.StatusBadRequest, Detail: err.Error()})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
