package pipelinetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// normalize rewrites a JSON document with sorted keys, no insignificant
// whitespace and numbers exactly as written, so two documents compare
// equal exactly when they mean the same and golden files diff line by line.
func normalize(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// flatten lists every leaf of a decoded document as path → JSON text, for
// field-level differences.
func flatten(prefix string, v any, out map[string]string) {
	switch t := v.(type) {
	case map[string]any:
		if len(t) == 0 {
			out[prefix] = "{}"
		}
		for k, x := range t {
			flatten(join(prefix, k), x, out)
		}
	case []any:
		if len(t) == 0 {
			out[prefix] = "[]"
		}
		for i, x := range t {
			flatten(join(prefix, fmt.Sprint(i)), x, out)
		}
	default:
		b, _ := json.Marshal(t)
		out[prefix] = string(b)
	}
}

func join(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

func decode(raw []byte) any {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	_ = dec.Decode(&v)
	return v
}

// fieldDiff describes how got differs from want, one line per field:
//
//	SalesOrderLines.1.NetPrice: want 12.50, got 12.5
func fieldDiff(want, got []byte) []string {
	w, g := map[string]string{}, map[string]string{}
	flatten("", decode(want), w)
	flatten("", decode(got), g)
	keys := map[string]bool{}
	for k := range w {
		keys[k] = true
	}
	for k := range g {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var lines []string
	for _, k := range sorted {
		wv, wok := w[k]
		gv, gok := g[k]
		name := k
		if name == "" {
			name = "(record)"
		}
		switch {
		case wok && !gok:
			lines = append(lines, fmt.Sprintf("%s: want %s, got nothing", name, wv))
		case !wok && gok:
			lines = append(lines, fmt.Sprintf("%s: want nothing, got %s", name, gv))
		case wv != gv:
			lines = append(lines, fmt.Sprintf("%s: want %s, got %s", name, wv, gv))
		}
	}
	return lines
}

// splitLines returns the non-blank lines of an NDJSON file.
func splitLines(data []byte) [][]byte {
	var out [][]byte
	for _, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, bytes.TrimSpace(l))
		}
	}
	return out
}

func indent(lines []string) string {
	return "    " + strings.Join(lines, "\n    ")
}
