package dsl

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// Enabled is a pipeline's enabled attribute: a condition over variables,
// decided when the pipeline is compiled, that switches the pipeline off by
// its settings (enabled = var.order_type == "journal_entry"). An
// integration offering one flow per order type runs only the chosen one:
// the other reads nothing, so its cursor stays where it was and a later
// switch loses no record. A disabled pipeline is still compiled and
// checked in full, so that switching it on is safe.
type Enabled struct {
	Expr  hclsyntax.Expression
	Text  string // as written, for the message saying why a pipeline does not run
	Range hcl.Range
}

// enabledFunctions are the functions a condition can call on list and
// text settings: contains(var.flows, "orders"), lower(var.mode).
var enabledFunctions = map[string]function.Function{
	"contains": stdlib.ContainsFunc,
	"length":   stdlib.LengthFunc,
	"lower":    stdlib.LowerFunc,
	"upper":    stdlib.UpperFunc,
}

// decodeEnabled reads the enabled attribute. Only variables may be read:
// records do not exist yet when it is decided.
func decodeEnabled(src []byte, attr *hclsyntax.Attribute) (*Enabled, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	for _, t := range attr.Expr.Variables() {
		if t.RootName() == "var" {
			continue
		}
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid enabled condition",
			Detail: fmt.Sprintf("enabled is decided when the pipeline is compiled and can read variables only (var.name), not %q. "+
				"To leave out some records, use filter.", t.RootName()),
			Subject: t.SourceRange().Ptr()})
	}
	if diags.HasErrors() {
		return nil, diags
	}
	rng := attr.Expr.Range()
	return &Enabled{Expr: attr.Expr, Text: string(rng.SliceBytes(src)), Range: rng}, nil
}

// IsEnabled decides the enabled attribute with vars, the variables' values
// of this compile (-var, the environment, a test case's vars, the
// defaults). A pipeline without the attribute is enabled, and so is one
// whose condition reads a variable that has no value yet (an unknown value
// while validating). A condition that is not true or false is an error at
// the attribute.
func (p *Pipeline) IsEnabled(vars map[string]cty.Value) (bool, hcl.Diagnostics) {
	e := p.Enabled
	if e == nil {
		return true, nil
	}
	if diags := undeclaredVariables(e.Expr, vars); diags.HasErrors() {
		return true, diags
	}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"var": cty.ObjectVal(vars)}, Functions: enabledFunctions}
	v, diags := e.Expr.Value(ctx)
	if diags.HasErrors() {
		for _, d := range diags {
			if d.Summary == "Call to unknown function" {
				d.Detail += " enabled can call contains, length, lower and upper."
			}
		}
		return true, diags
	}
	if !v.IsWhollyKnown() {
		return true, nil
	}
	if v.IsNull() || v.Type() != cty.Bool {
		detail := fmt.Sprintf("enabled is true or false, but %s gives %s.", e.Text, enabledValueText(v))
		if _, quoted := e.Expr.(*hclsyntax.TemplateExpr); quoted {
			detail = fmt.Sprintf("enabled is true or false, not %s. Write the condition without quotes, "+
				`enabled = var.order_type == "journal_entry": it is decided from the settings, not per record.`, enabledValueText(v))
		}
		return true, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid enabled value", Detail: detail, Subject: e.Range.Ptr()}}
	}
	return v.True(), nil
}

func enabledValueText(v cty.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case v.Type() == cty.String:
		return "the text " + valueText(v)
	case v.Type() == cty.Number:
		return "the number " + valueText(v)
	}
	return "a value " + valueText(v)
}
