package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// spec is the part of Visma's OpenAPI 3.1 document the generator reads:
// component schemas and, per path and method, the operation's scopes.
type spec struct {
	Paths      map[string]map[string]*operation `yaml:"paths"`
	Components struct {
		Schemas map[string]*schema `yaml:"schemas"`
	} `yaml:"components"`
}

// operation is one path item method; only the description matters here,
// because it lists the OAuth scopes the operation accepts.
type operation struct {
	Description string `yaml:"description"`
}

// schema is an OpenAPI 3.1 schema object, reduced to the keywords Visma's
// document uses on the components we generate.
type schema struct {
	Ref         string             `yaml:"$ref"`
	Type        typeList           `yaml:"type"`
	Format      string             `yaml:"format"`
	Description string             `yaml:"description"`
	Properties  map[string]*schema `yaml:"properties"`
	Required    []string           `yaml:"required"`
	Items       *schema            `yaml:"items"`
	Enum        []any              `yaml:"enum"`
	ReadOnly    bool               `yaml:"readOnly"`
	Deprecated  bool               `yaml:"deprecated"`
	MaxLength   *int               `yaml:"maxLength"`
	MinLength   *int               `yaml:"minLength"`
	Minimum     *float64           `yaml:"minimum"`
	Maximum     *float64           `yaml:"maximum"`
	Pattern     string             `yaml:"pattern"`
}

// typeList is the type keyword, which OpenAPI 3.1 allows as a string or an
// array ("string" or ["string", "null"]).
type typeList []string

func (t *typeList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*t = typeList{n.Value}
		return nil
	case yaml.SequenceNode:
		var list []string
		if err := n.Decode(&list); err != nil {
			return err
		}
		*t = list
		return nil
	}
	return fmt.Errorf("line %d: type is neither a string nor a list", n.Line)
}

// base is the type without "null"; nullable says whether null is allowed.
func (t typeList) base() string {
	for _, s := range t {
		if s != "null" {
			return s
		}
	}
	return ""
}

func (t typeList) nullable() bool {
	for _, s := range t {
		if s == "null" {
			return true
		}
	}
	return false
}

// refName is the component a $ref points at ("#/components/schemas/X" → X).
func refName(ref string) string { return ref[strings.LastIndexByte(ref, '/')+1:] }

func readSpec(path string) (*spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s spec
	if err := yaml.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(s.Components.Schemas) == 0 {
		return nil, fmt.Errorf("%s: no components.schemas", path)
	}
	return &s, nil
}

// scopesOf lists the scopes an operation's description names after
// "Requires any of the following scopes:" (Visma puts them there, as the
// document declares no security schemes).
func scopesOf(desc string) []string {
	_, after, ok := strings.Cut(desc, "following scopes:")
	if !ok {
		return nil
	}
	var out []string
	for _, line := range strings.Split(after, "\n") {
		line = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(line), "\r"))
		if s, ok := strings.CutPrefix(line, "* "); ok {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}

// enumLabels reads the integer values a description lists as "Possible
// values", in the order given, with their labels; nil when the
// description has no such list or any item of it is not an integer pair.
func enumLabels(desc string) ([]int, []string) {
	_, list, ok := strings.Cut(desc, "Possible values:")
	if !ok {
		return nil, nil
	}
	list = strings.ReplaceAll(list, "</strong>", "")
	// The list ends at the first blank line break pair, after which Visma
	// writes a free sentence.
	if i := strings.Index(list, "<br/><br/>"); i >= 0 {
		list = list[:i]
	}
	var vals []int
	var labels []string
	for _, item := range strings.Split(list, "<br/>") {
		item = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(item), ","))
		if item == "" {
			continue
		}
		left, right, ok := strings.Cut(item, "=")
		if !ok {
			return nil, nil
		}
		left, right = strings.TrimSpace(left), strings.TrimSpace(right)
		n, err := strconv.Atoi(left)
		label := right
		if err != nil {
			if n, err = strconv.Atoi(right); err != nil {
				return nil, nil
			}
			label = left
		}
		vals = append(vals, n)
		labels = append(labels, label)
	}
	return vals, labels
}
