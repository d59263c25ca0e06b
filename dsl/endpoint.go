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
		{Name: "validate"},
	},
}

func decodeEndpointBlock(block *hcl.Block) (*Endpoint, hcl.Diagnostics) {
	ep := &Endpoint{
		Connector:      block.Labels[0],
		ConnectorRange: block.LabelRanges[0],
		DeclRange:      block.DefRange,
		Validate:       true,
	}
	content, rest, diags := block.Body.PartialContent(endpointSchema)
	ep.Config = rest
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
	return ep, diags
}
