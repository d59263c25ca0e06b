package engine

import (
	"fmt"
	"math/big"

	"github.com/govalues/decimal"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/pipeline-dev/pipeline/dsl"
)

// resolveVariables gives every declared variable its value for this
// compile: a typed value (test case) over a text value (-var, environment)
// over the default. A variable with no value at all is an error unless the
// caller is only validating, when its type's zero value stands in.
func resolveVariables(opts Options) (map[string]any, map[string]cty.Value, hcl.Diagnostics) {
	out := map[string]any{}
	raw := map[string]cty.Value{}
	var diags hcl.Diagnostics
	declared := map[string]bool{}
	names := make([]string, 0, len(opts.Variables))
	for _, v := range opts.Variables {
		declared[v.Name] = true
		names = append(names, v.Name)
		val, more := variableValue(v, opts)
		diags = append(diags, more...)
		out[v.Name] = ctyToGo(val)
		raw[v.Name] = val
	}
	for name := range opts.Vars {
		if !declared[name] {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Value for undeclared variable",
				Detail: fmt.Sprintf("A value was given for %q, but no variable of that name is declared.%s", name, dsl.DidYouMean(name, names))})
		}
	}
	for name := range opts.VarValues {
		if !declared[name] {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Value for undeclared variable",
				Detail: fmt.Sprintf("The test case sets %q, but no variable of that name is declared.%s", name, dsl.DidYouMean(name, names))})
		}
	}
	return out, raw, diags
}

func variableValue(v *dsl.Variable, opts Options) (cty.Value, hcl.Diagnostics) {
	bad := func(err error, what string) (cty.Value, hcl.Diagnostics) {
		return cty.NullVal(v.Type), hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid value for variable",
			Detail: fmt.Sprintf("%s for variable %q: %v.", what, v.Name, err), Subject: v.DeclRange.Ptr()}}
	}
	if val, ok := opts.VarValues[v.Name]; ok {
		conv, err := convert.Convert(val, v.Type)
		if err != nil {
			return bad(err, "The test case's value")
		}
		return conv, nil
	}
	text, ok := opts.Vars[v.Name]
	if !ok {
		text, ok = opts.EnvVars[v.Name]
	}
	if ok {
		val, err := parseVarText(text, v.Type)
		if err != nil {
			return bad(err, fmt.Sprintf("The value %q", text))
		}
		return val, nil
	}
	if v.Default != nil {
		return *v.Default, nil
	}
	if opts.Validating {
		return zeroValue(v.Type), nil
	}
	return cty.NullVal(v.Type), hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "No value for required variable",
		Detail:  fmt.Sprintf("Variable %q has no default; give it with -var %s=VALUE or the environment variable PIPELINE_VAR_%s.", v.Name, v.Name, v.Name),
		Subject: v.DeclRange.Ptr()}}
}

// policyVars are the values policy attributes (on_exists = var.mode) are
// resolved with: while validating, a variable that has no value at all is
// unknown rather than its type's zero value, so the attribute keeps its
// default instead of being reported for a value nobody chose.
func policyVars(opts Options, raw map[string]cty.Value) map[string]cty.Value {
	if !opts.Validating {
		return raw
	}
	out := make(map[string]cty.Value, len(raw))
	for k, v := range raw {
		out[k] = v
	}
	for _, v := range opts.Variables {
		_, typed := opts.VarValues[v.Name]
		_, text := opts.Vars[v.Name]
		_, env := opts.EnvVars[v.Name]
		if v.Default == nil && !typed && !text && !env {
			out[v.Name] = cty.UnknownVal(v.Type)
		}
	}
	return out
}

// parseVarText reads a variable given as text: strings are taken as they
// are, anything else is read as an HCL value (["paid", "shipped"], 42).
func parseVarText(text string, t cty.Type) (cty.Value, error) {
	if t == cty.String {
		return cty.StringVal(text), nil
	}
	x, diags := hclsyntax.ParseExpression([]byte(text), "value", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	val, diags := x.Value(nil)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return convert.Convert(val, t)
}

func zeroValue(t cty.Type) cty.Value {
	switch {
	case t == cty.String:
		return cty.StringVal("")
	case t == cty.Number:
		return cty.Zero
	case t == cty.Bool:
		return cty.False
	case t.IsListType():
		return cty.ListValEmpty(t.ElementType())
	case t.IsMapType():
		return cty.MapValEmpty(t.ElementType())
	}
	return cty.NullVal(t)
}

// ctyToGo converts an HCL value into an expression value: numbers become
// exact decimals, collections become []any and map[string]any.
func ctyToGo(v cty.Value) any {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString()
	case t == cty.Bool:
		return v.True()
	case t == cty.Number:
		return bigToDecimal(v.AsBigFloat())
	case t.IsListType() || t.IsTupleType() || t.IsSetType():
		out := make([]any, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, ctyToGo(e))
		}
		return out
	case t.IsMapType() || t.IsObjectType():
		out := map[string]any{}
		for k, e := range v.AsValueMap() {
			out[k] = ctyToGo(e)
		}
		return out
	}
	return nil
}

func bigToDecimal(f *big.Float) any {
	d, err := decimal.Parse(f.Text('f', -1))
	if err != nil {
		// Beyond 19 digits: keep what expressions can still compare.
		x, _ := f.Float64()
		return x
	}
	return d
}
