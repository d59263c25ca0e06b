package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
)

// Related is a related block: records looked up by a natural key in one of
// the systems the pipeline talks to, for example the customer's account by
// e-mail in the target. Expressions call it as related('name', key), which
// gives the record found, or null.
type Related struct {
	Name      string
	NameRange hcl.Range

	// In is "target" (the default) or "source": whose connection answers.
	In      string
	InRange hcl.Range

	// Entity is the schema of the records looked up ("exactonline/account").
	Entity      string
	EntityRange hcl.Range

	// By is the field matched ("Email").
	By      string
	ByRange hcl.Range

	// Missing says what a key without a record gives: "null" (the default)
	// or "error", which sets the record aside.
	Missing string

	// Many says what several records for one key give: "error" (the
	// default) or "first".
	Many string

	DeclRange hcl.Range
}

var relatedBlockSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "in"},
		{Name: "entity", Required: true},
		{Name: "by", Required: true},
		{Name: "missing"},
		{Name: "many"},
	},
}

func decodeRelatedBlock(block *hcl.Block) (*Related, hcl.Diagnostics) {
	f := &Related{Name: block.Labels[0], NameRange: block.LabelRanges[0], DeclRange: block.DefRange,
		In: "target", Missing: "null", Many: "error"}
	content, diags := block.Body.Content(relatedBlockSchema)
	diags = append(diags, checkName("related", f.Name, f.NameRange)...)
	str := func(name string, dst *string, rng *hcl.Range, allowed ...string) {
		attr, ok := content.Attributes[name]
		if !ok {
			return
		}
		more := gohcl.DecodeExpression(attr.Expr, nil, dst)
		diags = append(diags, more...)
		if rng != nil {
			*rng = attr.Expr.Range()
		}
		if more.HasErrors() || len(allowed) == 0 {
			return
		}
		for _, a := range allowed {
			if *dst == a {
				return
			}
		}
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid " + name,
			Detail: name + " is one of " + quoteList(allowed) + ".", Subject: attr.Expr.Range().Ptr()})
	}
	str("in", &f.In, &f.InRange, "target", "source")
	str("entity", &f.Entity, &f.EntityRange)
	str("by", &f.By, &f.ByRange)
	str("missing", &f.Missing, nil, "null", "error")
	str("many", &f.Many, nil, "error", "first")
	return f, diags
}

func quoteList(list []string) string {
	out := ""
	for i, s := range list {
		switch {
		case i == 0:
		case i == len(list)-1:
			out += " or "
		default:
			out += ", "
		}
		out += `"` + s + `"`
	}
	return out
}
