package emulator

import (
	"net/http"
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
func newFront(e *Emulator) *emukit.Front {
	return emukit.NewFront(http.HandlerFunc(e.route), emukit.FrontConfig{
		Route:      endpointRoute,
		WriteError: writeFaultError,
		Admin: map[string]emukit.Methods{
			emukit.AdminPrefix + "seed": {http.MethodPost: e.handleSeed},
		},
	})
}

// writeFaultError answers admin mistakes and injected failures in Visma's
// error shape: an injected 429 carries the quota body (ErrorCode 4010), an
// injected 500 or 503 ErrorCode 5000, which is ours (Visma documents no
// code for its own failures).
func writeFaultError(w http.ResponseWriter, status int, msg string) {
	switch status {
	case http.StatusTooManyRequests:
		writeError(w, quotaError(defaultRateLimit, time.Minute))
	case http.StatusInternalServerError, http.StatusServiceUnavailable:
		writeError(w, errf(status, codeServerFault, "%s", msg))
	case http.StatusNotFound:
		writeError(w, errf(status, codeNotFound, "%s", msg))
	default:
		writeError(w, errf(status, codeValidation, "%s", msg))
	}
}

// codeServerFault is the ErrorCode of injected server failures.
const codeServerFault = 5000

// handleSeed serves POST /__emulator/seed.
func (e *Emulator) handleSeed(w http.ResponseWriter, r *http.Request) {
	if err := e.LoadSeed(r.Body); err != nil {
		writeError(w, errf(http.StatusBadRequest, codeValidation, "%v", err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
