package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	hswebhook "github.com/pipeline-dev/pipeline/connectors/hubspot/webhook"
)

// Pipelines is what the receiver starts runs through.
type Pipelines interface {
	// Subscribed returns the pipelines with a trigger block for system
	// whose events include event (or that list no events).
	Subscribed(system, event string) []string
	Trigger(ctx context.Context, pipeline, reason string) error
}

// Config configures the receiver. A system without a secret has no
// webhook endpoint: its deliveries get 404.
type Config struct {
	// HubSpotSecret is the app's client secret, which signs deliveries.
	HubSpotSecret string
	// ExactSecret is the webhook secret of the Exact Online app.
	ExactSecret string
	// PublicURL is the server's address as the systems call it
	// (https://pipes.example.com); HubSpot signs the full URL, so behind
	// a proxy it must be set. Empty: taken from the request.
	PublicURL string
	Now       func() time.Time
	Log       *slog.Logger
}

// maxBody bounds a delivery (HubSpot sends at most 100 events).
const maxBody = 1 << 20

// Handler returns the receiver, serving POST /webhooks/hubspot and POST
// /webhooks/exactonline.
func Handler(p Pipelines, cfg Config) http.Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	r := &receiver{p: p, cfg: cfg}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhooks/hubspot", r.hubspot)
	mux.HandleFunc("POST /webhooks/exactonline", r.exact)
	return mux
}

type receiver struct {
	p   Pipelines
	cfg Config
}

func (rc *receiver) hubspot(w http.ResponseWriter, r *http.Request) {
	body, ok := delivery(w, r, rc.cfg.HubSpotSecret, "HubSpot", "PIPELINE_HUBSPOT_WEBHOOK_SECRET")
	if !ok {
		return
	}
	err := hswebhook.VerifyV3(rc.cfg.HubSpotSecret, r.Method, rc.fullURL(r), body,
		r.Header.Get(hswebhook.HeaderTimestamp), r.Header.Get(hswebhook.HeaderSignatureV3), rc.cfg.Now())
	if err != nil {
		rc.reject(w, "hubspot", err)
		return
	}
	events, err := hswebhook.ParseEvents(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	kinds := make([]string, 0, len(events))
	for _, e := range events {
		kinds = append(kinds, e.SubscriptionType)
	}
	started := rc.start(r.Context(), "hubspot", kinds)
	writeJSON(w, map[string]any{"events": len(events), "started": started})
}

// exactDelivery is Exact Online's webhook body. Content is kept as the raw
// text it arrived as: the HashCode signs exactly those bytes.
type exactDelivery struct {
	Content  json.RawMessage
	HashCode string
}

type exactContent struct {
	Topic    string
	Action   string
	Key      string
	Division int
}

func (rc *receiver) exact(w http.ResponseWriter, r *http.Request) {
	body, ok := delivery(w, r, rc.cfg.ExactSecret, "Exact Online", "PIPELINE_EXACT_WEBHOOK_SECRET")
	if !ok {
		return
	}
	var d exactDelivery
	if err := json.Unmarshal(body, &d); err != nil || len(d.Content) == 0 {
		rc.reject(w, "exactonline", errors.New("not a {Content, HashCode} delivery"))
		return
	}
	if err := VerifyExact(rc.cfg.ExactSecret, d.Content, d.HashCode); err != nil {
		rc.reject(w, "exactonline", err)
		return
	}
	var c exactContent
	if err := json.Unmarshal(d.Content, &c); err != nil {
		http.Error(w, "Content is not an object", http.StatusBadRequest)
		return
	}
	started := rc.start(r.Context(), "exactonline", []string{c.Topic})
	writeJSON(w, map[string]any{"topic": c.Topic, "started": started})
}

// ErrExactSignature is returned for a HashCode that does not match.
var ErrExactSignature = errors.New("webhook: HashCode does not match the Content")

// VerifyExact checks an Exact Online delivery: hashCode must be the hex
// HMAC-SHA256 of the raw content under secret (Exact sends it upper-case;
// case is ignored). The comparison takes constant time.
func VerifyExact(secret string, content []byte, hashCode string) error {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(content)
	want := strings.ToUpper(hex.EncodeToString(m.Sum(nil)))
	if !hmac.Equal([]byte(want), []byte(strings.ToUpper(strings.TrimSpace(hashCode)))) {
		return ErrExactSignature
	}
	return nil
}

// start triggers every pipeline subscribed to one of the events, once.
func (rc *receiver) start(ctx context.Context, system string, events []string) []string {
	var started []string
	for _, ev := range events {
		for _, name := range rc.p.Subscribed(system, ev) {
			if slices.Contains(started, name) {
				continue
			}
			if err := rc.p.Trigger(ctx, name, "webhook "+system); err != nil {
				rc.cfg.Log.Warn("webhook run not started", "system", system, "pipeline", name, "error", err)
				continue
			}
			started = append(started, name)
		}
	}
	if started == nil {
		started = []string{}
	}
	return started
}

// reject answers 401. The reason is logged, not sent: a caller probing
// signatures learns nothing from the answer.
func (rc *receiver) reject(w http.ResponseWriter, system string, err error) {
	rc.cfg.Log.Warn("webhook delivery refused", "system", system, "reason", err)
	http.Error(w, "signature missing, stale or wrong", http.StatusUnauthorized)
}

// fullURL is the URL the system called, as it signed it.
func (rc *receiver) fullURL(r *http.Request) string {
	if rc.cfg.PublicURL != "" {
		return strings.TrimRight(rc.cfg.PublicURL, "/") + r.URL.RequestURI()
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.RequestURI()
}

// delivery reads a delivery's body when the system's secret is set; a
// system without one has no endpoint (404).
func delivery(w http.ResponseWriter, r *http.Request, secret, system, env string) ([]byte, bool) {
	if secret == "" {
		http.Error(w, system+" webhooks are not configured ("+env+")", http.StatusNotFound)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		http.Error(w, "body too large or unreadable", http.StatusRequestEntityTooLarge)
		return nil, false
	}
	return body, true
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
