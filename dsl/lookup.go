package dsl

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

var lookupBlockSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "values"},
		{Name: "file"},
		{Name: "key_column"},
		{Name: "value_column"},
		{Name: "default"},
		{Name: "unmapped"},
	},
}

// decodeLookupBlock reads a value map written inline (values = { ... }),
// loaded from a CSV file beside the pipeline (file = "terms.csv"), or both.
func decodeLookupBlock(src []byte, block *hcl.Block) (*Lookup, hcl.Diagnostics) {
	l := &Lookup{Name: block.Labels[0], NameRange: block.LabelRanges[0], DeclRange: block.DefRange}
	content, diags := block.Body.Content(lookupBlockSchema)
	diags = append(diags, checkName("lookup", l.Name, l.NameRange)...)

	if attr := syntaxAttr(block.Body, "values"); attr != nil {
		obj, ok := attr.Expr.(*hclsyntax.ObjectConsExpr)
		if !ok {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid lookup values",
				Detail: `values is an object of key = value pairs, for example { "14d" = "14", "30d" = "30" }.`, Subject: attr.Expr.Range().Ptr()})
		} else {
			for _, item := range obj.Items {
				key, _, more := objectKey(item.KeyExpr)
				diags = append(diags, more...)
				v, more := item.ValueExpr.Value(nil)
				diags = append(diags, more...)
				if !diags.HasErrors() {
					l.Keys = append(l.Keys, key)
					l.Values = append(l.Values, v)
				}
			}
		}
	}
	keyCol, valCol := "key", "value"
	if attr, ok := content.Attributes["key_column"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &keyCol)...)
	}
	if attr, ok := content.Attributes["value_column"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &valCol)...)
	}
	if attr, ok := content.Attributes["file"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &l.File)...)
		if l.File != "" {
			diags = append(diags, l.loadCSV(attr.Expr.Range(), keyCol, valCol)...)
		}
	}
	if attr, ok := content.Attributes["default"]; ok {
		v, more := attr.Expr.Value(nil)
		diags = append(diags, more...)
		l.Default = &v
	}
	l.Unmapped = UnmappedError
	if l.Default != nil {
		l.Unmapped = UnmappedDefault
	}
	if attr, ok := content.Attributes["unmapped"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &l.Unmapped)...)
		switch l.Unmapped {
		case UnmappedError, UnmappedPass:
		case UnmappedDefault:
			if l.Default == nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing lookup default",
					Detail: `unmapped = "default" needs a default = ... value.`, Subject: attr.Expr.Range().Ptr()})
			}
		default:
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid unmapped policy",
				Detail:  `unmapped is one of "error" (set the record aside), "default" (use default) or "pass" (keep the value as is).`,
				Subject: attr.Expr.Range().Ptr()})
		}
	}
	seen := map[string]bool{}
	for _, k := range l.Keys {
		if seen[k] {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate lookup key",
				Detail: fmt.Sprintf("The key %q appears twice in lookup %q.", k, l.Name), Subject: block.DefRange.Ptr()})
		}
		seen[k] = true
	}
	return l, diags
}

// loadCSV reads key/value rows from the lookup's CSV file. Problems name the
// CSV file and line.
func (l *Lookup) loadCSV(at hcl.Range, keyCol, valCol string) hcl.Diagnostics {
	path := l.File
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(at.Filename), path)
	}
	fail := func(detail string) hcl.Diagnostics {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot load lookup file", Detail: detail, Subject: at.Ptr()}}
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(err.Error())
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.TrimLeadingSpace = true
	r.Comment = '#'
	header, err := r.Read()
	if err != nil {
		return fail(fmt.Sprintf("%s: reading the header row: %v", path, err))
	}
	ki, vi := -1, -1
	for i, h := range header {
		switch h {
		case keyCol:
			ki = i
		case valCol:
			vi = i
		}
	}
	if ki < 0 || vi < 0 {
		return fail(fmt.Sprintf("%s: the header row must name the columns %q and %q (found %q); set key_column and value_column to use others.", path, keyCol, valCol, header))
	}
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fail(fmt.Sprintf("%s: %v", path, err))
		}
		l.Keys = append(l.Keys, row[ki])
		l.Values = append(l.Values, cty.StringVal(row[vi]))
	}
}
