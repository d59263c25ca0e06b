package dsl

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// policyAttrs are the block attributes that choose a policy, a field or a
// schema and may be written as expressions over variables
// (missing = var.missing_product), so that one pipeline serves several
// set-ups through its settings.
var policyAttrs = map[string][]string{
	"source":  {"schema"},
	"target":  {"schema", "key_field", "on_exists", "create_only"},
	"related": {"in", "entity", "by", "missing", "found", "many"},
}

// deferredBlock is a block with policy attributes over variables. Their
// values are only known when the engine compiles (-var, the environment and
// test cases change them), so the block is decoded then, by Resolve, with
// each such attribute replaced by its value: the value is checked exactly
// as if it had been written there.
type deferredBlock struct {
	block *hcl.Block
	src   []byte
	attrs []string // the attributes read from variables
	index int      // position among the pipeline's related blocks
}

// deferPolicies finds the policy attributes of b written over variables.
// It returns the block to decode now, without them, and what Resolve needs
// later; d is nil when the block has none.
func deferPolicies(src []byte, b *hcl.Block) (now *hcl.Block, d *deferredBlock) {
	body := syntaxBody(b.Body)
	if body == nil {
		return b, nil
	}
	for _, name := range policyAttrs[b.Type] {
		if attr, ok := body.Attributes[name]; ok && readsVariables(attr.Expr) {
			if d == nil {
				d = &deferredBlock{block: b, src: src}
			}
			d.attrs = append(d.attrs, name)
		}
	}
	if d == nil {
		return b, nil
	}
	return d.substitute(nil), d
}

// readsVariables reports whether x refers to var.<name> and nothing else;
// other references (on_exists = update without quotes) are left to the
// decoder, which explains them.
func readsVariables(x hclsyntax.Expression) bool {
	refs := x.Variables()
	for _, t := range refs {
		if t.RootName() != "var" {
			return false
		}
	}
	return len(refs) > 0
}

// substitute returns a copy of the block in which each deferred attribute
// is the literal in values, or is left out when values has none for it.
func (d *deferredBlock) substitute(values map[string]cty.Value) *hcl.Block {
	body := syntaxBody(d.block.Body)
	nb := *body
	nb.Attributes = make(hclsyntax.Attributes, len(body.Attributes))
	for name, a := range body.Attributes {
		nb.Attributes[name] = a
	}
	for _, name := range d.attrs {
		v, ok := values[name]
		if !ok {
			delete(nb.Attributes, name)
			continue
		}
		na := *nb.Attributes[name]
		na.Expr = &hclsyntax.LiteralValueExpr{Val: v, SrcRange: na.Expr.Range()}
		nb.Attributes[name] = &na
	}
	blk := *d.block
	blk.Body = &nb
	return &blk
}

// Resolve returns the pipeline with its policy attributes and schedule
// written over variables evaluated with vars (the values of this compile) and checked
// as if each value had been written in its place. A variable without a
// value yet (an unknown value while validating) leaves the attribute at its
// default. Without such attributes it returns p itself; p is never
// changed, so that a decoded file can be compiled again with other values
// (the next test case).
func (p *Pipeline) Resolve(vars map[string]cty.Value) (*Pipeline, hcl.Diagnostics) {
	if len(p.deferred) == 0 && p.Serve.scheduleExpr == nil {
		return p, nil
	}
	cp := *p
	cp.Related = append([]*Related(nil), p.Related...)
	cp.resolved = nil
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"var": cty.ObjectVal(vars)}}
	var diags hcl.Diagnostics
	if p.Serve.scheduleExpr != nil {
		diags = append(diags, cp.resolveSchedule(ctx, vars)...)
	}
	for _, d := range p.deferred {
		values := map[string]cty.Value{}
		failed := false
		for _, name := range d.attrs {
			x := syntaxAttr(d.block.Body, name).Expr
			if more := undeclaredVariables(x, vars); more.HasErrors() {
				diags = append(diags, more...)
				failed = true
				continue
			}
			v, more := x.Value(ctx)
			diags = append(diags, more...)
			switch {
			case more.HasErrors():
				failed = true
			case v.IsWhollyKnown():
				values[name] = v
			}
		}
		if failed {
			continue
		}
		for name, v := range values {
			rng := syntaxAttr(d.block.Body, name).Expr.Range()
			cp.resolved = append(cp.resolved, resolvedAttr{rng: rng, text: string(rng.SliceBytes(d.src)), value: v})
		}
		b := d.substitute(values)
		var more hcl.Diagnostics
		switch b.Type {
		case "source":
			cp.Source, more = decodeEndpointBlock(d.src, b)
			keepConnection(cp.Source, p.Source)
		case "target":
			cp.Target, more = decodeEndpointBlock(d.src, b)
			keepConnection(cp.Target, p.Target)
		case "related":
			cp.Related[d.index], more = decodeRelatedBlock(d.src, b, d.attrs)
			cp.Related[d.index].Shared = p.Related[d.index].Shared
		}
		diags = append(diags, more...)
	}
	cp.ExplainVariables(diags)
	return &cp, diags
}

// undeclaredVariables reports var.<name> references to variables that are
// not declared, with the closest declared name.
func undeclaredVariables(x hclsyntax.Expression, vars map[string]cty.Value) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, t := range x.Variables() {
		if len(t) < 2 {
			continue
		}
		step, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			continue
		}
		if _, declared := vars[step.Name]; declared {
			continue
		}
		names := make([]string, 0, len(vars))
		for n := range vars {
			names = append(names, n)
		}
		at := step.SrcRange
		at.Start.Column++ // the name, not the dot before it
		at.Start.Byte++
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown variable",
			Detail:  fmt.Sprintf("No variable %q is declared in this file or the folder's settings.hcl.%s", step.Name, DidYouMean(step.Name, names)),
			Subject: &at})
	}
	return diags
}

// resolvedAttr is a policy attribute Resolve read from variables.
type resolvedAttr struct {
	rng   hcl.Range
	text  string // as written: var.on_exists
	value cty.Value
}

// ExplainVariables adds to each diagnostic about a policy attribute read
// from variables the value it had and where it came from, since the file
// shows only the variable: "The value "overwrite" comes from var.on_exists."
func (p *Pipeline) ExplainVariables(diags hcl.Diagnostics) {
	for _, diag := range diags {
		s := diag.Subject
		for _, a := range p.resolved {
			if s == nil || s.Filename != a.rng.Filename || s.Start.Byte < a.rng.Start.Byte || s.End.Byte > a.rng.End.Byte {
				continue
			}
			diag.Detail += fmt.Sprintf(" The value %s comes from %s.", valueText(a.value), a.text)
		}
	}
}

func valueText(v cty.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case v.Type() == cty.String:
		return fmt.Sprintf("%q", v.AsString())
	case v.Type() == cty.Bool || v.Type() == cty.Number:
		return literalText(v)
	}
	return "of type " + v.Type().FriendlyName()
}
