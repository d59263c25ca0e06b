package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

var pipelineBlockSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "description"},
		{Name: "enabled"}, // enabled.go
		{Name: "filter"},
		{Name: "for_each"},
		{Name: "max_rejects"},
		{Name: "timezone"},
		{Name: "log_personal_data"},
		{Name: "schedule"}, // pipeline serve (serve.go)
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "source", LabelNames: []string{"connector"}},
		{Type: "target", LabelNames: []string{"connector"}},
		{Type: "lookup", LabelNames: []string{"name"}},
		{Type: "related", LabelNames: []string{"name"}},
		{Type: "map"},
		{Type: "each", LabelNames: []string{"field"}},
		{Type: "trigger", LabelNames: []string{"system"}}, // pipeline serve (serve.go)
	},
}

func decodePipelineBlock(src []byte, block *hcl.Block) (*Pipeline, hcl.Diagnostics) {
	p := &Pipeline{
		Name:      block.Labels[0],
		DeclRange: block.DefRange,
		NameRange: block.LabelRanges[0],
		Map:       &Mapping{DeclRange: block.DefRange},
	}
	content, diags := block.Body.Content(pipelineBlockSchema)
	diags = append(diags, checkName("pipeline", p.Name, p.NameRange)...)

	if attr, ok := content.Attributes["description"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &p.Description)...)
	}
	if attr, ok := content.Attributes["timezone"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &p.Timezone)...)
		p.TimezoneRange = attr.Expr.Range()
	}
	diags = append(diags, decodeServe(src, p, content)...)
	if attr, ok := content.Attributes["log_personal_data"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &p.LogPersonalData)...)
	}
	if attr, ok := content.Attributes["max_rejects"]; ok {
		var n int
		more := gohcl.DecodeExpression(attr.Expr, nil, &n)
		diags = append(diags, more...)
		if !more.HasErrors() {
			if n < 0 {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid max_rejects",
					Detail: "max_rejects is a count of records and cannot be negative.", Subject: attr.Expr.Range().Ptr()})
			}
			p.MaxRejects = &n
		}
	}
	if attr := syntaxAttr(block.Body, "filter"); attr != nil {
		filters, more := decodeFilters(src, attr)
		diags = append(diags, more...)
		p.Filters = filters
	}
	if attr := syntaxAttr(block.Body, "enabled"); attr != nil {
		var more hcl.Diagnostics
		p.Enabled, more = decodeEnabled(src, attr)
		diags = append(diags, more...)
	}
	if attr := syntaxAttr(block.Body, "for_each"); attr != nil {
		p.ForEach, diags = decodeForEach(src, attr, diags)
	}

	var eachFields []*Field
	lookups := map[string]hcl.Range{}
	for _, b := range content.Blocks {
		switch b.Type {
		case "source", "target":
			now, deferred := deferPolicies(src, b)
			ep, more := decodeEndpointBlock(src, now)
			if deferred != nil {
				// Decoded again, with the variables' values, by Resolve.
				more = nil
			}
			diags = append(diags, more...)
			prev := &p.Source
			if b.Type == "target" {
				prev = &p.Target
			}
			if *prev != nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate " + b.Type + " block",
					Detail: "A pipeline has exactly one " + b.Type + ".", Subject: b.DefRange.Ptr()})
				continue
			}
			*prev = ep
			if deferred != nil {
				p.deferred = append(p.deferred, deferred)
			}
		case "lookup":
			if prev, dup := lookups[b.Labels[0]]; dup {
				diags = append(diags, duplicate("lookup", b.Labels[0], b.LabelRanges[0], prev))
				continue
			}
			lookups[b.Labels[0]] = b.DefRange
			l, more := decodeLookupBlock(src, b)
			diags = append(diags, more...)
			if l != nil {
				p.Lookups = append(p.Lookups, l)
			}
		case "related":
			if prev, dup := lookups["related "+b.Labels[0]]; dup {
				diags = append(diags, duplicate("related", b.Labels[0], b.LabelRanges[0], prev))
				continue
			}
			lookups["related "+b.Labels[0]] = b.DefRange
			now, deferred := deferPolicies(src, b)
			var fromVars []string
			if deferred != nil {
				fromVars = deferred.attrs
			}
			r, more := decodeRelatedBlock(src, now, fromVars)
			if deferred != nil {
				deferred.index = len(p.Related)
				p.deferred = append(p.deferred, deferred)
				more = nil
			}
			diags = append(diags, more...)
			p.Related = append(p.Related, r)
		case "map":
			if len(p.Map.Fields) > 0 {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate map block",
					Detail: "Write all field mappings of a pipeline in one map block.", Subject: b.DefRange.Ptr()})
				continue
			}
			m, more := decodeMapBody(src, syntaxBody(b.Body), b.DefRange)
			diags = append(diags, more...)
			p.Map.Fields = append(m.Fields, p.Map.Fields...)
			p.Map.DeclRange = b.DefRange
		case "each":
			f, more := decodeEachBlock(src, b)
			diags = append(diags, more...)
			if f != nil {
				eachFields = append(eachFields, f)
			}
		}
	}
	p.Map.Fields = append(p.Map.Fields, eachFields...)
	diags = append(diags, checkUniqueFields(p.Map)...)

	if p.Source == nil {
		diags = append(diags, missingBlock("source", block))
	}
	if p.Target == nil {
		diags = append(diags, missingBlock("target", block))
	}
	return p, diags
}

