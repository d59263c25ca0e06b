package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// decodeBody reads one JSON object, keeping numbers exact.
func decodeBody(r io.Reader) (map[string]any, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var in map[string]any
	if err := dec.Decode(&in); err != nil {
		return nil, badRequest("Error processing request stream. The request body is not a JSON object: %v", err)
	}
	if dec.More() {
		return nil, badRequest("Error processing request stream. Unexpected data after the JSON object.")
	}
	return in, nil
}

// decodeFields turns a request object into a row of s. Unknown properties
// are rejected (OData does); read-only properties are dropped, as Exact
// silently ignores them, unless Options.RejectReadOnly asks for an error.
// The nested line collection, if s has one, is returned separately. where
// prefixes messages for nested lines ("SalesOrderLines[2].").
func (tx *txn) decodeFields(s *entitySpec, in map[string]any, where string) (row, []map[string]any, error) {
	rec := row{}
	var lines []map[string]any
	for name, v := range in {
		if name == "__metadata" {
			continue
		}
		f, ok := s.def.field(name)
		if !ok {
			return nil, nil, badRequest("Error processing request stream. The property name '%s%s' specified for type '%s' is not valid.", where, name, s.Type)
		}
		if f.Type == edmNav {
			if name != s.Lines {
				return nil, nil, badRequest("%s%s: this collection cannot be written through %s", where, name, s.Path)
			}
			ls, err := lineObjects(v)
			if err != nil {
				return nil, nil, badRequest("%s%s: %v", where, name, err)
			}
			lines = ls
			continue
		}
		if f.readOnly() && !tx.seeding && name != s.key {
			if tx.e.opts.RejectReadOnly {
				return nil, nil, badRequest("%s%s: the property is read-only", where, name)
			}
			continue
		}
		nv, err := normalizeInput(f, v)
		if err != nil {
			return nil, nil, badRequest("%s%v", where, err)
		}
		rec[name] = nv
	}
	return rec, lines, nil
}

// lineObjects accepts a line collection as a JSON array or as OData's
// {"results": [...]}.
func lineObjects(v any) ([]map[string]any, error) {
	if m, ok := v.(map[string]any); ok {
		v = m["results"]
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("expected an array of lines, got %s", describe(v))
	}
	out := make([]map[string]any, len(arr))
	for i, x := range arr {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("line %d is %s, not an object", i+1, describe(x))
		}
		out[i] = m
	}
	return out, nil
}

// prepare fills server-assigned fields of rec and validates it: derived
// fields, references, mandatory fields and uniqueness, in that order, so
// that a derivable field (a line's GL account from its item) is not
// reported missing.
func (tx *txn) prepare(s *entitySpec, id string, rec, old, parent row, where string) error {
	tx.stamp(s, rec, old == nil)
	if old == nil {
		tx.assignSeq(s, rec)
	}
	if s.derive != nil {
		if err := s.derive(tx, rec, old, parent); err != nil {
			return prefixErr(where, err)
		}
	}
	for _, rf := range s.Refs {
		v := str(rec[rf.Field])
		if v == "" {
			continue
		}
		if _, ok := tx.find(rf.Entity, v); !ok {
			return badRequest("%s%s: %s %s does not exist in division %d", where, rf.Field,
				specByName[rf.Entity].singular(), v, tx.d.Code)
		}
	}
	for _, f := range s.def.Fields {
		if !f.mandatory() || f.Type == edmNav || (parent != nil && f.Name == s.ParentFK) {
			continue
		}
		if v := rec[f.Name]; v == nil || v == "" {
			return badRequest("Mandatory: %s%s", where, f.Name)
		}
	}
	if k, ok := uniqueKey(s, rec); ok {
		if other, dup := tx.d.uniq[s.Name][k]; dup && other != id {
			return badRequest("%sDuplicate %s: %s %s already exists", where, joinFields(s.Unique), s.singular(), other)
		}
	}
	return nil
}

func prefixErr(where string, err error) error {
	if ae, ok := err.(*apiError); ok && where != "" {
		return &apiError{Status: ae.Status, Msg: where + ae.Msg}
	}
	return err
}

func joinFields(fs []string) string {
	var b bytes.Buffer
	for i, f := range fs {
		if i > 0 {
			b.WriteString("+")
		}
		b.WriteString(f)
	}
	return b.String()
}

// newKey returns the key a create uses: the client's (seeds, or a client
// that brings its own GUID) or a fresh one.
func (tx *txn) newKey(s *entitySpec, rec row) (string, error) {
	id := str(rec[s.key])
	if id == "" {
		id = newGUID()
	} else if _, exists := tx.find(s.Name, id); exists {
		return "", errf(http.StatusConflict, "%s %s already exists", s.singular(), id)
	}
	rec[s.key] = id
	return id, nil
}

// mandatoryLines enforces a header's mandatory line collection.
func mandatoryLines(s *entitySpec, n int) error {
	if s.Lines == "" || n > 0 {
		return nil
	}
	if f, _ := s.def.field(s.Lines); f.mandatory() {
		return badRequest("Mandatory: %s (at least one line)", s.Lines)
	}
	return nil
}
