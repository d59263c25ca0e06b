package main

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// kinds maps an OpenAPI type (and format) to the emulator's constants.
func kindOf(t, format string) (string, error) {
	switch t {
	case "string":
		switch format {
		case "uuid":
			return "kindUUID", nil
		case "date-time":
			return "kindDateTime", nil
		}
		return "kindString", nil
	case "number":
		return "kindNumber", nil
	case "integer":
		return "kindInteger", nil
	case "boolean":
		return "kindBool", nil
	case "array":
		return "kindArray", nil
	case "object":
		return "kindObject", nil
	}
	return "", fmt.Errorf("unknown type %q", t)
}

// types reads the type keyword, a string or a list with "null".
func types(n yaml.Node) (base string, nullable bool, err error) {
	switch n.Kind {
	case 0:
		return "", false, nil
	case yaml.ScalarNode:
		return n.Value, false, nil
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if c.Value == "null" {
				nullable = true
			} else {
				base = c.Value
			}
		}
		return base, nullable, nil
	}
	return "", false, fmt.Errorf("line %d: type is neither a string nor a list", n.Line)
}

// writeComponent writes one entry of genComponents, its fields in name
// order with Id first.
func writeComponent(b *bytes.Buffer, name string, c *schema) error {
	names := make([]string, 0, len(c.Properties))
	for n := range c.Properties {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "Id") != (names[j] == "Id") {
			return names[i] == "Id"
		}
		return names[i] < names[j]
	})
	required := map[string]bool{}
	for _, r := range c.Required {
		required[r] = true
	}
	fmt.Fprintf(b, "\t%q: {Name: %q, Fields: []genField{\n", name, name)
	for _, n := range names {
		line, err := fieldLine(n, c.Properties[n], required[n])
		if err != nil {
			return fmt.Errorf("%s: %w", n, err)
		}
		b.WriteString("\t\t" + line + ",\n")
	}
	b.WriteString("\t}},\n")
	return nil
}

func fieldLine(name string, p *schema, required bool) (string, error) {
	parts := []string{"Name: " + strconv.Quote(name)}
	var flags []string
	if p.ReadOnly {
		flags = append(flags, "fReadOnly")
	}
	if required {
		flags = append(flags, "fRequired")
	}
	if p.Ref != "" {
		parts = append(parts, "Kind: kindObject", "Ref: "+strconv.Quote(refName(p.Ref)))
		flags = append(flags, "fNullable") // a nested component may be absent
	} else {
		t, nullable, err := types(p.Type)
		if err != nil {
			return "", err
		}
		k, err := kindOf(t, p.Format)
		if err != nil {
			return "", err
		}
		parts = append(parts, "Kind: "+k)
		if nullable {
			flags = append(flags, "fNullable")
		}
		if k == "kindArray" {
			if p.Items == nil {
				return "", fmt.Errorf("array without items")
			}
			if p.Items.Ref != "" {
				parts = append(parts, "Elem: kindObject", "Ref: "+strconv.Quote(refName(p.Items.Ref)))
			} else {
				it, _, err := types(p.Items.Type)
				if err != nil {
					return "", err
				}
				ek, err := kindOf(it, p.Items.Format)
				if err != nil {
					return "", err
				}
				parts = append(parts, "Elem: "+ek)
			}
		}
		if p.MaxLength > 0 {
			parts = append(parts, "MaxLen: "+strconv.Itoa(p.MaxLength))
		}
		if p.Minimum != nil {
			parts = append(parts, "Min: "+strconv.Quote(strconv.FormatFloat(*p.Minimum, 'f', -1, 64)))
		}
		if p.Maximum != nil {
			parts = append(parts, "Max: "+strconv.Quote(strconv.FormatFloat(*p.Maximum, 'f', -1, 64)))
		}
		enum := p.Enum
		if len(enum) == 0 && k == "kindInteger" {
			enum = enumValues(p.Desc)
		}
		if len(enum) > 0 {
			vals := make([]string, len(enum))
			for i, v := range enum {
				vals[i] = strconv.Itoa(v)
			}
			parts = append(parts, "Enum: []int{"+strings.Join(vals, ", ")+"}")
		}
		if d := decimalsOf(p.Pattern); d > 0 && k == "kindNumber" {
			parts = append(parts, "Decimals: "+strconv.Itoa(d))
		}
	}
	if len(flags) > 0 {
		parts = append(parts, "Flags: "+strings.Join(flags, " | "))
	}
	return "{" + strings.Join(parts, ", ") + "}", nil
}

// enumValues reads the integers of a "Possible values: N = Name, …" list
// in a description (either "N = Name" or "Name = N"); nil when there is no
// such list or an item of it is not such a pair.
func enumValues(desc string) []int {
	_, list, ok := strings.Cut(desc, "Possible values:")
	if !ok {
		return nil
	}
	list = strings.ReplaceAll(list, "</strong>", "")
	if i := strings.Index(list, "<br/><br/>"); i >= 0 {
		list = list[:i]
	}
	var vals []int
	for _, item := range strings.Split(list, "<br/>") {
		item = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(item), ","))
		if item == "" {
			continue
		}
		left, right, ok := strings.Cut(item, "=")
		if !ok {
			return nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(left))
		if err != nil {
			if n, err = strconv.Atoi(strings.TrimSpace(right)); err != nil {
				return nil
			}
		}
		vals = append(vals, n)
	}
	return vals
}

// decimalsOf reads how many decimals a pattern like `[-]?\d+(.\d{1,2})?`
// allows; 0 when it does not say.
func decimalsOf(pattern string) int {
	i := strings.LastIndex(pattern, `\d{1,`)
	if i < 0 {
		return 0
	}
	rest := pattern[i+len(`\d{1,`):]
	if len(rest) < 2 || rest[1] != '}' || rest[0] < '1' || rest[0] > '9' {
		return 0
	}
	return int(rest[0] - '0')
}
