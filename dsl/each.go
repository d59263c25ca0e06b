package dsl

import (
	"github.com/hashicorp/hcl/v2"
)

var eachBlockSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "from", Required: true},
		{Name: "filter"},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "map"},
		{Type: "append", LabelNames: []string{"name"}},
	},
}

var appendBlockSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "when"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "map"}},
}

// decodeEachBlock reads an each "Field" { from = ...; map { ... } } block
// into an array field.
func decodeEachBlock(src []byte, block *hcl.Block) (*Field, hcl.Diagnostics) {
	each := &Each{DeclRange: block.DefRange, Map: &Mapping{DeclRange: block.DefRange}}
	content, diags := block.Body.Content(eachBlockSchema)
	if attr := syntaxAttr(block.Body, "from"); attr != nil {
		e, more := decodeExpr(src, attr)
		diags = append(diags, more...)
		each.From = e
	}
	if attr := syntaxAttr(block.Body, "filter"); attr != nil {
		filters, more := decodeFilters(src, attr)
		diags = append(diags, more...)
		each.Filters = filters
	}
	maps := 0
	for _, b := range content.Blocks {
		switch b.Type {
		case "map":
			maps++
			if maps > 1 {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate map block",
					Detail: "An each block has one map block.", Subject: b.DefRange.Ptr()})
				continue
			}
			m, more := decodeMapBody(src, syntaxBody(b.Body), b.DefRange)
			diags = append(diags, more...)
			each.Map = m
		case "append":
			a, more := decodeAppendBlock(src, b)
			diags = append(diags, more...)
			each.Appends = append(each.Appends, a)
		}
	}
	if maps == 0 {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing map block",
			Detail: "An each block needs a map { ... } block saying how each element is mapped.", Subject: block.DefRange.Ptr()})
	}
	return &Field{Name: block.Labels[0], NameRange: block.LabelRanges[0], Kind: FieldEach, Each: each}, diags
}

func decodeAppendBlock(src []byte, block *hcl.Block) (*Append, hcl.Diagnostics) {
	a := &Append{Name: block.Labels[0], DeclRange: block.DefRange, Map: &Mapping{DeclRange: block.DefRange}}
	content, diags := block.Body.Content(appendBlockSchema)
	if attr := syntaxAttr(block.Body, "when"); attr != nil {
		e, more := decodeExpr(src, attr)
		diags = append(diags, more...)
		a.When = e
	}
	found := false
	for _, b := range content.Blocks {
		if found {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate map block",
				Detail: "An append block has one map block.", Subject: b.DefRange.Ptr()})
			continue
		}
		found = true
		m, more := decodeMapBody(src, syntaxBody(b.Body), b.DefRange)
		diags = append(diags, more...)
		a.Map = m
	}
	if !found {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing map block",
			Detail: "An append block needs a map { ... } block with the fields of the extra element.", Subject: block.DefRange.Ptr()})
	}
	return a, diags
}
