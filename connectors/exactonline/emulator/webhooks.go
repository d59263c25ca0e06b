package emulator

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"
)

// hookEvent is one change a webhook subscription may hear about.
type hookEvent struct {
	Topic, Action, Key string
	Division           int
	Endpoint           string
	At                 time.Time
}

// webhookSender posts notifications in the background.
type webhookSender struct {
	client *http.Client
	secret string
	wg     sync.WaitGroup
}

func newWebhookSender(c *http.Client, secret string) *webhookSender {
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	return &webhookSender{client: c, secret: secret}
}

func (s *webhookSender) wait() { s.wg.Wait() }

// hookContent is the Content object of Exact's webhook payload; its JSON
// text is what HashCode signs.
type hookContent struct {
	Topic               string
	ClientId            string // Exact spells it so
	Division            int
	Action              string
	Key                 string
	ExactOnlineEndpoint string
	EventCreatedOn      string
}

// deliver posts events to the subscriptions of division whose topic
// matches, in order, from one goroutine per request.
func (e *Emulator) deliver(division int, client string, events []hookEvent) {
	type target struct{ url, clientID string }
	subs := map[string][]target{}
	e.mu.Lock()
	if d, ok := e.divs[division]; ok {
		for _, rec := range d.table("WebhookSubscriptions").all() {
			subs[str(rec.F["Topic"])] = append(subs[str(rec.F["Topic"])],
				target{str(rec.F["CallbackURL"]), str(rec.F["ClientID"])})
		}
	}
	e.mu.Unlock()
	if len(subs) == 0 {
		return
	}
	e.hooks.wg.Add(1)
	go func() {
		defer e.hooks.wg.Done()
		for _, ev := range events {
			for _, t := range subs[ev.Topic] {
				c := hookContent{Topic: ev.Topic, ClientId: t.clientID, Division: ev.Division, Action: ev.Action,
					Key: ev.Key, ExactOnlineEndpoint: ev.Endpoint, EventCreatedOn: ev.At.Format("2006-01-02T15:04:05.000Z")}
				if c.ClientId == "" {
					c.ClientId = client
				}
				e.hooks.post(t.url, c)
			}
		}
	}()
}

// post sends one signed payload; failures are dropped (Exact retries, the
// emulator does not).
func (s *webhookSender) post(url string, c hookContent) {
	content, err := json.Marshal(c)
	if err != nil {
		return
	}
	body := `{"Content":` + string(content) + `,"HashCode":"` + Sign(s.secret, content) + `"}`
	resp, err := s.client.Post(url, "application/json", bytes.NewBufferString(body))
	if err != nil {
		return
	}
	_ = resp.Body.Close()
}

// Sign returns the HashCode of a webhook payload: the upper-case hex
// HMAC-SHA256 of the Content JSON text under the webhook secret.
func Sign(secret string, content []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(content)
	return strings.ToUpper(hex.EncodeToString(m.Sum(nil)))
}
