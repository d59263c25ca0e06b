package api

import (
	"encoding/json"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/server/alert"
	"github.com/pipeline-dev/pipeline/server/catalog"
)

// The types below are what the API answers, field for field. They are
// separate from the state, catalog and alert structs on purpose: those
// change with the store and the engine, and encoding them directly once
// leaked Go field names (ID, StartedAt), base64 payloads and durations in
// nanoseconds into the API. Every key is snake_case, every time RFC 3339
// with its zone, every duration a duration_ms number.

// Run is one run of a pipeline.
type Run struct {
	ID        int64     `json:"id"`
	Pipeline  string    `json:"pipeline"`
	StartedAt time.Time `json:"started_at"`
	// EndedAt is null while the run goes on.
	EndedAt  *time.Time `json:"ended_at"`
	Status   string     `json:"status"`
	Read     int        `json:"read"`
	Written  int        `json:"written"`
	Skipped  int        `json:"skipped"`
	Rejected int        `json:"rejected"`
	Error    string     `json:"error,omitempty"`
}

// Activity is what happened to one record in one run.
type Activity struct {
	ID        int64     `json:"id"`
	RunID     int64     `json:"run_id"`
	Pipeline  string    `json:"pipeline"`
	At        time.Time `json:"at"`
	System    string    `json:"system"`
	Entity    string    `json:"entity"`
	SourceKey string    `json:"source_key"`
	Origin    string    `json:"origin,omitempty"`
	Decision  string    `json:"decision"`
	TargetID  string    `json:"target_id,omitempty"`
	Status    int       `json:"status,omitempty"`
	// Payload (what was sent) and Source (the record as read) are the
	// masked JSON itself; null when there is none.
	Payload json.RawMessage `json:"payload"`
	Source  json.RawMessage `json:"source"`
	Error   string          `json:"error,omitempty"`
	// DurationMS is how long the write took, in milliseconds (fractions
	// kept: an emulator answers in well under one).
	DurationMS float64 `json:"duration_ms"`
}

// SetAside is a record waiting for a retry.
type SetAside struct {
	ID        int64           `json:"id"`
	Pipeline  string          `json:"pipeline"`
	RunID     int64           `json:"run_id"`
	Origin    string          `json:"origin,omitempty"`
	SourceKey string          `json:"source_key"`
	Stage     string          `json:"stage"`
	Field     string          `json:"field,omitempty"`
	Reason    string          `json:"reason"`
	Record    json.RawMessage `json:"record"`
	At        time.Time       `json:"at"`
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
	Sent       []string  `json:"sent,omitempty"`
	Errors     []string  `json:"errors,omitempty"`
}

// Diagnostic is one problem of a pipeline file, at file:line:column.
type Diagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail,omitempty"`
}

// FileStatus is the outcome of the last load of one pipeline file.
type FileStatus struct {
	File        string       `json:"file"`
	Valid       bool         `json:"valid"`
	CheckedAt   time.Time    `json:"checked_at"`
	Pipelines   []string     `json:"pipelines"`
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	Stale       bool         `json:"stale,omitempty"`
}

// NewRun is r as the API shows it.
func NewRun(r state.Run) Run {
	out := Run{ID: r.ID, Pipeline: r.Pipeline, StartedAt: r.StartedAt, Status: r.Status,
		Read: r.Read, Written: r.Written, Skipped: r.Skipped, Rejected: r.Rejected, Error: r.Error}
	if !r.EndedAt.IsZero() {
		end := r.EndedAt
		out.EndedAt = &end
	}
	return out
}

func newActivity(a state.Activity) Activity {
	return Activity{ID: a.ID, RunID: a.RunID, Pipeline: a.Pipeline, At: a.At, System: a.System,
		Entity: a.Entity, SourceKey: a.SourceKey, Origin: a.Origin, Decision: a.Decision,
		TargetID: a.TargetID, Status: a.Status, Payload: rawJSON(a.Payload), Source: rawJSON(a.Source),
		Error: a.Error, DurationMS: float64(a.Duration.Microseconds()) / 1000}
}

func newSetAside(s state.SetAside) SetAside {
	return SetAside{ID: s.ID, Pipeline: s.Pipeline, RunID: s.RunID, Origin: s.Origin, SourceKey: s.SourceKey,
		Stage: s.Stage, Field: s.Field, Reason: s.Reason, Record: rawJSON(s.Record), At: s.At}
}

func newAlert(a alert.Alert) Alert {
	return Alert{ID: a.ID, Pipeline: a.Pipeline, Kind: a.Kind, RunID: a.RunID, Status: a.Status,
		Rejected: a.Rejected, FirstError: a.FirstError, Link: a.Link, Text: a.Text, At: a.At,
		Sent: a.Sent, Errors: a.Errors}
}

// NewDiagnostics are ds as the API shows them (nil for none).
func NewDiagnostics(ds []catalog.Diagnostic) []Diagnostic {
	if len(ds) == 0 {
		return nil
	}
	out := make([]Diagnostic, len(ds))
	for i, d := range ds {
		out[i] = Diagnostic{File: d.File, Line: d.Line, Column: d.Column, Severity: d.Severity,
			Summary: d.Summary, Detail: d.Detail}
	}
	return out
}

func newFileStatus(f catalog.FileStatus) FileStatus {
	return FileStatus{File: f.File, Valid: f.Valid, CheckedAt: f.CheckedAt, Pipelines: nonNil(f.Pipelines),
		Diagnostics: NewDiagnostics(f.Diagnostics), Stale: f.Stale}
}

// convert maps each element of in with f, never answering null for a list.
func convert[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// rawJSON is a stored payload as JSON: itself when it is JSON, a JSON
// string otherwise, null when empty.
func rawJSON(b []byte) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	if json.Valid(b) {
		return b
	}
	q, _ := json.Marshal(string(b))
	return q
}
