package asperion

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors"
)

// Asperion's JSON (as assumed) already has the schema's shape: camelCase
// members, RFC 3339 UTC timestamps, "YYYY-MM-DD" dates, lines as a plain
// array. So normalising a record is compacting it and naming it; should
// the real API differ (a wrapper, other member names), this file is where
// the translation goes, the table in api.go names the members.

// record turns one record as Asperion sent it into a connectors.Record
// with its key and origin ("asperion/debtor/17").
func record(e *entity, raw []byte) (connectors.Record, error) {
	var out bytes.Buffer
	if err := json.Compact(&out, raw); err != nil || out.Len() == 0 || out.Bytes()[0] != '{' {
		return connectors.Record{Raw: raw, Origin: e.ref()}, fmt.Errorf("%s: Asperion sent a record that is not a JSON object", e.ref())
	}
	key := scalarField(out.Bytes(), e.Key)
	if key == "" {
		return connectors.Record{Raw: out.Bytes(), Origin: e.ref()}, fmt.Errorf("%s: record has no %s", e.ref(), e.Key)
	}
	return connectors.Record{Raw: out.Bytes(), Origin: e.ref() + "/" + key, Key: key}, nil
}

// scalarField reads a top-level string or number member as text; "" when
// it is absent, null or of another type.
func scalarField(rec []byte, name string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(rec, &m) != nil {
		return ""
	}
	return scalarText(m[name])
}

func scalarText(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return ""
	}
	switch c := v[0]; {
	case c == '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	case c == '-' || (c >= '0' && c <= '9'):
		return string(v)
	}
	return ""
}

// sameValue compares a member with a lookup key the way Asperion's
// filters are assumed to: text ignoring case, numbers by value.
func sameValue(v json.RawMessage, want string) bool {
	got := scalarText(v)
	if got == "" {
		return false
	}
	var a, b json.Number = json.Number(got), json.Number(strings.TrimSpace(want))
	if fa, err := a.Float64(); err == nil && bytes.TrimSpace(v)[0] != '"' {
		fb, err := b.Float64()
		return err == nil && fa == fb
	}
	return strings.EqualFold(got, want)
}

// outgoing is rec as it is sent: without the members Asperion owns (ids,
// numbers, totals, stamps, currentStock), at the top and in each line, so
// that a record read back can be written again and a strict server does
// not refuse it.
func outgoing(e *entity, raw []byte) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("the record is not a JSON object: %w", err)
	}
	for _, f := range e.ReadOnly {
		delete(m, f)
	}
	if lines, ok := m[e.Lines]; ok && e.Lines != "" && len(e.LineReadOnly) > 0 {
		var ls []map[string]json.RawMessage
		if json.Unmarshal(lines, &ls) == nil {
			for _, l := range ls {
				for _, f := range e.LineReadOnly {
					delete(l, f)
				}
			}
			b, err := json.Marshal(ls)
			if err != nil {
				return nil, err
			}
			m[e.Lines] = b
		}
	}
	return json.Marshal(m)
}
