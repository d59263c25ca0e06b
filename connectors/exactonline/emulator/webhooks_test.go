package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestWebhooks(t *testing.T) {
	got := make(chan []byte, 10)
	callback := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- b
	}))
	defer callback.Close()

	f := newFixture(t, Options{WebhookSecret: "s3cret"})
	f.mustDo(201, "POST", "webhooks/WebhookSubscriptions", map[string]any{"CallbackURL": callback.URL + "/hook", "Topic": "Accounts"})
	resp, body := f.do("POST", "webhooks/WebhookSubscriptions", map[string]any{"CallbackURL": callback.URL, "Topic": "Weather"})
	if resp.StatusCode != 400 || !strings.Contains(errMsg(body), "not a supported webhook topic") {
		t.Errorf("unknown topic: %d %v", resp.StatusCode, body)
	}
	acc := single(t, f.mustDo(201, "POST", "crm/Accounts", map[string]any{"Name": "Hooked BV"}))
	f.mustDo(201, "POST", "logistics/Items", map[string]any{"Code": "NOHOOK", "Description": "no subscription"})

	var raw []byte
	select {
	case raw = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("no webhook delivered")
	}
	var payload struct {
		Content  json.RawMessage
		HashCode string
	}
	if err := json.Unmarshal(raw, &payload); err != nil {
		t.Fatalf("payload %s: %v", raw, err)
	}
	mac := hmac.New(sha256.New, []byte("s3cret"))
	mac.Write(payload.Content)
	if want := strings.ToUpper(hex.EncodeToString(mac.Sum(nil))); payload.HashCode != want {
		t.Errorf("HashCode %s, want %s", payload.HashCode, want)
	}
	var content map[string]any
	json.Unmarshal(payload.Content, &content)
	if content["Topic"] != "Accounts" || content["Action"] != "Create" || content["Key"] != acc["ID"] ||
		content["Division"] != float64(testDivision) || content["ClientId"] != DefaultClientID ||
		!strings.HasSuffix(content["ExactOnlineEndpoint"].(string), "crm/Accounts(guid'"+acc["ID"].(string)+"')") {
		t.Errorf("content %v", content)
	}
	f.mustDo(204, "DELETE", "crm/Accounts(guid'"+acc["ID"].(string)+"')", nil)
	select {
	case raw = <-got:
		if !strings.Contains(string(raw), `"Action":"Delete"`) {
			t.Errorf("second delivery %s, want the delete", raw)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no webhook for the delete")
	}
	if err := f.e.Close(); err != nil { // waits for deliveries in flight
		t.Fatal(err)
	}
	select {
	case extra := <-got:
		t.Errorf("unexpected delivery (items have no subscription): %s", extra)
	default:
	}
}
