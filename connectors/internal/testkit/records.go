package testkit

import (
	"bytes"
	"encoding/json"
	"testing"
)

// SeedWith is the seed base (an emulator's built-in seed) with extra rows
// appended to its lists by name. within, when not nil, picks the object
// that holds the lists (Asperion's first administration); nil means the
// seed's top level.
func SeedWith(t testing.TB, base []byte, extra map[string][]map[string]any, within func(doc map[string]any) map[string]any) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(base, &doc); err != nil {
		t.Fatal(err)
	}
	lists := doc
	if within != nil {
		lists = within(doc)
	}
	for name, rows := range extra {
		list, _ := lists[name].([]any)
		for _, r := range rows {
			list = append(list, r)
		}
		lists[name] = list
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Decode parses a record's JSON object, numbers kept as json.Number so
// that money compares exactly.
func Decode(t testing.TB, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("record is not JSON: %v\n%s", err, raw)
	}
	return m
}
