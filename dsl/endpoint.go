package dsl

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
)

// endpointSchema lists the attributes the engine owns in a source or target
// block; everything else belongs to the connector.
var endpointSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "schema"},
		{Name: "use"},
		{Name: "validate"},
		{Name: "key_field"},
		{Name: "source_key"},
		{Name: "on_exists"},
		{Name: "create_only"},
		{Name: "compare_with_target"},
	},
}

// On-exists policies of a target.
const (
	OnExistsSkip   = "skip"
	OnExistsUpdate = "update"
	OnExistsError  = "error"
)

func decodeEndpointBlock(src []byte, block *hcl.Block) (*Endpoint, hcl.Diagnostics) {
	ep := &Endpoint{
		Connector:      block.Labels[0],
		ConnectorRange: block.LabelRanges[0],
		DeclRange:      block.DefRange,
		Validate:       true,
	}
	content, rest, diags := block.Body.PartialContent(endpointSchema)
	ep.Config, ep.ownConfig = rest, rest
	if attr, ok := content.Attributes["use"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &ep.Use)...)
		ep.UseRange = attr.Expr.Range()
	}
	if attr, ok := content.Attributes["schema"]; ok {
		more := gohcl.DecodeExpression(attr.Expr, nil, &ep.Schema)
		diags = append(diags, more...)
		ep.SchemaRange = attr.Expr.Range()
		if !more.HasErrors() && strings.Count(ep.Schema, "/") != 1 {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid schema reference",
				Detail:   `A schema is named "<system>/<entity>", for example "exactonline/sales_order".`,
				Subject:  ep.SchemaRange.Ptr(),
			})
		}
	}
	if attr, ok := content.Attributes["validate"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &ep.Validate)...)
	}
	diags = append(diags, decodeWriteSemantics(src, block, content, ep)...)
	return ep, diags
}

// decodeWriteSemantics reads the attributes that say how a target treats
// records it already has. They mean nothing on a source.
func decodeWriteSemantics(src []byte, block *hcl.Block, content *hcl.BodyContent, ep *Endpoint) hcl.Diagnostics {
	var diags hcl.Diagnostics
	ep.OnExists = OnExistsSkip
	for _, name := range []string{"key_field", "source_key", "on_exists", "create_only", "compare_with_target"} {
		if attr, ok := content.Attributes[name]; ok && block.Type == "source" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Target-only setting",
				Detail: name + " says how a target treats records it already has; it belongs in the target block.", Subject: attr.NameRange.Ptr()})
		}
	}
	if attr, ok := content.Attributes["key_field"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &ep.KeyField)...)
		ep.KeyFieldRange = attr.Expr.Range()
	}
	if attr := syntaxAttr(block.Body, "source_key"); attr != nil {
		e, more := decodeExpr(src, attr)
		diags = append(diags, more...)
		ep.SourceKey = e
	}
	if attr, ok := content.Attributes["on_exists"]; ok {
		more := gohcl.DecodeExpression(attr.Expr, nil, &ep.OnExists)
		diags = append(diags, more...)
		ep.OnExistsRange = attr.Expr.Range()
		if !more.HasErrors() && ep.OnExists != OnExistsSkip && ep.OnExists != OnExistsUpdate && ep.OnExists != OnExistsError {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid on_exists",
				Detail: `on_exists is "skip" (leave the record as the target has it), "update" or "error" (set the record aside).`, Subject: attr.Expr.Range().Ptr()})
		}
	}
	if attr, ok := content.Attributes["create_only"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &ep.CreateOnly)...)
		ep.CreateOnlyRng = attr.Expr.Range()
	}
	if attr, ok := content.Attributes["compare_with_target"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &ep.CompareWithTarget)...)
		if ep.CompareWithTarget && ep.OnExists != OnExistsUpdate {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "compare_with_target without updates",
				Detail: `compare_with_target reads the target's record before an update; it needs on_exists = "update".`, Subject: attr.Expr.Range().Ptr()})
		}
	}
	if ep.KeyField == "" && (ep.OnExists != OnExistsSkip || len(ep.CreateOnly) > 0) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing key_field",
			Detail: "on_exists and create_only need key_field: the target field by which an existing record is recognised, for example key_field = \"YourRef\".", Subject: block.DefRange.Ptr()})
	}
	return diags
}
