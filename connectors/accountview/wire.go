package accountview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Amsterdam must load on machines without zoneinfo
)

// AccountView's companies keep Dutch local time, and its wire datetimes
// ("2024-01-31T10:00:00") carry no offset.
var amsterdam = mustLocation("Europe/Amsterdam")

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

const wireLayout = "2006-01-02T15:04:05"

var wireDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$`)

// member is one property of a JSON object, in order.
type member struct {
	key string
	val json.RawMessage
}

// objectMembers splits a JSON object into its properties, keeping order.
func objectMembers(raw []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("a row must be a JSON object")
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out = append(out, member{k, v})
	}
	return out, nil
}

// normalizeRow turns one row of table as AccountView sends it into the
// record shape of the schemas: datetimes (T) become RFC 3339 with the
// Amsterdam offset of that moment, dates (D) the plain date; detail rows,
// when given, are nested under detailName.
func normalizeRow(table string, raw []byte, detailName string, details []json.RawMessage) ([]byte, error) {
	ms, err := objectMembers(raw)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		v := m.val
		if f, ok := tableField(table, m.key); ok && f.isDate() {
			if nv, err := normalizeDate(f, v); err != nil {
				return nil, fmt.Errorf("%s.%s: %w", table, m.key, err)
			} else {
				v = nv
			}
		}
		b.Write(v)
	}
	if detailName != "" {
		if len(ms) > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(detailName)
		b.Write(k)
		b.WriteString(":[")
		for i, d := range details {
			if i > 0 {
				b.WriteByte(',')
			}
			nd, err := normalizeRow(detailName, d, "", nil)
			if err != nil {
				return nil, err
			}
			b.Write(nd)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// normalizeDate converts one wire date value; null and "" stay as they are.
func normalizeDate(f field, v json.RawMessage) (json.RawMessage, error) {
	var s string
	if json.Unmarshal(v, &s) != nil || s == "" {
		return v, nil
	}
	t, err := parseWireTime(s)
	if err != nil {
		return nil, err
	}
	if f.typ == 'D' {
		return json.Marshal(t.Format(time.DateOnly))
	}
	return json.Marshal(t.Format(time.RFC3339))
}

// parseWireTime reads AccountView's local wall-clock time.
func parseWireTime(s string) (time.Time, error) {
	switch {
	case wireDate.MatchString(s):
		return time.ParseInLocation("2006-01-02T15:04:05.999999999", s, amsterdam)
	case len(s) == 10:
		return time.ParseInLocation(time.DateOnly, s, amsterdam)
	}
	// Already with an offset: accept it.
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.In(amsterdam), nil
	}
	return time.Time{}, fmt.Errorf("%q is not an AccountView date", s)
}

// toWireTime turns a record's date or datetime into the wall-clock text
// AccountView takes: RFC 3339 values are moved to Amsterdam time first, so
// "2024-03-01T08:00:00Z" is written as 09:00 local; plain dates pass.
func toWireTime(f field, s string) (string, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		t = t.In(amsterdam)
		if f.typ == 'D' {
			return t.Format(time.DateOnly), true
		}
		return t.Format(wireLayout), true
	}
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return s, true
	}
	if wireDate.MatchString(s) {
		return s, true
	}
	return "", false
}

// foxLiteral is a FoxPro strict date(time) literal for filters:
// {^2024-01-31} or {^2024-01-31 10:00:00}, in Amsterdam time.
func foxLiteral(f field, s string) (string, bool) {
	w, ok := toWireTime(f, s)
	if !ok {
		return "", false
	}
	if len(w) == 10 {
		return "{^" + w + "}", true
	}
	return "{^" + strings.Replace(w, "T", " ", 1) + "}", true
}

// tablesOf splits a data answer into its tables. One row alone may come as
// an object instead of an array (a quirk one client guards against); it
// counts as a one-row table.
func tablesOf(body []byte) (map[string][]json.RawMessage, error) {
	var v map[string]json.RawMessage
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, fmt.Errorf("the answer is not a JSON object of tables: %w", err)
	}
	out := map[string][]json.RawMessage{}
	for name, raw := range v {
		raw = bytes.TrimSpace(raw)
		switch {
		case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
		case raw[0] == '{':
			out[name] = []json.RawMessage{raw}
		case raw[0] == '[':
			var rows []json.RawMessage
			if err := json.Unmarshal(raw, &rows); err != nil {
				return nil, fmt.Errorf("table %s: %w", name, err)
			}
			out[name] = rows
		}
	}
	return out, nil
}

// scalarField reads a top-level string or number property as text; "" when
// absent, null or of another type.
func scalarField(rec []byte, name string) string {
	var v map[string]json.RawMessage
	if json.Unmarshal(rec, &v) != nil {
		return ""
	}
	raw := bytes.TrimSpace(v[name])
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
