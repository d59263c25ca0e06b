package emulator

import (
	"strings"
	"sync"
	"time"
)

// FaultKind names an injected failure.
type FaultKind string

const (
	// FaultLatency delays matching requests by Latency (real time).
	FaultLatency FaultKind = "latency"
	// FaultRateLimit answers 429 with minutely rate-limit headers.
	FaultRateLimit FaultKind = "429"
	// FaultServerError answers 500 with an OData error body.
	FaultServerError FaultKind = "500"
	// FaultUnavailable answers 503.
	FaultUnavailable FaultKind = "503"
	// FaultTimeout never answers: the request hangs until the client gives
	// up (or the emulator closes).
	FaultTimeout FaultKind = "timeout"
	// FaultCreatedButError applies the request (a POST creates its entity)
	// and then answers 500, the case that tempts clients into duplicates.
	FaultCreatedButError FaultKind = "created-500"
)

// Fault is one injected failure, scoped to a path prefix and a method.
type Fault struct {
	Kind FaultKind `json:"kind"`
	// PathPrefix matches the request path ("/api/v1/123/crm/Accounts") or
	// its normalised form ("/api/v1/{division}/crm/Accounts"); "" matches
	// every request.
	PathPrefix string `json:"path,omitempty"`
	// Method restricts the fault to one HTTP method; "" matches all.
	Method string `json:"method,omitempty"`
	// Count is how many requests the fault affects: 0 means one request,
	// except for latency, where 0 means until cleared; -1 means until
	// cleared for every kind.
	Count int `json:"count,omitempty"`
	// Latency is the delay of a latency fault (LatencyMS in JSON).
	Latency   time.Duration `json:"-"`
	LatencyMS int           `json:"latency_ms,omitempty"`
}

type faultSet struct {
	mu     sync.Mutex
	faults []*Fault
}

// InjectFault adds a fault; faults are matched in the order they were added.
func (e *Emulator) InjectFault(f Fault) {
	if f.Latency == 0 && f.LatencyMS > 0 {
		f.Latency = time.Duration(f.LatencyMS) * time.Millisecond
	}
	f.LatencyMS = int(f.Latency / time.Millisecond)
	if f.Count == 0 && f.Kind != FaultLatency {
		f.Count = 1
	}
	f.Method = strings.ToUpper(f.Method)
	e.faults.mu.Lock()
	defer e.faults.mu.Unlock()
	e.faults.faults = append(e.faults.faults, &f)
}

// ClearFaults removes every injected fault.
func (e *Emulator) ClearFaults() {
	e.faults.mu.Lock()
	defer e.faults.mu.Unlock()
	e.faults.faults = nil
}

// Faults returns the faults still pending, with their remaining counts.
func (e *Emulator) Faults() []Fault {
	e.faults.mu.Lock()
	defer e.faults.mu.Unlock()
	out := make([]Fault, len(e.faults.faults))
	for i, f := range e.faults.faults {
		out[i] = *f
	}
	return out
}

// take consumes the faults matching a request: the summed latency of
// matching latency faults and the first matching failure, if any.
func (s *faultSet) take(method, path, key string) (time.Duration, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var latency time.Duration
	var hit *Fault
	kept := s.faults[:0]
	for _, f := range s.faults {
		matches := (f.Method == "" || f.Method == method) &&
			(strings.HasPrefix(path, f.PathPrefix) || strings.HasPrefix(strings.TrimPrefix(key, method+" "), f.PathPrefix))
		if matches && (f.Kind == FaultLatency || hit == nil) {
			if f.Kind == FaultLatency {
				latency += f.Latency
			} else {
				c := *f
				hit = &c
			}
			if f.Count > 0 {
				f.Count--
				if f.Count == 0 {
					continue
				}
			}
		}
		kept = append(kept, f)
	}
	s.faults = kept
	return latency, hit
}
