package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/hubspot/webhook"
)

// maxEventsPerCall is how many events HubSpot puts in one delivery.
const maxEventsPerCall = 100

// appHooks is an app's webhook settings and subscriptions.
type appHooks struct {
	AppID         int64           `json:"appId"`
	TargetURL     string          `json:"targetUrl"`
	MaxConcurrent int             `json:"maxConcurrentRequests"`
	CreatedAt     time.Time       `json:"createdAt"`
	UpdatedAt     time.Time       `json:"updatedAt"`
	Subs          []*subscription `json:"subscriptions"`
}

// subscription is one event type an app listens to.
type subscription struct {
	ID           int64     `json:"id"`
	EventType    string    `json:"eventType"`
	PropertyName string    `json:"propertyName,omitempty"`
	Active       bool      `json:"active"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

func (s *subscription) view() map[string]any {
	v := map[string]any{"id": s.ID, "eventType": s.EventType, "active": s.Active,
		"createdAt": formatTime(s.CreatedAt), "updatedAt": formatTime(s.UpdatedAt)}
	if s.PropertyName != "" {
		v["propertyName"] = s.PropertyName
	}
	return v
}

// eventTypes are the subscription types the emulator accepts. merge,
// restore and privacyDeletion are accepted but never fire.
var eventTypes = func() map[string]bool {
	m := map[string]bool{"contact.privacyDeletion": true}
	for _, t := range objectTypes {
		for _, k := range []string{"creation", "deletion", "propertyChange", "associationChange", "merge", "restore"} {
			if k == "associationChange" && t.Name == "products" {
				continue
			}
			m[t.Singular+"."+k] = true
		}
	}
	return m
}()

// webhookSender posts deliveries in the background, one at a time and in
// the order the changes happened.
type webhookSender struct {
	client  *http.Client
	mu      sync.Mutex
	queue   []delivery
	running bool
	wg      sync.WaitGroup
}

func newWebhookSender(c *http.Client) *webhookSender {
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	return &webhookSender{client: c}
}

// wait returns when every queued delivery has been attempted.
func (s *webhookSender) wait() { s.wg.Wait() }

// enqueue adds deliveries and starts the worker unless it runs.
func (s *webhookSender) enqueue(calls []delivery, post func(delivery)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wg.Add(len(calls))
	s.queue = append(s.queue, calls...)
	if s.running {
		return
	}
	s.running = true
	go func() {
		for {
			s.mu.Lock()
			if len(s.queue) == 0 {
				s.running = false
				s.mu.Unlock()
				return
			}
			c := s.queue[0]
			s.queue = s.queue[1:]
			s.mu.Unlock()
			post(c)
			s.wg.Done()
		}
	}()
}

// delivery is one signed call to make.
type delivery struct {
	url, secret string
	events      []webhook.Event
}

// deliver turns a request's changes into the events each app subscribed
// to and queues them, up to 100 per call; e.mu is held.
func (e *Emulator) deliver(events []hookEvent) {
	var calls []delivery
	for _, app := range e.apps {
		h := e.p.hooks[app.AppID]
		if h == nil || h.TargetURL == "" {
			continue
		}
		var out []webhook.Event
		for _, ev := range events {
			for _, s := range h.Subs {
				if s.Active && s.EventType == ev.Type.Singular+"."+ev.Kind && (ev.Kind != "propertyChange" || s.PropertyName == ev.Prop) {
					e.p.eventSeq++
					out = append(out, e.event(ev, s, app.AppID))
				}
			}
		}
		for len(out) > 0 {
			n := min(len(out), maxEventsPerCall)
			calls = append(calls, delivery{h.TargetURL, app.Secret, out[:n]})
			out = out[n:]
		}
	}
	if len(calls) > 0 {
		e.hooks.enqueue(calls, e.post)
	}
}

// event renders one change for subscription s; e.mu is held.
func (e *Emulator) event(ev hookEvent, s *subscription, appID int64) webhook.Event {
	out := webhook.Event{EventID: e.p.eventSeq, SubscriptionID: s.ID, PortalID: e.p.info.ID, AppID: appID,
		OccurredAt: ev.At.UnixMilli(), SubscriptionType: s.EventType, ChangeSource: "API"}
	switch ev.Kind {
	case "associationChange":
		removed, primary := ev.Removed, ev.Primary
		out.AssociationType, out.FromObjectID, out.ToObjectID = ev.AssocName, ev.ObjectID, ev.To
		out.AssociationRemoved, out.IsPrimaryAssociation = &removed, &primary
	case "propertyChange":
		out.ObjectID, out.PropertyName, out.PropertyValue = ev.ObjectID, ev.Prop, ev.Value
	case "creation":
		out.ObjectID, out.ChangeFlag = ev.ObjectID, "CREATED"
	case "deletion":
		out.ObjectID, out.ChangeFlag = ev.ObjectID, "DELETED"
	}
	return out
}

// post sends one signed delivery; failures are dropped (HubSpot retries,
// the emulator does not).
func (e *Emulator) post(c delivery) {
	body, err := json.Marshal(c.events)
	if err != nil {
		return
	}
	u, err := url.Parse(c.url)
	if err != nil {
		return
	}
	// Sign the URL as the receiver will see it: a bare host is called at /.
	if u.Path == "" {
		u.Path = "/"
	}
	req, err := http.NewRequest(http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return
	}
	ts := webhook.Timestamp(e.clock.Now())
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "HubSpot Connect 2.0 (http://dev.hubspot.com/) (emulator)")
	req.Header.Set(webhook.HeaderTimestamp, ts)
	req.Header.Set(webhook.HeaderSignatureV3, webhook.SignV3(c.secret, http.MethodPost, u.String(), body, ts))
	req.Header.Set(webhook.HeaderSignature, webhook.SignV1(c.secret, body))
	req.Header.Set(webhook.HeaderSignatureVersion, "v1")
	resp, err := e.hooks.client.Do(req)
	if err != nil {
		return
	}
	_ = resp.Body.Close()
}

// validTarget reports whether a webhook target URL is absolute http(s).
func validTarget(u string) bool {
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}
