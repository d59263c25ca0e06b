package emulator

import (
	"net/http"

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
		Route: endpointRoute,
		WriteError: func(w http.ResponseWriter, status int, msg string) {
			cat := map[int]string{http.StatusTooManyRequests: catRateLimits, http.StatusInternalServerError: catInternalError,
				http.StatusServiceUnavailable: catUnavailable, http.StatusNotFound: catNotFound,
				http.StatusMethodNotAllowed: catMethod}[status]
			if cat == "" {
				cat = catValidation
			}
			ae := errf(status, cat, "%s", msg)
			if status == http.StatusTooManyRequests {
				ae = rateError("TEN_SECONDLY_ROLLING", "ten_secondly_rolling", "publicapi:injected-fault")
			}
			writeError(w, ae)
		},
		FaultHeaders: e.faultHeaders,
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
