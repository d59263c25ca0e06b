package emukit

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// FaultKind names an injected failure.
type FaultKind string

const (
	// FaultLatency delays matching requests by Latency (real time).
	FaultLatency FaultKind = "latency"
	// FaultRateLimit answers 429 (with the system's rate-limit headers).
	FaultRateLimit FaultKind = "429"
	// FaultServerError answers 500 with the system's error body.
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

var faultKinds = map[FaultKind]bool{FaultLatency: true, FaultRateLimit: true, FaultServerError: true,
	FaultUnavailable: true, FaultTimeout: true, FaultCreatedButError: true}

// Fault is one injected failure, scoped to a path prefix and a method.
type Fault struct {
	Kind FaultKind `json:"kind"`
	// PathPrefix matches the request path ("/api/v1/123/crm/Accounts") or
	// its normalised route ("/api/v1/{division}/crm/Accounts"); "" matches
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

// Faults holds the pending faults of an emulator and the signal that
// releases requests parked by latency and timeout faults. The zero value is
// ready to use and Faults is safe for concurrent use.
type Faults struct {
	mu       sync.Mutex
	faults   []*Fault
	released chan struct{}
	once     sync.Once
}

// Inject adds a fault; faults are matched in the order they were added.
func (s *Faults) Inject(f Fault) {
	if f.Latency == 0 && f.LatencyMS > 0 {
		f.Latency = time.Duration(f.LatencyMS) * time.Millisecond
	}
	f.LatencyMS = int(f.Latency / time.Millisecond)
	if f.Count == 0 && f.Kind != FaultLatency {
		f.Count = 1
	}
	f.Method = strings.ToUpper(f.Method)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// Clear removes every pending fault.
func (s *Faults) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// List returns the faults still pending, with their remaining counts.
func (s *Faults) List() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Fault, len(s.faults))
	for i, f := range s.faults {
		out[i] = *f
	}
	return out
}

// Take consumes the faults matching a request (method, raw path and
// normalised route): it returns the summed delay of the matching latency
// faults and a copy of the first matching failure, if any. Each fault
// taken counts down and is dropped when its count is spent.
func (s *Faults) Take(method, path, route string) (time.Duration, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var latency time.Duration
	var hit *Fault
	kept := s.faults[:0]
	for _, f := range s.faults {
		matches := (f.Method == "" || f.Method == method) &&
			(strings.HasPrefix(path, f.PathPrefix) || strings.HasPrefix(route, f.PathPrefix))
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

// done is closed by Release.
func (s *Faults) done() chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.released == nil {
		s.released = make(chan struct{})
	}
	return s.released
}

// Release ends every request parked by Sleep or Hang, now and later. An
// emulator calls it on Close, and Server calls it before its graceful
// shutdown so that the shutdown need not wait for parked requests.
func (s *Faults) Release() {
	ch := s.done()
	s.once.Do(func() { close(ch) })
}

// Sleep waits d of real time; false when ctx ended or Release came first,
// in which case the request should end without an answer.
func (s *Faults) Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.done():
		return false
	}
}

// Hang parks a request until its client gives up or Release is called.
func (s *Faults) Hang(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-s.done():
	}
}

// DecodeFaults reads one fault object or an array of them, as posted to
// /__emulator/faults, and checks their kinds and delays.
func DecodeFaults(r io.Reader) ([]Fault, error) {
	var raw json.RawMessage
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return nil, fmt.Errorf("faults: %v", err)
	}
	var faults []Fault
	if strings.HasPrefix(strings.TrimSpace(string(raw)), "[") {
		if err := json.Unmarshal(raw, &faults); err != nil {
			return nil, fmt.Errorf("faults: %v", err)
		}
	} else {
		var f Fault
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, fmt.Errorf("faults: %v", err)
		}
		faults = []Fault{f}
	}
	for i, f := range faults {
		if !faultKinds[f.Kind] {
			return nil, fmt.Errorf("faults[%d].kind: %q is not one of latency, 429, 500, 503, timeout, created-500", i, f.Kind)
		}
		if f.Kind == FaultLatency && f.LatencyMS <= 0 {
			return nil, fmt.Errorf("faults[%d].latency_ms: a latency fault needs a positive delay", i)
		}
	}
	return faults, nil
}
