package scaffold

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

var hclStart = hcl.InitialPos

// Value turns an answer typed by a user into the value of a setting of the
// given type: text as is for strings, a number, true/false, or a
// comma-separated list. An answer that does not fit the type is an error
// that says what would.
func Value(s Setting, answer string) (cty.Value, error) {
	answer = strings.TrimSpace(answer)
	switch strings.ReplaceAll(s.Type, " ", "") {
	case "", "string":
		return cty.StringVal(answer), nil
	case "number":
		n, ok := new(big.Float).SetPrec(512).SetString(answer)
		if !ok {
			return cty.NilVal, fmt.Errorf("setting %s is a number; %q is not", s.Name, answer)
		}
		return cty.NumberVal(n), nil
	case "bool":
		b, err := strconv.ParseBool(answer)
		if err != nil {
			return cty.NilVal, fmt.Errorf("setting %s is true or false; %q is neither", s.Name, answer)
		}
		return cty.BoolVal(b), nil
	case "list(string)":
		var items []cty.Value
		for _, part := range strings.Split(answer, ",") {
			if part = strings.TrimSpace(part); part != "" {
				items = append(items, cty.StringVal(part))
			}
		}
		if len(items) == 0 {
			return cty.ListValEmpty(cty.String), nil
		}
		return cty.ListVal(items), nil
	case "list(number)":
		var items []cty.Value
		for _, part := range strings.Split(answer, ",") {
			if part = strings.TrimSpace(part); part != "" {
				v, err := Value(Setting{Name: s.Name, Type: "number"}, part)
				if err != nil {
					return cty.NilVal, err
				}
				items = append(items, v)
			}
		}
		if len(items) == 0 {
			return cty.ListValEmpty(cty.Number), nil
		}
		return cty.ListVal(items), nil
	}
	return cty.NilVal, fmt.Errorf("setting %s has type %s, which init cannot ask for; edit its default in %s after init", s.Name, s.Type, SettingsFile)
}

// rewriteSettings sets the defaults of the named variables in a settings
// file and leaves everything else — comments included — as it was.
func rewriteSettings(name string, src []byte, values map[string]cty.Value) ([]byte, error) {
	f, diags := hclwrite.ParseConfig(src, name, hclStart)
	if diags.HasErrors() {
		return nil, diags
	}
	seen := map[string]bool{}
	for _, b := range f.Body().Blocks() {
		if b.Type() != "variable" || len(b.Labels()) != 1 {
			continue
		}
		v, ok := values[b.Labels()[0]]
		if !ok {
			continue
		}
		b.Body().SetAttributeValue("default", v)
		seen[b.Labels()[0]] = true
	}
	for n := range values {
		if !seen[n] {
			return nil, fmt.Errorf("%s declares no setting %q", name, n)
		}
	}
	return hclwrite.Format(f.Bytes()), nil
}

// Display is a setting's default as a user would type it: text without
// quotes, lists comma-separated.
func Display(s Setting) string {
	d := strings.TrimSpace(s.Default)
	if strings.HasPrefix(d, "[") && strings.HasSuffix(d, "]") {
		var parts []string
		for _, p := range strings.Split(d[1:len(d)-1], ",") {
			if p = unquote(p); p != "" {
				parts = append(parts, p)
			}
		}
		return strings.Join(parts, ",")
	}
	return unquote(d)
}
