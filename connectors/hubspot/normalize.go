package hubspot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/govalues/decimal"

	"github.com/pipeline-dev/pipeline/connectors"
)

// wireObject is an object as HubSpot's v3 API sends it: every property
// value a string (or null).
type wireObject struct {
	ID           string               `json:"id"`
	Properties   map[string]*string   `json:"properties"`
	CreatedAt    string               `json:"createdAt"`
	UpdatedAt    string               `json:"updatedAt"`
	Archived     bool                 `json:"archived"`
	ArchivedAt   string               `json:"archivedAt,omitempty"`
	Associations map[string]assocPage `json:"associations,omitempty"`
	TraceID      string               `json:"objectWriteTraceId,omitempty"`
	// New is set in upsert answers: true when the object was created.
	New *bool `json:"new,omitempty"`
}

// assocPage is the associations of an object with one type, as a list
// answer carries them.
type assocPage struct {
	Results []assocRef `json:"results"`
}

type assocRef struct {
	ID string `json:"id"`
}

// record is an object as the schemas describe it: typed properties and
// associations as lists of ids per object type.
type record struct {
	ID           string                     `json:"id"`
	Properties   map[string]json.RawMessage `json:"properties"`
	CreatedAt    string                     `json:"createdAt,omitempty"`
	UpdatedAt    string                     `json:"updatedAt,omitempty"`
	Archived     bool                       `json:"archived"`
	ArchivedAt   string                     `json:"archivedAt,omitempty"`
	Associations map[string][]string        `json:"associations,omitempty"`
}

// fromWire turns one wire object into the schema's record.
func fromWire(defs propDefs, w *wireObject) ([]byte, error) {
	r := record{ID: w.ID, Properties: make(map[string]json.RawMessage, len(w.Properties)), Archived: w.Archived,
		CreatedAt: utcTime(w.CreatedAt), UpdatedAt: utcTime(w.UpdatedAt), ArchivedAt: utcTime(w.ArchivedAt)}
	for name, v := range w.Properties {
		r.Properties[name] = typed(defs[name], v)
	}
	for typ, g := range w.Associations {
		typ = strings.ReplaceAll(typ, " ", "_")
		var ids []string
		for _, x := range g.Results {
			if !contains(ids, x.ID) { // one id per association type it holds
				ids = append(ids, x.ID)
			}
		}
		if r.Associations == nil {
			r.Associations = map[string][]string{}
		}
		r.Associations[typ] = ids
	}
	return json.Marshal(r)
}

// typed converts one string value by its definition (nil: a string).
func typed(d *propDef, v *string) json.RawMessage {
	if v == nil || *v == "" {
		return json.RawMessage("null")
	}
	s := *v
	if d != nil {
		switch {
		case d.Type == "number":
			if isJSONNumber(s) {
				return json.RawMessage(s)
			}
		case d.Type == "bool":
			if s == "true" || s == "false" {
				return json.RawMessage(s)
			}
		case d.Type == "date":
			if t, ok := parseTime(s); ok {
				return quote(t.UTC().Format(time.DateOnly))
			}
		case d.Type == "datetime":
			if t, ok := parseTime(s); ok {
				return quote(t.UTC().Format(time.RFC3339Nano))
			}
		case d.multi():
			vals := []string{}
			for _, p := range strings.Split(s, ";") {
				if p = strings.TrimSpace(p); p != "" {
					vals = append(vals, p)
				}
			}
			b, _ := json.Marshal(vals)
			return b
		}
	}
	return quote(s)
}

// wireProps turns a record's typed properties into HubSpot's strings.
// Read-only properties are left out (a record read from HubSpot carries
// them); a value of the wrong type is an error naming the property.
func wireProps(defs propDefs, props map[string]json.RawMessage) (map[string]string, error) {
	out := make(map[string]string, len(props))
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		d := defs[name]
		if d != nil && d.readOnly() {
			continue
		}
		s, err := wireValue(d, props[name])
		if err != nil {
			return nil, &connectors.RecordError{Field: "properties." + name, Err: err}
		}
		out[name] = s
	}
	return out, nil
}

