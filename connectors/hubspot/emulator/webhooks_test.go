package emulator

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/hubspot/webhook"
)

// receiver records webhook deliveries and checks their signatures with
// the shared package, against the emulator's clock.
type receiver struct {
	mu     sync.Mutex
	events []webhook.Event
	errs   []error
	calls  int
	srv    *httptest.Server
}

func newReceiver(t *testing.T, now func() time.Time) *receiver {
	rc := &receiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		uri := "http://" + r.Host + r.URL.RequestURI()
		err := webhook.VerifyV3(DefaultClientSecret, r.Method, uri, body, r.Header.Get(webhook.HeaderTimestamp),
			r.Header.Get(webhook.HeaderSignatureV3), now())
		if err == nil && r.Header.Get(webhook.HeaderSignature) != webhook.SignV1(DefaultClientSecret, body) {
			err = webhook.ErrSignatureMismatch
		}
		events, perr := webhook.ParseEvents(body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.calls++
		if err != nil || perr != nil {
			rc.errs = append(rc.errs, err, perr)
		}
		rc.events = append(rc.events, events...)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) snapshot() ([]webhook.Event, []error, int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]webhook.Event(nil), rc.events...), append([]error(nil), rc.errs...), rc.calls
}

func hookAPI(f *fixture, method, path, key string, body any) (*http.Response, any) {
	return f.doToken("", method, "/webhooks/v3/1000001"+path+"?hapikey="+key, body)
}

func TestWebhookDeliveries(t *testing.T) {
	f := newFixture(t, Options{})
	rc := newReceiver(t, f.clock.Now)
	if resp, _ := hookAPI(f, "PUT", "/settings", DefaultDeveloperAPIKey, map[string]any{"targetUrl": rc.srv.URL + "/hooks?source=hubspot"}); resp.StatusCode != 200 {
		t.Fatalf("settings: %d", resp.StatusCode)
	}
	for _, sub := range []map[string]any{
		{"eventType": "contact.creation"},
		{"eventType": "contact.propertyChange", "propertyName": "email"},
		{"eventType": "contact.associationChange"},
		{"eventType": "deal.deletion"},
	} {
		if resp, body := hookAPI(f, "POST", "/subscriptions", DefaultDeveloperAPIKey, sub); resp.StatusCode != 201 {
			t.Fatalf("subscribe %v: %d %v", sub, resp.StatusCode, body)
		}
	}
	c := f.must(201, "POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"email": "hook@example.com", "firstname": "Hook"}})
	f.must(200, "PATCH", "/crm/v3/objects/contacts/"+str(c["id"]), map[string]any{"properties": map[string]any{"firstname": "Not subscribed"}})
	f.must(200, "PUT", "/crm/v4/objects/contacts/"+str(c["id"])+"/associations/default/companies/101", nil)
	f.must(204, "DELETE", "/crm/v3/objects/deals/402", nil)
	f.e.hooks.wait()

	events, errs, calls := rc.snapshot()
	if len(errs) > 0 {
		t.Fatalf("signature or payload errors: %v", errs)
	}
	if calls != 3 {
		t.Errorf("%d deliveries, want one per request that produced subscribed events (3)", calls)
	}
	var kinds []string
	for _, ev := range events {
		kinds = append(kinds, ev.SubscriptionType+":"+ev.PropertyName)
		if ev.PortalID != 146012345 || ev.AppID != 1000001 || ev.OccurredAt != testStart.UnixMilli() || ev.EventID == 0 {
			t.Errorf("event envelope %+v", ev)
		}
	}
	want := "contact.creation:,contact.propertyChange:email,contact.associationChange:,deal.deletion:"
	if strings.Join(kinds, ",") != want {
		t.Errorf("events %s, want %s", strings.Join(kinds, ","), want)
	}
	if events[1].PropertyValue != "hook@example.com" || events[2].AssociationType != "CONTACT_TO_COMPANY" ||
		events[2].ToObjectID != 101 || events[3].ObjectID != 402 {
		t.Errorf("event details %+v", events)
	}
}

func TestWebhooksAPI(t *testing.T) {
	f := newFixture(t, Options{})
	if resp, body := hookAPI(f, "GET", "/settings", "wrong-key", nil); resp.StatusCode != 401 {
		t.Errorf("wrong developer key: %d %v", resp.StatusCode, body)
	}
	if resp, _ := hookAPI(f, "GET", "/settings", DefaultDeveloperAPIKey, nil); resp.StatusCode != 404 {
		t.Errorf("settings before any: %d", resp.StatusCode)
	}
	if resp, _ := hookAPI(f, "PUT", "/settings", DefaultDeveloperAPIKey, map[string]any{"targetUrl": "ftp://x"}); resp.StatusCode != 400 {
		t.Errorf("bad target: %d", resp.StatusCode)
	}
	bad := []map[string]any{
		{"eventType": "contact.teleport"},
		{"eventType": "contact.propertyChange"},
		{"eventType": "deal.propertyChange", "propertyName": "shoe_size"},
		{"eventType": "product.associationChange"},
	}
	for _, sub := range bad {
		if resp, _ := hookAPI(f, "POST", "/subscriptions", DefaultDeveloperAPIKey, sub); resp.StatusCode != 400 {
			t.Errorf("subscription %v: %d", sub, resp.StatusCode)
		}
	}
	_, s := hookAPI(f, "POST", "/subscriptions", DefaultDeveloperAPIKey, map[string]any{"eventType": "deal.creation"})
	id := str(obj(s)["id"])
	_, p := hookAPI(f, "PATCH", "/subscriptions/"+id, DefaultDeveloperAPIKey, map[string]any{"active": false})
	if obj(p)["active"] != false {
		t.Errorf("patched %v", p)
	}
	_, l := hookAPI(f, "GET", "/subscriptions", DefaultDeveloperAPIKey, nil)
	if len(list(l, "results")) != 1 {
		t.Errorf("subscriptions %v", l)
	}
	if resp, _ := hookAPI(f, "DELETE", "/subscriptions/"+id, DefaultDeveloperAPIKey, nil); resp.StatusCode != 204 {
		t.Errorf("delete: %d", resp.StatusCode)
	}
	if resp, _ := f.doToken("", "GET", "/webhooks/v3/42/settings?hapikey="+DefaultDeveloperAPIKey, nil); resp.StatusCode != 404 {
		t.Errorf("unknown app: %d", resp.StatusCode)
	}
}

// Seeded subscriptions deliver, in batches of at most 100 events.
func TestWebhookBatchesOf100(t *testing.T) {
	clock := func() time.Time { return testStart }
	rc := newReceiver(t, clock)
	seed := `{"webhooks": [{"appId": 1000001, "targetUrl": "` + rc.srv.URL + `", "subscriptions": [{"eventType": "contact.creation"}]}]}`
	f := newFixture(t, Options{Seed: strings.NewReader(seed), Now: clock})
	var inputs []any
	for i := 0; i < 100; i++ {
		inputs = append(inputs, map[string]any{"properties": map[string]any{"firstname": "x"}})
	}
	f.must(201, "POST", "/crm/v3/objects/contacts/batch/create", map[string]any{"inputs": inputs})
	f.must(201, "POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"firstname": "y"}})
	f.e.hooks.wait()
	events, errs, calls := rc.snapshot()
	if len(errs) > 0 || len(events) != 101 || calls != 2 {
		t.Errorf("%d events in %d calls, errors %v", len(events), calls, errs)
	}
}
