package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

var variableBlockSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "type"},
		{Name: "default"},
		{Name: "description"},
		{Name: "sensitive"},
	},
}

// decodeVariableBlock reads variable "name" { type = ...; default = ... }.
// Without a type, the type is taken from the default, or string.
func decodeVariableBlock(block *hcl.Block) (*Variable, hcl.Diagnostics) {
	v := &Variable{Name: block.Labels[0], DeclRange: block.DefRange, Type: cty.DynamicPseudoType}
	content, diags := block.Body.Content(variableBlockSchema)
	diags = append(diags, checkName("variable", v.Name, block.LabelRanges[0])...)
	if attr, ok := content.Attributes["type"]; ok {
		t, more := typeexpr.TypeConstraint(attr.Expr)
		diags = append(diags, more...)
		v.Type = t
		v.TypeRange = attr.Expr.Range()
	}
	if attr, ok := content.Attributes["description"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &v.Description)...)
	}
	if attr, ok := content.Attributes["sensitive"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &v.Sensitive)...)
	}
	if attr, ok := content.Attributes["default"]; ok {
		val, more := attr.Expr.Value(nil)
		diags = append(diags, more...)
		if !more.HasErrors() {
			if v.Type != cty.DynamicPseudoType {
				conv, err := convert.Convert(val, v.Type)
				if err != nil {
					diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid default value",
						Detail: "The default does not match the variable's type: " + err.Error() + ".", Subject: attr.Expr.Range().Ptr()})
				} else {
					val = conv
				}
			} else {
				v.Type = val.Type()
			}
			v.Default = &val
		}
	}
	if v.Type == cty.DynamicPseudoType {
		v.Type = cty.String
	}
	return v, diags
}
