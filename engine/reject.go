package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/expr-lang/expr/file"

	"github.com/pipeline-dev/pipeline/schemas"
)

// Stages a record can be set aside in.
const (
	StageRead           = "read"
	StageValidateSource = "validate-source"
	StageFilter         = "filter"
	StageMap            = "map"
	StageValidateTarget = "validate-target"
	StageWrite          = "write"
)

// Reject is a record set aside: where it came from, the stage and field
// that failed, why, and the record itself so it can be fixed and retried.
type Reject struct {
	Origin string `json:"origin"`
	Stage  string `json:"stage"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
	// At is the file:line:col of the expression that failed, when one did.
	At string `json:"at,omitempty"`
	// Record is the source record as JSON, or as a JSON string holding its
	// text when it was not valid JSON.
	Record json.RawMessage `json:"record,omitempty"`
}

func (r *Reject) String() string {
	var b strings.Builder
	b.WriteString(r.Origin)
	b.WriteString(": ")
	b.WriteString(r.Stage)
	if r.Field != "" {
		b.WriteString(" ")
		b.WriteString(r.Field)
	}
	if r.At != "" {
		b.WriteString(" (" + r.At + ")")
	}
	b.WriteString(": ")
	b.WriteString(r.Reason)
	return b.String()
}

// RejectSink receives the records a run sets aside.
type RejectSink interface {
	Reject(ctx context.Context, r Reject) error
}

// RejectFunc adapts a function to RejectSink.
type RejectFunc func(ctx context.Context, r Reject) error

// Reject calls f.
func (f RejectFunc) Reject(ctx context.Context, r Reject) error { return f(ctx, r) }

func newReject(origin, stage string, raw []byte) *Reject {
	rj := &Reject{Origin: origin, Stage: stage}
	if json.Valid(raw) {
		rj.Record = append(json.RawMessage(nil), raw...)
	} else {
		s, _ := json.Marshal(string(raw))
		rj.Record = s
	}
	return rj
}

// invalidJSON explains why raw is not JSON, with the column of the problem.
func invalidJSON(raw []byte) string {
	var v any
	err := json.Unmarshal(raw, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at column %d: %s", se.Offset, se.Error())
	}
	if err != nil {
		return "invalid JSON: " + err.Error()
	}
	return "invalid JSON"
}

// violationReject describes schema violations: the first names the field.
func violationReject(rj *Reject, schemaRef string, vs []schemas.Violation) *Reject {
	rj.Field = pointerToPath(vs[0].Pointer)
	msgs := make([]string, 0, len(vs))
	for _, v := range vs {
		m := v.Message
		if p := pointerToPath(v.Pointer); p != "" {
			m = p + ": " + m
		}
		msgs = append(msgs, m)
	}
	rj.Reason = fmt.Sprintf("does not match %s: %s", schemaRef, strings.Join(msgs, "; "))
	return rj
}

// pointerToPath turns a JSON pointer (/SalesOrderLines/0/Item) into the
// dotted path used everywhere else (SalesOrderLines.0.Item).
func pointerToPath(p string) string {
	p = strings.TrimPrefix(p, "/")
	p = strings.ReplaceAll(p, "/", ".")
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(p)
}

// fieldReject describes a failed expression, pointing at the exact place
// in the pipeline file when the expression language says where it failed.
func fieldReject(rj *Reject, fe *fieldError) *Reject {
	rj.Stage = fe.stage
	rj.Field = fe.field
	rj.Reason = fe.err.Error()
	if fe.prog != nil {
		rng := fe.prog.expr.Range
		var ferr *file.Error
		if errors.As(fe.err, &ferr) {
			rj.Reason = ferr.Message
			rng = fe.prog.expr.RangeOf(ferr.From, ferr.To)
		}
		rj.At = fmt.Sprintf("%s:%d:%d", rng.Filename, rng.Start.Line, rng.Start.Column)
	}
	var ue *UnmappedError
	if errors.As(fe.err, &ue) {
		rj.Reason = ue.Error()
	}
	return rj
}
