package emukit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Seed is a seed document split into its top-level members: entity names
// mapped to arrays of rows, plus whatever settings the system keeps beside
// them (Exact: "divisions").
type Seed map[string]json.RawMessage

// ReadSeed reads a seed document, which must be one JSON object (null
// reads as an empty one).
func ReadSeed(r io.Reader) (Seed, error) {
	var doc Seed
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("seed is not a JSON object: %w", err)
	}
	return doc, nil
}

// CheckNames reports the first member (in name order) that is neither a
// known entity nor one of the settings.
func (s Seed) CheckNames(entities []string, settings ...string) error {
	names := make([]string, 0, len(s))
	for name := range s {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !contains(entities, name) && !contains(settings, name) {
			known := append([]string(nil), entities...)
			sort.Strings(known)
			return fmt.Errorf("seed: unknown entity %q (known: %s)", name, strings.Join(known, ", "))
		}
	}
	return nil
}

// Rows decodes the rows of entity name, numbers as json.Number; nil when
// the seed has none. Load entities in an order where references resolve:
// masters before the documents that point to them.
func (s Seed) Rows(name string) ([]map[string]any, error) {
	raw, ok := s[name]
	if !ok {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var rows []map[string]any
	if err := dec.Decode(&rows); err != nil {
		return nil, fmt.Errorf("seed %s: expected an array of objects: %w", name, err)
	}
	return rows, nil
}
