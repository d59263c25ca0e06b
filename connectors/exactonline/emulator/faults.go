package emulator

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// FaultKind names an injected failure.
type FaultKind = emukit.FaultKind

const (
	// FaultLatency delays matching requests by Latency (real time).
	FaultLatency FaultKind = emukit.FaultLatency
	// FaultRateLimit answers 429 with minutely rate-limit headers.
	FaultRateLimit FaultKind = emukit.FaultRateLimit
	// FaultServerError answers 500 with an OData error body.
	FaultServerError FaultKind = emukit.FaultServerError
	// FaultUnavailable answers 503.
	FaultUnavailable FaultKind = emukit.FaultUnavailable
	// FaultTimeout never answers: the request hangs until the client gives
	// up (or the emulator closes).
	FaultTimeout FaultKind = emukit.FaultTimeout
	// FaultCreatedButError applies the request (a POST creates its entity)
	// and then answers 500, the case that tempts clients into duplicates.
	FaultCreatedButError FaultKind = emukit.FaultCreatedButError
)

// Fault is one injected failure, scoped to a path prefix ("/api/v1/123/…"
// or "/api/v1/{division}/…") and a method.
type Fault = emukit.Fault

// InjectFault adds a fault; faults are matched in the order they were added.
func (e *Emulator) InjectFault(f Fault) { e.front.Faults.Inject(f) }

// ClearFaults removes every injected fault.
func (e *Emulator) ClearFaults() { e.front.Faults.Clear() }

// Faults returns the faults still pending, with their remaining counts.
func (e *Emulator) Faults() []Fault { return e.front.Faults.List() }

// faultHeaders gives an injected 429 the minutely headers of a real one.
func (e *Emulator) faultHeaders(h http.Header, kind FaultKind) {
	if kind != FaultRateLimit {
		return
	}
	after := e.opts.FaultReset
	if after <= 0 {
		after = time.Minute
	}
	reset := e.clock.Now().Add(after).UnixMilli()
	h.Set("X-RateLimit-Minutely-Limit", "60")
	h.Set("X-RateLimit-Minutely-Remaining", "0")
	h.Set("X-RateLimit-Minutely-Reset", strconv.FormatInt(reset, 10))
}
