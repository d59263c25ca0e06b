package alert

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Kinds of alert.
const (
	KindFailure  = "failure"
	KindRecovery = "recovery"
)

// RunResult is what the alerter needs to know of an ended run.
type RunResult struct {
	Pipeline   string
	RunID      int64
	Status     string // runpipeline status words
	Rejected   int
	FirstError string // the run's error, else the first reject's reason
	At         time.Time
	// PreviousBad, when known, says whether the pipeline's previous run
	// (in the shared state, so across restarts and cluster nodes) was
	// bad; nil falls back to what this process saw.
	PreviousBad *bool
}

// Bad reports whether the run failed or set records aside. An interrupted
// run (shutdown) is neither bad nor good: it says nothing of the pipeline.
func (r RunResult) Bad() bool {
	return r.Status == "failed" || r.Status == "too many rejects" || r.Rejected > 0
}

// Alert is one alert sent (or attempted).
type Alert struct {
	ID         int64     `json:"id"`
	Pipeline   string    `json:"pipeline"`
	Kind       string    `json:"kind"`
	RunID      int64     `json:"run_id,omitempty"`
	Status     string    `json:"status"`
	Rejected   int       `json:"rejected,omitempty"`
	FirstError string    `json:"first_error,omitempty"`
	Link       string    `json:"link,omitempty"`
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
	// Sent lists the channels that took it ("webhook", "email"); Errors
	// those that failed, with why.
	Sent   []string `json:"sent,omitempty"`
	Errors []string `json:"errors,omitempty"`
}

// Sender delivers an alert on one channel.
type Sender interface {
	Name() string
	Send(ctx context.Context, a Alert) error
}

// Config configures an Alerter.
type Config struct {
	Senders []Sender
	// RunLink makes the link to a run from its id (the dashboard's page);
	// nil leaves links out.
	RunLink func(pipeline string, runID int64) string
	Log     *slog.Logger
	// Keep is how many recent alerts are kept for the API (default 200).
	Keep int
}

// Alerter tracks failure streaks per pipeline. Safe for concurrent use.
type Alerter struct {
	cfg Config

	mu      sync.Mutex
	failing map[string]bool
	recent  []Alert
	nextID  int64
}

// New makes an Alerter.
func New(cfg Config) *Alerter {
	if cfg.Keep <= 0 {
		cfg.Keep = 200
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Alerter{cfg: cfg, failing: map[string]bool{}}
}

// RunEnded looks at a finished run and sends an alert when it starts a
// failure streak or ends one. It returns the alert, nil when none was due.
func (a *Alerter) RunEnded(ctx context.Context, r RunResult) *Alert {
	if r.Status == "interrupted" {
		return nil
	}
	a.mu.Lock()
	was := a.failing[r.Pipeline]
	if r.PreviousBad != nil {
		was = *r.PreviousBad
	}
	bad := r.Bad()
	if bad == was {
		a.mu.Unlock()
		return nil
	}
	a.failing[r.Pipeline] = bad
	a.nextID++
	al := Alert{ID: a.nextID, Pipeline: r.Pipeline, RunID: r.RunID, Status: r.Status, Rejected: r.Rejected,
		FirstError: r.FirstError, At: r.At, Kind: KindRecovery}
	if bad {
		al.Kind = KindFailure
	}
	a.mu.Unlock()
	if a.cfg.RunLink != nil && r.RunID != 0 {
		al.Link = a.cfg.RunLink(r.Pipeline, r.RunID)
	}
	al.Text = text(al)
	for _, s := range a.cfg.Senders {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
		err := s.Send(sctx, al)
		cancel()
		if err != nil {
			al.Errors = append(al.Errors, s.Name()+": "+err.Error())
			a.cfg.Log.Warn("alert not delivered", "channel", s.Name(), "pipeline", r.Pipeline, "error", err)
			continue
		}
		al.Sent = append(al.Sent, s.Name())
	}
	a.mu.Lock()
	a.recent = append(a.recent, al)
	if len(a.recent) > a.cfg.Keep {
		a.recent = a.recent[len(a.recent)-a.cfg.Keep:]
	}
	a.mu.Unlock()
	return &al
}

// Recent returns the kept alerts, newest first, of pipeline ("" = all).
func (a *Alerter) Recent(pipeline string) []Alert {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []Alert
	for i := len(a.recent) - 1; i >= 0; i-- {
		if pipeline == "" || a.recent[i].Pipeline == pipeline {
			out = append(out, a.recent[i])
		}
	}
	return out
}

func text(a Alert) string {
	var b strings.Builder
	if a.Kind == KindRecovery {
		fmt.Fprintf(&b, "Pipeline %s recovered: run %d ended %s.", a.Pipeline, a.RunID, a.Status)
	} else {
		fmt.Fprintf(&b, "Pipeline %s: run %d ended %s", a.Pipeline, a.RunID, a.Status)
		if a.Rejected > 0 {
			fmt.Fprintf(&b, ", %d record(s) set aside", a.Rejected)
		}
		b.WriteString(".")
		if a.FirstError != "" {
			fmt.Fprintf(&b, "\nFirst error: %s", a.FirstError)
		}
		b.WriteString("\nNo further alert until the pipeline recovers.")
	}
	if a.Link != "" {
		fmt.Fprintf(&b, "\n%s", a.Link)
	}
	return b.String()
}

// client is the HTTP client of webhook senders: bounded, no redirects (a
// redirect could carry the alert to another host).
var client = &http.Client{Timeout: 10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