func wireValue(d *propDef, raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		if d == nil || s == "" {
			return s, nil
		}
		switch d.Type {
		case "datetime":
			t, ok := parseTime(s)
			if !ok {
				return "", fmt.Errorf("%q is not a date-time (RFC 3339)", s)
			}
			return t.UTC().Format("2006-01-02T15:04:05.000Z"), nil
		case "date":
			t, ok := parseTime(s)
			if !ok {
				return "", fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
			}
			return t.Format(time.DateOnly), nil
		case "number":
			if !isJSONNumber(s) {
				return "", fmt.Errorf("%q is not a number", s)
			}
		case "bool":
			if s != "true" && s != "false" {
				return "", fmt.Errorf("%q is not true or false", s)
			}
		}
		return s, nil
	case 't', 'f':
		return string(raw), nil
	case '[':
		var vals []string
		if err := json.Unmarshal(raw, &vals); err != nil {
			return "", fmt.Errorf("a list must hold option values (strings)")
		}
		return strings.Join(vals, ";"), nil
	case '{':
		return "", fmt.Errorf("HubSpot properties hold single values, not objects")
	}
	if d != nil && (d.Type == "date" || d.Type == "datetime" || d.Type == "bool") {
		return "", fmt.Errorf("%s is a number, the property is a %s", raw, d.Type)
	}
	return string(raw), nil // a number, as written: exact
}

// sameValue compares two wire values of one property: numbers by value
// (HubSpot stores "12.50" as "12.5"), the rest as text.
func sameValue(d *propDef, a, b string) bool {
	if a == b {
		return true
	}
	if d != nil && d.Type == "number" {
		x, errX := decimal.Parse(a)
		y, errY := decimal.Parse(b)
		return errX == nil && errY == nil && x.Cmp(y) == 0
	}
	if d != nil && d.Type == "datetime" {
		x, okX := parseTime(a)
		y, okY := parseTime(b)
		return okX && okY && x.Equal(y)
	}
	return false
}

var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

func isJSONNumber(s string) bool { return jsonNumber.MatchString(s) }

// parseTime reads HubSpot's time forms: ISO 8601 / RFC 3339, a plain date
// (midnight UTC) or epoch milliseconds.
func parseTime(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), true
	}
	return time.Time{}, false
}

// utcTime renders a wire timestamp as RFC 3339 UTC ("" stays "").
func utcTime(s string) string {
	if t, ok := parseTime(s); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return s
}

func quote(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// input is what the connector writes of a record: its properties as
// HubSpot's strings and the associations it asks for.
type input struct {
	Props map[string]string
	Assoc map[string][]string
}

// parseInput reads a record for writing. Errors name the field.
func parseInput(e *entity, defs propDefs, raw []byte) (input, error) {
	var r struct {
		Properties   map[string]json.RawMessage `json:"properties"`
		Associations map[string][]string        `json:"associations"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return input{}, &connectors.RecordError{Err: fmt.Errorf("the record is not a %s object: %w", e.ref(), err)}
	}
	if r.Properties == nil {
		return input{}, &connectors.RecordError{Field: "properties", Err: fmt.Errorf("a %s record needs a properties object", e.ref())}
	}
	props, err := wireProps(defs, r.Properties)
	if err != nil {
		return input{}, err
	}
	for typ, ids := range r.Associations {
		if _, ok := e.Assoc[typ]; !ok {
			return input{}, &connectors.RecordError{Field: "associations." + typ, Err: fmt.Errorf("a %s cannot be associated with %s", e.Name, typ)}
		}
		for i, id := range ids {
			if _, err := strconv.ParseInt(id, 10, 64); err != nil {
				return input{}, &connectors.RecordError{Field: fmt.Sprintf("associations.%s.%d", typ, i), Err: fmt.Errorf("%q is not a HubSpot object id", id)}
			}
		}
	}
	return input{Props: props, Assoc: r.Associations}, nil
}