func missingBlock(kind string, block *hcl.Block) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Missing " + kind + " block",
		Detail:   `Pipeline "` + block.Labels[0] + `" needs a ` + kind + ` "<connector>" { ... } block.`,
		Subject:  block.DefRange.Ptr(),
	}
}

// decodeFilters reads a filter attribute: one expression or a list, each a
// string (a number or bool constant is not a condition).
func decodeFilters(src []byte, attr *hclsyntax.Attribute) ([]*Expr, hcl.Diagnostics) {
	exprs, diags := decodeExprList(src, attr)
	out := exprs[:0]
	for _, e := range exprs {
		if e.Const != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid filter expression",
				Detail:  `A filter is a condition in a string, for example "source.status == 'paid'".`,
				Subject: e.Range.Ptr()})
			continue
		}
		out = append(out, e)
	}
	return out, diags
}

// decodeExprList accepts one expression or a list of them.
func decodeExprList(src []byte, attr *hclsyntax.Attribute) ([]*Expr, hcl.Diagnostics) {
	if tuple, ok := attr.Expr.(*hclsyntax.TupleConsExpr); ok {
		var out []*Expr
		var diags hcl.Diagnostics
		for _, x := range tuple.Exprs {
			e, more := exprFromSyntax(src, x, attr.SrcRange)
			diags = append(diags, more...)
			if e != nil {
				out = append(out, e)
			}
		}
		return out, diags
	}
	e, diags := decodeExpr(src, attr)
	if e == nil {
		return nil, diags
	}
	return []*Expr{e}, diags
}

func checkName(kind, name string, rng hcl.Range) hcl.Diagnostics {
	if hclsyntax.ValidIdentifier(name) {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid " + kind + " name",
		Detail:   "A " + kind + " name must start with a letter and contain only letters, digits, underscores and dashes.",
		Subject:  rng.Ptr(),
	}}
}

// decodeForEach reads for_each: an expression in a string giving the list
// whose elements become the target records of one source record.
func decodeForEach(src []byte, attr *hclsyntax.Attribute, diags hcl.Diagnostics) (*Expr, hcl.Diagnostics) {
	e, more := decodeExpr(src, attr)
	diags = append(diags, more...)
	if e != nil && e.Const != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid for_each",
			Detail:  `for_each is an expression in a string giving a list, for example "source.variants"; each element becomes its own target record.`,
			Subject: e.Range.Ptr()})
		return nil, diags
	}
	return e, diags
}
