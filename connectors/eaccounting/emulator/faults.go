package emulator

import "github.com/pipeline-dev/pipeline/connectors/emukit"

// FaultKind names an injected failure.
type FaultKind = emukit.FaultKind

const (
	// FaultLatency delays matching requests by Latency (real time).
	FaultLatency FaultKind = emukit.FaultLatency
	// FaultRateLimit answers 429 with Visma's quota body (ErrorCode 4010).
	FaultRateLimit FaultKind = emukit.FaultRateLimit
	// FaultServerError answers 500 with Visma's error shape.
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

// Fault is one injected failure, scoped to a path prefix ("/v2/orders" or
// a route such as "/v2/orders/{id}") and a method.
type Fault = emukit.Fault

// InjectFault adds a fault; faults are matched in the order they were added.
func (e *Emulator) InjectFault(f Fault) { e.front.Faults.Inject(f) }

// ClearFaults removes every injected fault.
func (e *Emulator) ClearFaults() { e.front.Faults.Clear() }

// Faults returns the faults still pending, with their remaining counts.
func (e *Emulator) Faults() []Fault { return e.front.Faults.List() }

// Counts returns the number of requests per endpoint and method since the
// start or the last ResetCounts. Keys look like "GET /v2/customers/{customerId}":
// ids are replaced by the route's parameter names, and paths are spelled
// as in Visma's document whatever case the client used; identity-server
// calls count as "POST /connect/token".
func (e *Emulator) Counts() map[string]int { return e.front.Counters.Snapshot() }

// ResetCounts sets every counter back to zero.
func (e *Emulator) ResetCounts() { e.front.Counters.Reset() }
