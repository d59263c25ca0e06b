package emulator

import (
	"crypto/subtle"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// serveWebhooksAPI answers HubSpot's webhook management API, which the
// developer account's API key (?hapikey=) authenticates:
//
//	GET|PUT|DELETE      /webhooks/v3/{appId}/settings
//	GET|POST            /webhooks/v3/{appId}/subscriptions
//	GET|PATCH|DELETE    /webhooks/v3/{appId}/subscriptions/{subscriptionId}
func (e *Emulator) serveWebhooksAPI(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("hapikey")
	if subtle.ConstantTimeCompare([]byte(key), []byte(e.opts.DeveloperAPIKey)) != 1 {
		writeError(w, errf(http.StatusUnauthorized, catAuth, "The API key provided is invalid."))
		return
	}
	s := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/webhooks/v3/"), "/"), "/")
	appID, err := strconv.ParseInt(s[0], 10, 64)
	found := false
	for _, a := range e.apps {
		found = found || a.AppID == appID
	}
	if err != nil || !found || len(s) < 2 || len(s) > 3 || (s[1] == "settings" && len(s) != 2) {
		writeError(w, notFound("Unable to route %s %s", r.Method, r.URL.Path))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		writeError(w, badRequest("reading the request body: %v", err))
		return
	}
	var resp *response
	err = e.withPortal(func(tx *txn) error {
		h := tx.p.hooks[appID]
		if h == nil {
			h = &appHooks{AppID: appID, CreatedAt: tx.now, UpdatedAt: tx.now}
			tx.p.hooks[appID] = h
		}
		var err error
		switch {
		case s[1] == "settings":
			resp, err = tx.serveHookSettings(r, h, body)
		case s[1] == "subscriptions" && len(s) == 2:
			resp, err = tx.serveSubscriptions(r, h, body)
		case s[1] == "subscriptions":
			resp, err = tx.serveSubscription(r, h, s[2], body)
		default:
			err = notFound("Unable to route %s %s", r.Method, r.URL.Path)
		}
		return err
	})
	if err != nil {
		writeError(w, err)
		return
	}
	if resp.body == nil {
		w.WriteHeader(resp.status)
		return
	}
	emukit.WriteJSON(w, resp.status, resp.body)
}

func settingsView(h *appHooks) map[string]any {
	return map[string]any{"targetUrl": h.TargetURL, "createdAt": formatTime(h.CreatedAt), "updatedAt": formatTime(h.UpdatedAt),
		"throttling": map[string]any{"maxConcurrentRequests": h.MaxConcurrent, "period": "SECONDLY"}}
}

func (tx *txn) serveHookSettings(r *http.Request, h *appHooks, body []byte) (*response, error) {
	switch r.Method {
	case http.MethodGet:
		if h.TargetURL == "" {
			return nil, notFound("No webhook settings for app %d", h.AppID)
		}
		return ok(settingsView(h)), nil
	case http.MethodPut:
		var in struct {
			TargetURL  string `json:"targetUrl"`
			Throttling struct {
				MaxConcurrentRequests int `json:"maxConcurrentRequests"`
			} `json:"throttling"`
		}
		if err := decodeBody(body, &in); err != nil {
			return nil, err
		}
		if !validTarget(in.TargetURL) {
			return nil, badRequest("targetUrl: %q is not an absolute http(s) URL", in.TargetURL)
		}
		h.TargetURL, h.MaxConcurrent, h.UpdatedAt = in.TargetURL, max(in.Throttling.MaxConcurrentRequests, 1), tx.now
		tx.changed = true
		return ok(settingsView(h)), nil
	case http.MethodDelete:
		h.TargetURL = ""
		tx.changed = true
		return noContent(), nil
	}
	return nil, methodNotAllowed(r)
}

func (tx *txn) serveSubscriptions(r *http.Request, h *appHooks, body []byte) (*response, error) {
	switch r.Method {
	case http.MethodGet:
		out := []map[string]any{}
		for _, s := range h.Subs {
			out = append(out, s.view())
		}
		return ok(map[string]any{"results": out}), nil
	case http.MethodPost:
		var in struct {
			EventType    string `json:"eventType"`
			PropertyName string `json:"propertyName"`
			Active       *bool  `json:"active"`
		}
		if err := decodeBody(body, &in); err != nil {
			return nil, err
		}
		s, err := tx.addSubscription(h, in.EventType, in.PropertyName, in.Active == nil || *in.Active)
		if err != nil {
			return nil, err
		}
		return created(s.view()), nil
	}
	return nil, methodNotAllowed(r)
}

// addSubscription checks and adds a subscription; propertyChange needs an
// existing property of the object type.
func (tx *txn) addSubscription(h *appHooks, eventType, prop string, active bool) (*subscription, error) {
	if !eventTypes[eventType] {
		return nil, badRequest("eventType: %q is not a known subscription type", eventType)
	}
	singular, kind, _ := strings.Cut(eventType, ".")
	if kind == "propertyChange" {
		var t *objectType
		for _, ot := range objectTypes {
			if ot.Singular == singular {
				t = ot
			}
		}
		if prop == "" || tx.p.props[t.Name].get(prop) == nil {
			return nil, badRequest("propertyName: a propertyChange subscription needs an existing %s property, not %q", singular, prop)
		}
	} else {
		prop = ""
	}
	tx.p.subSeq++
	s := &subscription{ID: tx.p.subSeq, EventType: eventType, PropertyName: prop, Active: active, CreatedAt: tx.now, UpdatedAt: tx.now}
	h.Subs = append(h.Subs, s)
	tx.changed = true
	return s, nil
}

func (tx *txn) serveSubscription(r *http.Request, h *appHooks, idText string, body []byte) (*response, error) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	idx := -1
	for i, s := range h.Subs {
		if s.ID == id {
			idx = i
		}
	}
	if idx < 0 {
		return nil, notFound("No subscription %s for app %d", idText, h.AppID)
	}
	s := h.Subs[idx]
	switch r.Method {
	case http.MethodGet:
		return ok(s.view()), nil
	case http.MethodPatch:
		var in struct {
			Active *bool `json:"active"`
		}
		if err := decodeBody(body, &in); err != nil {
			return nil, err
		}
		if in.Active != nil {
			s.Active, s.UpdatedAt = *in.Active, tx.now
			tx.changed = true
		}
		return ok(s.view()), nil
	case http.MethodDelete:
		h.Subs = append(h.Subs[:idx], h.Subs[idx+1:]...)
		tx.changed = true
		return noContent(), nil
	}
	return nil, methodNotAllowed(r)
}
