package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// decodeMapBody reads the attributes of a map block, in source order, as
// target fields. An attribute whose value is an object ({ City = "..." })
// becomes a nested object; nested each blocks become array fields.
func decodeMapBody(src []byte, body *hclsyntax.Body, decl hcl.Range) (*Mapping, hcl.Diagnostics) {
	m := &Mapping{DeclRange: decl}
	if body == nil {
		return m, nil
	}
	var diags hcl.Diagnostics
	attrs := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		attrs = append(attrs, a)
	}
	sortAttributes(attrs)
	for _, a := range attrs {
		f, more := decodeFieldValue(src, a.Name, a.NameRange, a.Expr, a.SrcRange)
		diags = append(diags, more...)
		if f != nil {
			m.Fields = append(m.Fields, f)
		}
	}
	for _, b := range body.Blocks {
		if b.Type != "each" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsupported block type",
				Detail:  `Blocks of type "` + b.Type + `" are not expected here; a map block holds field = "expression" lines and each blocks.`,
				Subject: b.TypeRange.Ptr()})
			continue
		}
		f, more := decodeEachBlock(src, b.AsHCLBlock())
		diags = append(diags, more...)
		if f != nil {
			m.Fields = append(m.Fields, f)
		}
	}
	diags = append(diags, checkUniqueFields(m)...)
	return m, diags
}

func decodeFieldValue(src []byte, name string, nameRange hcl.Range, x hclsyntax.Expression, context hcl.Range) (*Field, hcl.Diagnostics) {
	if obj, ok := x.(*hclsyntax.ObjectConsExpr); ok {
		sub := &Mapping{DeclRange: obj.SrcRange}
		var diags hcl.Diagnostics
		for _, item := range obj.Items {
			key, keyRange, more := objectKey(item.KeyExpr)
			diags = append(diags, more...)
			if more.HasErrors() {
				continue
			}
			f, more := decodeFieldValue(src, key, keyRange, item.ValueExpr, hcl.RangeBetween(keyRange, item.ValueExpr.Range()))
			diags = append(diags, more...)
			if f != nil {
				sub.Fields = append(sub.Fields, f)
			}
		}
		diags = append(diags, checkUniqueFields(sub)...)
		return &Field{Name: name, NameRange: nameRange, Kind: FieldObject, Object: sub}, diags
	}
	e, diags := exprFromSyntax(src, x, context)
	if e == nil {
		return nil, diags
	}
	return &Field{Name: name, NameRange: nameRange, Kind: FieldExpr, Expr: e}, diags
}

// objectKey reads the key of an object item: a bare identifier or a quoted
// string, never an expression.
func objectKey(x hclsyntax.Expression) (string, hcl.Range, hcl.Diagnostics) {
	if k, ok := x.(*hclsyntax.ObjectConsKeyExpr); ok {
		if name := hcl.ExprAsKeyword(k.Wrapped); name != "" {
			return name, k.Range(), nil
		}
		x = k.Wrapped
	}
	if t, ok := x.(*hclsyntax.TemplateExpr); ok && len(t.Parts) == 1 {
		if lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
			return lit.Val.AsString(), t.SrcRange, nil
		}
	}
	return "", x.Range(), hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid field name",
		Detail: "A target field name is a plain name or a quoted string.", Subject: x.Range().Ptr()}}
}

func checkUniqueFields(m *Mapping) hcl.Diagnostics {
	var diags hcl.Diagnostics
	seen := map[string]hcl.Range{}
	for _, f := range m.Fields {
		if prev, dup := seen[f.Name]; dup {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate target field",
				Detail:  `The field "` + f.Name + `" is already mapped at ` + prev.String() + ".",
				Subject: f.NameRange.Ptr()})
			continue
		}
		seen[f.Name] = f.NameRange
	}
	return diags
}

func sortAttributes(attrs []*hclsyntax.Attribute) {
	for i := 1; i < len(attrs); i++ {
		for j := i; j > 0 && attrs[j].SrcRange.Start.Byte < attrs[j-1].SrcRange.Start.Byte; j-- {
			attrs[j], attrs[j-1] = attrs[j-1], attrs[j]
		}
	}
}
