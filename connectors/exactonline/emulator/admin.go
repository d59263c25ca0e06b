package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
)

// serveAdmin answers the emulator's own endpoints, which are neither
// authenticated, counted nor rate limited:
//
//	GET    /__emulator/counts   request counters as JSON
//	DELETE /__emulator/counts   reset them
//	GET    /__emulator/faults   pending faults
//	POST   /__emulator/faults   add a fault (a Fault object or an array)
//	DELETE /__emulator/faults   clear faults
//	POST   /__emulator/seed     replace all data with a seed document
func (e *Emulator) serveAdmin(w http.ResponseWriter, r *http.Request) {
	switch strings.TrimSuffix(r.URL.Path, "/") {
	case "/__emulator/counts":
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, e.Counts())
		case http.MethodDelete:
			e.ResetCounts()
			w.WriteHeader(http.StatusNoContent)
		default:
			adminMethod(w, "GET, DELETE")
		}
	case "/__emulator/faults":
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, e.Faults())
		case http.MethodPost:
			faults, err := decodeFaults(r)
			if err != nil {
				writeError(w, err)
				return
			}
			for _, f := range faults {
				e.InjectFault(f)
			}
			writeJSON(w, http.StatusCreated, e.Faults())
		case http.MethodDelete:
			e.ClearFaults()
			w.WriteHeader(http.StatusNoContent)
		default:
			adminMethod(w, "GET, POST, DELETE")
		}
	case "/__emulator/seed":
		if r.Method != http.MethodPost {
			adminMethod(w, "POST")
			return
		}
		if err := e.LoadSeed(r.Body); err != nil {
			writeError(w, badRequest("%v", err))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		writeError(w, errf(http.StatusNotFound, "unknown emulator endpoint %s", r.URL.Path))
	}
}

func adminMethod(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeError(w, errf(http.StatusMethodNotAllowed, "use %s", allow))
}

var faultKinds = map[FaultKind]bool{FaultLatency: true, FaultRateLimit: true, FaultServerError: true,
	FaultUnavailable: true, FaultTimeout: true, FaultCreatedButError: true}

// decodeFaults reads one fault or an array of faults.
func decodeFaults(r *http.Request) ([]Fault, error) {
	var raw json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		return nil, badRequest("faults: %v", err)
	}
	var faults []Fault
	if strings.HasPrefix(strings.TrimSpace(string(raw)), "[") {
		if err := json.Unmarshal(raw, &faults); err != nil {
			return nil, badRequest("faults: %v", err)
		}
	} else {
		var f Fault
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, badRequest("faults: %v", err)
		}
		faults = []Fault{f}
	}
	for i, f := range faults {
		if !faultKinds[f.Kind] {
			return nil, badRequest("faults[%d].kind: %q is not one of latency, 429, 500, 503, timeout, created-500", i, f.Kind)
		}
		if f.Kind == FaultLatency && f.LatencyMS <= 0 {
			return nil, badRequest("faults[%d].latency_ms: a latency fault needs a positive delay", i)
		}
	}
	return faults, nil
}
