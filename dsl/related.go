package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
)

// Related is a related block: records looked up by a natural key in one of
// the systems the pipeline talks to, for example the customer's account by
// e-mail in the target. Expressions call it as related('name', key[, item]),
// which gives the record found, the record created, or null.
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

	// Missing says what a key without a record gives: "null" (the default),
	// "error", which sets the record aside, or "create", which creates the
	// record from the Create map.
	Missing      string
	MissingRange hcl.Range

	// Found says what a record found gives: "use" (the default) or
	// "update", which first writes the Create map's fields over it when
	// they differ.
	Found      string
	FoundRange hcl.Range

	// Many says what several records for one key give: "error" (the
	// default) or "first".
	Many string

	// MissingVar and FoundVar say that missing and found are read from
	// variables (missing = var.missing_product): another setting may
	// switch them to "create" or "update", so a create block next to them
	// is kept and checked even when this setting does not use it.
	MissingVar, FoundVar bool

	// Create is the create { ... } map: the fields of a record to create
	// (missing = "create") or to write over a found one (found = "update").
	// Its expressions read source (the pipeline's record), key (the key
	// looked up) and item (related()'s third argument). Nil when absent.
	Create *Mapping

	// Shared: declared in the folder's settings.hcl. Every pipeline file
	// of the folder may call it; it is part of the pipelines that do.
	Shared bool

	DeclRange hcl.Range
}

// Policies of related blocks.
const (
	MissingNull   = "null"
	MissingError  = "error"
	MissingCreate = "create"
	FoundUse      = "use"
	FoundUpdate   = "update"
)

var relatedBlockSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "in"},
		{Name: "entity", Required: true},
		{Name: "by", Required: true},
		{Name: "missing"},
		{Name: "found"},
		{Name: "many"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "create"}},
}

// decodeRelatedBlock decodes a related block; fromVars are the policy
// attributes that were written over variables (policy.go).
func decodeRelatedBlock(src []byte, block *hcl.Block, fromVars []string) (*Related, hcl.Diagnostics) {
	f := &Related{Name: block.Labels[0], NameRange: block.LabelRanges[0], DeclRange: block.DefRange,
		In: "target", Missing: MissingNull, Found: FoundUse, Many: "error"}
	for _, name := range fromVars {
		f.MissingVar = f.MissingVar || name == "missing"
		f.FoundVar = f.FoundVar || name == "found"
	}
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
	str("missing", &f.Missing, &f.MissingRange, MissingNull, MissingError, MissingCreate)
	str("found", &f.Found, &f.FoundRange, FoundUse, FoundUpdate)
	str("many", &f.Many, nil, "error", "first")
	for _, b := range content.Blocks {
		if f.Create != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate create block",
				Detail: "A related block has one create block.", Subject: b.DefRange.Ptr()})
			continue
		}
		m, more := decodeMapBody(src, syntaxBody(b.Body), b.DefRange)
		diags = append(diags, more...)
		f.Create = m
	}
	diags = append(diags, f.checkCreate()...)
	return f, diags
}

// MayCreate reports whether the block creates records with this setting
// or, its missing policy being read from a variable, with another one.
func (f *Related) MayCreate() bool { return f.Missing == MissingCreate || f.MissingVar }

// MayWrite reports whether the block creates or updates records with this
// setting or another one of its variables.
func (f *Related) MayWrite() bool { return f.MayCreate() || f.Found == FoundUpdate || f.FoundVar }

// checkCreate reports a create block nothing uses and a policy that needs
// one that is missing, at the attribute or block concerned.
func (f *Related) checkCreate() hcl.Diagnostics {
	switch {
	case f.Create != nil && !f.MayWrite():
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unused create block",
			Detail:  `The create block is only used with missing = "create" (create the record when the key finds none) or found = "update" (write its fields over the record found); add one of them (or read it from a setting: missing = var.missing_customer) or remove the block.`,
			Subject: f.Create.DeclRange.Ptr()}}
	case f.Create == nil && f.Missing == MissingCreate:
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Missing create block",
			Detail:  `missing = "create" needs a create { ... } block with the fields of the new record, for example create { Name = "source.customer.name" }.`,
			Subject: f.MissingRange.Ptr()}}
	case f.Create == nil && f.Found == FoundUpdate:
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Missing create block",
			Detail:  `found = "update" writes the fields of the create { ... } block over the record found; add the block.`,
			Subject: f.FoundRange.Ptr()}}
	}
	return nil
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
