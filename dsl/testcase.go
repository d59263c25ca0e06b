package dsl

import (
	"os"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/zclconf/go-cty/cty"
)

// TestCase is the optional case.hcl of a golden test case folder: the
// variables and the clock the case runs with.
type TestCase struct {
	Description string
	Pipeline    string // which pipeline of the file, when it declares several
	Now         *time.Time
	Vars        map[string]cty.Value
}

var testCaseSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "description"},
		{Name: "pipeline"},
		{Name: "now"},
		{Name: "vars"},
	},
}

// LoadTestCase reads a case.hcl file; a missing file is an empty case.
func (l *Loader) LoadTestCase(path string) (*TestCase, hcl.Diagnostics) {
	tc := &TestCase{Vars: map[string]cty.Value{}}
	src, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return tc, nil
	}
	if err != nil {
		return tc, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read test case", Detail: err.Error()}}
	}
	f, diags := l.parser.ParseHCL(src, path)
	if f == nil {
		return tc, diags
	}
	content, more := f.Body.Content(testCaseSchema)
	diags = append(diags, more...)
	if attr, ok := content.Attributes["description"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &tc.Description)...)
	}
	if attr, ok := content.Attributes["pipeline"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &tc.Pipeline)...)
	}
	if attr, ok := content.Attributes["now"]; ok {
		var s string
		more := gohcl.DecodeExpression(attr.Expr, nil, &s)
		diags = append(diags, more...)
		if !more.HasErrors() {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid now",
					Detail: "now is an RFC 3339 time with an explicit offset, for example \"2024-05-01T10:00:00+02:00\".", Subject: attr.Expr.Range().Ptr()})
			} else {
				tc.Now = &t
			}
		}
	}
	if attr, ok := content.Attributes["vars"]; ok {
		v, more := attr.Expr.Value(nil)
		diags = append(diags, more...)
		if !more.HasErrors() && (v.Type().IsObjectType() || v.Type().IsMapType()) {
			for k, val := range v.AsValueMap() {
				tc.Vars[k] = val
			}
		}
	}
	return tc, diags
}
