package emulator

import (
	"net/http"
	"strconv"
	"strings"
)

// tenant picks the administration of an API call from the tenant header,
// accepting both documented spellings (X-Tenant-Id, X-TenantId). Without
// one the user's default administration applies ([A-API]); with
// Options.RequireTenant that is a 400 instead. Two headers naming
// different administrations, or a value that is not an id, are 400s; an id
// the user has no access to is a 403. The error shapes are assumed.
// Endpoints that are not per tenant (the list of administrations) ignore
// the header and run under the default administration, whose window the
// rate limit counts them in.
func (e *Emulator) tenant(r *http.Request, l lang, perTenant bool) (int64, *apiError) {
	if !perTenant {
		e.mu.Lock()
		defer e.mu.Unlock()
		if a := e.data.defaultAdmin(); a != nil {
			return a.ID, nil
		}
		return 0, &apiError{Status: http.StatusForbidden, Detail: l.t(mNoAccess, "-")}
	}
	var value, from string
	for _, h := range api.TenantHeaders {
		v := strings.TrimSpace(r.Header.Get(h))
		if v == "" {
			continue
		}
		if from != "" && v != value {
			return 0, invalid(from, l.t(mTenantTwice, from, h))
		}
		value, from = v, h
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if from == "" {
		if e.opts.RequireTenant {
			return 0, invalid(api.TenantHeaders[0], l.t(mTenantNeeded, api.TenantHeaders[0]))
		}
		if a := e.data.defaultAdmin(); a != nil {
			return a.ID, nil
		}
		return 0, &apiError{Status: http.StatusForbidden, Detail: l.t(mNoAccess, "-")}
	}
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return 0, invalid(from, l.t(mInvalidValue, value, from))
	}
	if _, ok := e.data.admins[id]; !ok {
		return 0, &apiError{Status: http.StatusForbidden, Detail: l.t(mNoAccess, value)}
	}
	return id, nil
}
