package emulator

import (
	"net/http"
	"strconv"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// FaultKind names an injected failure.
type FaultKind = emukit.FaultKind

const (
	// FaultLatency delays matching requests by Latency (real time).
	FaultLatency FaultKind = emukit.FaultLatency
	// FaultRateLimit answers 429 with HubSpot's ten-secondly body and
	// headers.
	FaultRateLimit FaultKind = emukit.FaultRateLimit
	// FaultServerError answers 500 with HubSpot's error body.
	FaultServerError FaultKind = emukit.FaultServerError
	// FaultUnavailable answers 503.
	FaultUnavailable FaultKind = emukit.FaultUnavailable
	// FaultTimeout never answers: the request hangs until the client gives
	// up (or the emulator closes).
	FaultTimeout FaultKind = emukit.FaultTimeout
	// FaultCreatedButError applies the request (a POST creates its object)
	// and then answers 500, the case that tempts clients into duplicates.
	FaultCreatedButError FaultKind = emukit.FaultCreatedButError
)

// Fault is one injected failure, scoped to a path prefix
// ("/crm/v3/objects/contacts" or "/crm/v3/objects/contacts/{id}") and a
// method.
type Fault = emukit.Fault

// InjectFault adds a fault; faults are matched in the order they were added.
func (e *Emulator) InjectFault(f Fault) { e.front.Faults.Inject(f) }

// ClearFaults removes every injected fault.
func (e *Emulator) ClearFaults() { e.front.Faults.Clear() }

// Faults returns the faults still pending, with their remaining counts.
func (e *Emulator) Faults() []Fault { return e.front.Faults.List() }

// Counts returns the number of requests per endpoint and method since the
// start or the last ResetCounts. Keys look like
// "GET /crm/v3/objects/contacts/{id}": ids are replaced and object type
// ids ("0-1") spelled by name.
func (e *Emulator) Counts() map[string]int { return e.front.Counters.Snapshot() }

// ResetCounts sets every counter back to zero.
func (e *Emulator) ResetCounts() { e.front.Counters.Reset() }

// faultHeaders gives an injected 429 the headers of a full ten-second
// window.
func (e *Emulator) faultHeaders(h http.Header, kind FaultKind) {
	if kind != FaultRateLimit {
		return
	}
	h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", strconv.Itoa(int(tenSeconds.Milliseconds())))
	h.Set("X-HubSpot-RateLimit-Max", strconv.Itoa(e.limits.tenPrivate))
	h.Set("X-HubSpot-RateLimit-Remaining", "0")
}
