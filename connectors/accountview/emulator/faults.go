package emulator

import (
	"net/http"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// FaultKind names an injected failure.
type FaultKind = emukit.FaultKind

const (
	// FaultLatency delays matching requests by Latency (real time).
	FaultLatency FaultKind = emukit.FaultLatency
	// FaultRateLimit answers 429 with Retry-After.
	FaultRateLimit FaultKind = emukit.FaultRateLimit
	// FaultServerError answers 500 with an AccountView error body.
	FaultServerError FaultKind = emukit.FaultServerError
	// FaultUnavailable answers 503.
	FaultUnavailable FaultKind = emukit.FaultUnavailable
	// FaultTimeout never answers: the request hangs until the client gives
	// up (or the emulator closes).
	FaultTimeout FaultKind = emukit.FaultTimeout
	// FaultCreatedButError applies the request (a POST stores its rows)
	// and then answers 500, the case that tempts clients into duplicates.
	FaultCreatedButError FaultKind = emukit.FaultCreatedButError
)

// Fault is one injected failure, scoped to a path prefix
// ("/api/v3/accountviewdata") and a method.
type Fault = emukit.Fault

// InjectFault adds a fault; faults are matched in the order they were added.
func (e *Emulator) InjectFault(f Fault) { e.front.Faults.Inject(f) }

// ClearFaults removes every injected fault.
func (e *Emulator) ClearFaults() { e.front.Faults.Clear() }

// Faults returns the faults still pending, with their remaining counts.
func (e *Emulator) Faults() []Fault { return e.front.Faults.List() }

// Counts returns the number of requests per endpoint and method since the
// start or the last ResetCounts. Keys look like "GET
// /api/v3/accountviewdata" (the path in its canonical spelling) and, for
// data calls, also "GET /api/v3/accountviewdata?BusinessObject=AR1".
func (e *Emulator) Counts() map[string]int { return e.front.Counters.Snapshot() }

// ResetCounts sets every counter back to zero.
func (e *Emulator) ResetCounts() { e.front.Counters.Reset() }

// faultHeaders gives an injected 429 the Retry-After of a real one.
func faultHeaders(h http.Header, kind FaultKind) {
	if kind == FaultRateLimit {
		h.Set("Retry-After", "60")
	}
}

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
func newFront(e *Emulator) *emukit.Front {
	return emukit.NewFront(http.HandlerFunc(e.route), emukit.FrontConfig{
		Route: endpointRoute,
		WriteError: func(w http.ResponseWriter, status int, msg string) {
			writeError(w, errStatus(status, errTypeAV, "%s", msg))
		},
		FaultHeaders: faultHeaders,
		Admin: map[string]emukit.Methods{
			emukit.AdminPrefix + "seed": {http.MethodPost: e.handleSeed},
		},
	})
}

// handleSeed serves POST /__emulator/seed.
func (e *Emulator) handleSeed(w http.ResponseWriter, r *http.Request) {
	if err := e.LoadSeed(r.Body); err != nil {
		writeError(w, badRequest("%v", err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
