package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	hswebhook "github.com/pipeline-dev/pipeline/connectors/hubspot/webhook"
)

type fakePipelines struct {
	mu      sync.Mutex
	started []string
}

func (f *fakePipelines) Subscribed(system, event string) []string {
	switch {
	case system == "hubspot" && event == "deal.creation":
		return []string{"deals", "deals_audit"}
	case system == "hubspot" && event == "contact.creation":
		return []string{"deals"}
	case system == "exactonline" && event == "SalesOrders":
		return []string{"orders_back"}
	}
	return nil
}

func (f *fakePipelines) Trigger(_ context.Context, p, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.started = append(f.started, p+"/"+reason)
	return nil
}

func (f *fakePipelines) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.started
	f.started = nil
	return s
}

const hsSecret, exactSecret = "hs-client-secret-1234", "exact-webhook-secret-5678"

func TestHubSpotSignatures(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	fp := &fakePipelines{}
	h := Handler(fp, Config{HubSpotSecret: hsSecret, PublicURL: "https://pipes.example.com", Now: func() time.Time { return now }})
	body := `[{"eventId":1,"subscriptionType":"deal.creation","objectId":7},{"eventId":2,"subscriptionType":"contact.creation","objectId":8}]`
	send := func(body, ts, sig string) int {
		req := httptest.NewRequest("POST", "/webhooks/hubspot", strings.NewReader(body))
		req.Header.Set(hswebhook.HeaderTimestamp, ts)
		req.Header.Set(hswebhook.HeaderSignatureV3, sig)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if strings.Contains(rec.Body.String(), hsSecret) {
			t.Fatal("the answer shows the secret")
		}
		return rec.Code
	}
	url := "https://pipes.example.com/webhooks/hubspot"
	ts := hswebhook.Timestamp(now.Add(-time.Minute))
	if code := send(body, ts, hswebhook.SignV3(hsSecret, "POST", url, []byte(body), ts)); code != 200 {
		t.Fatalf("genuine delivery: %d", code)
	}
	if got := fp.take(); strings.Join(got, ",") != "deals/webhook hubspot,deals_audit/webhook hubspot" {
		t.Fatalf("started %v; want each subscribed pipeline once", got)
	}
	tampered := strings.Replace(body, `"objectId":7`, `"objectId":9`, 1)
	stale := hswebhook.Timestamp(now.Add(-10 * time.Minute))
	for name, c := range map[string][3]string{
		"tampered body":   {tampered, ts, hswebhook.SignV3(hsSecret, "POST", url, []byte(body), ts)},
		"stale timestamp": {body, stale, hswebhook.SignV3(hsSecret, "POST", url, []byte(body), stale)},
		"wrong secret":    {body, ts, hswebhook.SignV3("guess", "POST", url, []byte(body), ts)},
		"other URL":       {body, ts, hswebhook.SignV3(hsSecret, "POST", "https://evil.example.com/webhooks/hubspot", []byte(body), ts)},
		"no signature":    {body, ts, ""},
	} {
		if code := send(c[0], c[1], c[2]); code != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", name, code)
		}
	}
	if got := fp.take(); len(got) != 0 {
		t.Fatalf("refused deliveries started %v", got)
	}
}

func TestExactSignatures(t *testing.T) {
	fp := &fakePipelines{}
	h := Handler(fp, Config{ExactSecret: exactSecret})
	content := `{"Topic":"SalesOrders","ClientId":"abc","Division":1,"Action":"Create","Key":"5f0e","ExactOnlineEndpoint":"https://x/api","EventCreatedOn":"2026-05-01T12:00:00.000Z"}`
	post := func(body string) int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/webhooks/exactonline", strings.NewReader(body)))
		return rec.Code
	}
	// The emulator's signer is the reference for Exact's scheme.
	good := `{"Content":` + content + `,"HashCode":"` + exactemu.Sign(exactSecret, []byte(content)) + `"}`
	if code := post(good); code != 200 {
		t.Fatalf("genuine delivery: %d", code)
	}
	if got := fp.take(); len(got) != 1 || got[0] != "orders_back/webhook exactonline" {
		t.Fatalf("started %v", got)
	}
	tampered := strings.Replace(good, `"Key":"5f0e"`, `"Key":"6f0e"`, 1)
	wrong := `{"Content":` + content + `,"HashCode":"` + exactemu.Sign("guess", []byte(content)) + `"}`
	for name, body := range map[string]string{"tampered": tampered, "wrong secret": wrong, "no hash": `{"Content":` + content + `}`, "not JSON": "hello"} {
		if code := post(body); code != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", name, code)
		}
	}
	if got := fp.take(); len(got) != 0 {
		t.Fatalf("refused deliveries started %v", got)
	}
	// HubSpot is not configured here: its route does not exist.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/webhooks/hubspot", strings.NewReader("[]")))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("unconfigured HubSpot: %d", rec.Code)
	}
}
