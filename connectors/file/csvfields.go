package file

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// cellKind is how a CSV cell becomes a JSON value, decided once per column
// from the schema type of its field.
type cellKind int

const (
	cellString cellKind = iota
	cellNumber          // JSON number when the cell is one, else string
	cellBool            // true/false for true/false/1/0/yes/no, else string
)

func kindOf(schemaType string) cellKind {
	switch schemaType {
	case "number", "integer":
		return cellNumber
	case "boolean":
		return cellBool
	}
	return cellString
}

// csvNode is one key of the object a row becomes: a leaf holding cell col,
// or (col < 0) a nested object built from dotted column names, so that
// "customer.email" and "customer.name" share one "customer" object.
type csvNode struct {
	key      string
	col      int
	kind     cellKind
	children []*csvNode
}

// buildTree lays out the columns as an object. Keys keep the order in which
// their columns first appear.
func buildTree(names []string, fieldType func(string) string) (*csvNode, error) {
	root := &csvNode{col: -1}
	for i, name := range names {
		parts := strings.Split(name, ".")
		n := root
		for j, part := range parts {
			if part == "" {
				return nil, fmt.Errorf("column %d %q: empty name segment", i+1, name)
			}
			child := n.child(part)
			leaf := j == len(parts)-1
			switch {
			case child == nil && leaf:
				child = &csvNode{key: part, col: i, kind: kindOf(fieldType(name))}
			case child == nil:
				child = &csvNode{key: part, col: -1}
			case leaf || child.col >= 0:
				return nil, fmt.Errorf("column %d %q: clashes with an earlier column for %q", i+1, name, strings.Join(parts[:j+1], "."))
			}
			if n.child(part) == nil {
				n.children = append(n.children, child)
			}
			n = child
		}
	}
	return root, nil
}

func (n *csvNode) child(key string) *csvNode {
	for _, c := range n.children {
		if c.key == key {
			return c
		}
	}
	return nil
}

// appendObject appends the object for one row. Empty cells are left out
// (or written as null when nulls is set); a nested object whose cells are
// all left out is left out too. It reports whether any key was written.
func (n *csvNode) appendObject(dst []byte, cells []string, nulls bool) ([]byte, bool) {
	dst = append(dst, '{')
	wrote := false
	for _, c := range n.children {
		mark := len(dst)
		if wrote {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, c.key)
		dst = append(dst, ':')
		ok := true
		if c.col >= 0 {
			dst, ok = appendCell(dst, cells[c.col], c.kind, nulls)
		} else {
			dst, ok = c.appendObject(dst, cells, nulls)
		}
		if !ok {
			dst = dst[:mark]
			continue
		}
		wrote = true
	}
	return append(dst, '}'), wrote
}

func appendCell(dst []byte, cell string, kind cellKind, nulls bool) ([]byte, bool) {
	if cell == "" {
		if nulls {
			return append(dst, "null"...), true
		}
		return dst, false
	}
	switch kind {
	case cellNumber:
		// The cell's own text is the number: no float conversion, so
		// amounts and long ids keep every digit.
		if t := strings.TrimSpace(cell); isJSONNumber(t) {
			return append(dst, t...), true
		}
	case cellBool:
		switch strings.ToLower(strings.TrimSpace(cell)) {
		case "true", "1", "yes":
			return append(dst, "true"...), true
		case "false", "0", "no":
			return append(dst, "false"...), true
		}
	}
	// Not what the schema expects: keep the text, and let the schema check
	// name the field.
	return appendJSONString(dst, cell), true
}

// isJSONNumber reports whether s is a number in JSON syntax:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func isJSONNumber(s string) bool {
	i := 0
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, as encoding/json does; unlike encoding/json, <, > and & stay as
// they are, since the output is data, not HTML.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		b := s[i]
		if b >= 0x20 && b != '"' && b != '\\' && b < utf8.RuneSelf {
			dst = append(dst, b)
			i++
			continue
		}
		if b < utf8.RuneSelf {
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, "\ufffd"...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
