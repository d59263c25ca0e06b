package emulator

import (
	"strconv"
	"strings"
)

// filter is one search filter as the request writes it.
type filter struct {
	PropertyName string `json:"propertyName"`
	Operator     string `json:"operator"`
	Value        any    `json:"value"`
	HighValue    any    `json:"highValue"`
	Values       []any  `json:"values"`
}

// cfilter is a checked filter with its values read as the property's type.
type cfilter struct {
	def  *propDef
	op   string
	raw  string  // the value as text, lower case (token operators)
	vals []value // value, or values for IN/NOT_IN
	high value   // BETWEEN
}

var operators = map[string]bool{"EQ": true, "NEQ": true, "LT": true, "LTE": true, "GT": true, "GTE": true,
	"BETWEEN": true, "IN": true, "NOT_IN": true, "HAS_PROPERTY": true, "NOT_HAS_PROPERTY": true,
	"CONTAINS_TOKEN": true, "NOT_CONTAINS_TOKEN": true}

// compileGroups checks the filter groups against HubSpot's limits and the
// type's properties.
func (tx *txn) compileGroups(t *objectType, req searchRequest) ([][]cfilter, error) {
	if len(req.FilterGroups) > maxFilterGroups {
		return nil, badRequest("filterGroups: %d groups given; a search allows at most %d", len(req.FilterGroups), maxFilterGroups)
	}
	total := 0
	var out [][]cfilter
	for gi, g := range req.FilterGroups {
		if len(g.Filters) > maxGroupFilters {
			return nil, badRequest("filterGroups[%d]: %d filters given; a group allows at most %d", gi, len(g.Filters), maxGroupFilters)
		}
		total += len(g.Filters)
		var group []cfilter
		for fi, f := range g.Filters {
			cf, err := tx.compileFilter(t, f)
			if err != nil {
				err.Message = "filterGroups[" + strconv.Itoa(gi) + "].filters[" + strconv.Itoa(fi) + "]: " + err.Message
				return nil, err
			}
			group = append(group, cf)
		}
		out = append(out, group)
	}
	if total > maxFilters {
		return nil, badRequest("filterGroups: %d filters given; a search allows at most %d in all", total, maxFilters)
	}
	return out, nil
}

func (tx *txn) compileFilter(t *objectType, f filter) (cfilter, *apiError) {
	d := tx.p.props[t.Name].get(f.PropertyName)
	if d == nil {
		return cfilter{}, badRequest("property %q does not exist on %s", f.PropertyName, t.Name)
	}
	op := strings.ToUpper(f.Operator)
	if !operators[op] {
		return cfilter{}, badRequest("operator %q is not supported", f.Operator)
	}
	cf := cfilter{def: d, op: op}
	read := func(raw any, what string) (value, string, *apiError) {
		s, ok := rawText(raw)
		if !ok || s == "" {
			return value{}, "", badRequest("%s needs a %s", op, what)
		}
		v, ok := typed(d, s)
		if !ok {
			return value{}, "", badRequest("%q is not a valid %s value for %s", s, d.Type, d.Name)
		}
		return v, strings.ToLower(s), nil
	}
	switch op {
	case "HAS_PROPERTY", "NOT_HAS_PROPERTY":
		return cf, nil
	case "IN", "NOT_IN":
		if len(f.Values) == 0 {
			return cf, badRequest("%s needs values", op)
		}
		for _, raw := range f.Values {
			v, _, err := read(raw, "value in values")
			if err != nil {
				return cf, err
			}
			cf.vals = append(cf.vals, v)
		}
		return cf, nil
	case "BETWEEN":
		high, _, err := read(f.HighValue, "highValue")
		if err != nil {
			return cf, err
		}
		cf.high = high
	}
	v, raw, err := read(f.Value, "value")
	if err != nil {
		return cf, err
	}
	cf.vals, cf.raw = []value{v}, raw
	return cf, nil
}

// matchGroups: no groups match everything; otherwise some group must have
// all of its filters match.
func matchGroups(groups [][]cfilter, o *object) bool {
	if len(groups) == 0 {
		return true
	}
	for _, g := range groups {
		all := true
		for _, f := range g {
			if !f.match(o) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// match applies the filter. The negative operators (NEQ, NOT_IN,
// NOT_CONTAINS_TOKEN) also match objects without a value.
func (f cfilter) match(o *object) bool {
	s, has := o.Props[f.def.Name]
	switch f.op {
	case "HAS_PROPERTY":
		return has
	case "NOT_HAS_PROPERTY":
		return !has
	case "NEQ":
		return !has || !f.equals(s, f.vals[0])
	case "NOT_IN":
		return !has || !f.anyEquals(s)
	case "NOT_CONTAINS_TOKEN":
		return !has || !containsToken(s, f.raw)
	}
	if !has {
		return false
	}
	switch f.op {
	case "EQ":
		return f.equals(s, f.vals[0])
	case "IN":
		return f.anyEquals(s)
	case "CONTAINS_TOKEN":
		return containsToken(s, f.raw)
	}
	v, ok := typed(f.def, s)
	if !ok {
		return false
	}
	c := compare(v, f.vals[0])
	switch f.op {
	case "LT":
		return c < 0
	case "LTE":
		return c <= 0
	case "GT":
		return c > 0
	case "GTE":
		return c >= 0
	case "BETWEEN":
		return c >= 0 && compare(v, f.high) <= 0
	}
	return false
}

// equals compares as the property's type; a multiple-checkboxes value
// equals any of its options.
func (f cfilter) equals(s string, want value) bool {
	parts := []string{s}
	if f.def.multi() {
		parts = strings.Split(s, ";")
	}
	for _, p := range parts {
		if v, ok := typed(f.def, p); ok && compare(v, want) == 0 {
			return true
		}
	}
	return false
}

func (f cfilter) anyEquals(s string) bool {
	for _, v := range f.vals {
		if f.equals(s, v) {
			return true
		}
	}
	return false
}

// containsToken matches a whitespace- or semicolon-separated word of s, or
// the whole of s, against token; a token with * is a wildcard pattern
// ("*@example.com"). Case is ignored.
func containsToken(s, token string) bool {
	s = strings.ToLower(s)
	words := append(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ';' || r == '\t' || r == '\n' }), s)
	for _, w := range words {
		if strings.Contains(token, "*") {
			if wildcard(token, w) {
				return true
			}
		} else if w == token {
			return true
		}
	}
	return false
}

// wildcard matches s against a pattern whose only special character is
// *, standing for any run of characters.
func wildcard(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := len(parts) - 1
	for _, p := range parts[1:last] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[last])
}
