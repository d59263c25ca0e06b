package engine

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine/exprenv"
	"github.com/pipeline-dev/pipeline/schemas"
)

// objectPlan writes one JSON object: its fields in the order the mapping
// declares them.
type objectPlan struct {
	fields []*fieldPlan
}

type fieldPlan struct {
	name     string
	key      []byte // `"Name":`, written before the value
	path     string // dotted target path for messages ("SalesOrderLines.NetPrice")
	prog     *program
	constant []byte // JSON of a literal written in the file
	object   *objectPlan
	each     *eachPlan
}

// eachPlan builds a target array from a source array.
type eachPlan struct {
	from    pathRef // the source array, in the enclosing scope
	scope   *scope  // the element scope (item, index)
	filters []*program
	elem    *objectPlan
	appends []appendPlan
	depth   int
}

type appendPlan struct {
	name string
	when *program
	obj  *objectPlan
}

func schemaRoot(s *schemas.Schema) *schemas.Field {
	if s == nil {
		return nil
	}
	return s.Root()
}

// compileObject compiles the fields of a mapping against the schema of the
// target object they fill (nil when unknown).
func (c *exprCompiler) compileObject(m *dsl.Mapping, target *schemas.Field, sc *scope, prefix string) *objectPlan {
	obj := &objectPlan{}
	for _, f := range m.Fields {
		path := joinPath(prefix, f.Name)
		fp := &fieldPlan{name: f.Name, path: path}
		key, _ := exprenv.AppendJSON(nil, f.Name)
		fp.key = append(key, ':')
		child := c.targetField(target, f, path)
		switch f.Kind {
		case dsl.FieldExpr:
			c.compileLeaf(fp, f, child, sc)
		case dsl.FieldObject:
			fp.object = c.compileObject(f.Object, child, sc, path)
		case dsl.FieldEach:
			fp.each = c.compileEach(f, child, sc, path)
		}
		obj.fields = append(obj.fields, fp)
	}
	c.checkRequired(m, target, prefix, nil)
	return obj
}

func (c *exprCompiler) compileLeaf(fp *fieldPlan, f *dsl.Field, schema *schemas.Field, sc *scope) {
	if f.Expr.Const != nil {
		v := ctyToGo(*f.Expr.Const)
		raw, err := exprenv.AppendJSON(nil, v)
		if err != nil {
			c.fieldError(f, "Invalid constant", err.Error())
			return
		}
		fp.constant = raw
		c.checkConstant(f, schema, v)
		return
	}
	fp.prog = c.compileFor(f.Expr, sc, false, fp.path, schema)
	if fp.prog != nil && fp.prog.hasConstant {
		c.checkConstant(f, schema, fp.prog.constant)
	}
}

func (c *exprCompiler) checkConstant(f *dsl.Field, schema *schemas.Field, v any) {
	if schema == nil || v == nil {
		return
	}
	if d, err := exprenv.ToDecimal(v); err == nil {
		if _, isString := v.(string); !isString {
			v = json.Number(d.String())
		}
	}
	if err := schema.Check(v); err != nil {
		c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Value not allowed by the target schema",
			Detail: fmt.Sprintf("%v.", err), Subject: f.Expr.Range.Ptr()})
	}
}

func (c *exprCompiler) compileEach(f *dsl.Field, schema *schemas.Field, sc *scope, path string) *eachPlan {
	each := f.Each
	depth := 1
	for s := sc; s.parent != nil; s = s.parent {
		depth++
	}
	ep := &eachPlan{depth: depth}
	var itemsSchema *schemas.Field
	if schema != nil {
		itemsSchema = schema.Items
		if itemsSchema == nil && len(schema.Types) > 0 && !contains(schema.Types, "array") {
			c.fieldError(f, "Target field is not an array", fmt.Sprintf("%s is of type %s in the target schema; an each block fills an array.", path, strings.Join(schema.Types, "|")))
		}
	}
	var fromSchema *schemas.Field
	if each.From != nil {
		prog := c.compile(each.From, sc, false, path)
		switch {
		case prog == nil:
		case prog.copy == nil:
			c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid each source",
				Detail:  "from names the source array by path, for example \"source.line_items\" or \"item.options\"; use filter to leave elements out.",
				Subject: each.From.Range.Ptr()})
		default:
			ep.from = *prog.copy
			fromSchema = ep.from.ps.fields[ep.from.idx]
		}
	}
	var elemSchema *schemas.Field
	if fromSchema != nil {
		elemSchema = fromSchema.Items
	}
	ep.scope = &scope{name: "item", paths: newPathSet("_i" + strconv.Itoa(depth) + "_"), schema: elemSchema, parent: sc}
	c.pathSets = append(c.pathSets, ep.scope.paths)
	for _, flt := range each.Filters {
		if p := c.compile(flt, ep.scope, true, ""); p != nil {
			ep.filters = append(ep.filters, p)
		}
	}
	ep.elem = c.compileObject(each.Map, itemsSchema, ep.scope, path)
	for _, a := range each.Appends {
		ap := appendPlan{name: a.Name}
		if a.When != nil {
			ap.when = c.compile(a.When, sc, true, "")
		}
		ap.obj = c.compileObject(a.Map, itemsSchema, sc, path)
		ep.appends = append(ep.appends, ap)
	}
	return ep
}

// targetField finds the schema of a target field, reporting unknown names
// with the closest known one.
func (c *exprCompiler) targetField(target *schemas.Field, f *dsl.Field, path string) *schemas.Field {
	if target == nil {
		return nil
	}
	names := target.Names()
	if len(names) == 0 {
		return nil
	}
	child, ok := target.Child(f.Name)
	if !ok {
		c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown target field",
			Detail:  fmt.Sprintf("%s is not a field of %s.%s", path, c.targetName(), dsl.DidYouMean(f.Name, names)),
			Subject: f.NameRange.Ptr()})
		return nil
	}
	if child.ReadOnly {
		c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Read-only target field",
			Detail:  fmt.Sprintf("%s is read-only in %s: the system sets it and ignores what is sent.", path, c.targetName()),
			Subject: f.NameRange.Ptr()})
	}
	return child
}

func (c *exprCompiler) targetName() string {
	if s := c.plan.target.schema; s != nil {
		return s.Ref
	}
	return "the target"
}

// checkRequired reports required target fields no mapping fills.
func (c *exprCompiler) checkRequired(m *dsl.Mapping, target *schemas.Field, prefix string, extra []string) {
	if target == nil || len(target.Required) == 0 {
		return
	}
	have := map[string]bool{}
	for _, f := range m.Fields {
		have[f.Name] = true
	}
	for _, e := range extra {
		have[e] = true
	}
	var missing []string
	for _, r := range target.Required {
		if !have[r] {
			missing = append(missing, joinPath(prefix, r))
		}
	}
	if len(missing) == 0 {
		return
	}
	sort.Strings(missing)
	what := "field"
	if len(missing) > 1 {
		what = "fields"
	}
	c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing required target " + what,
		Detail: fmt.Sprintf("%s requires %s, which no mapping fills. Map %s or give a constant.",
			c.targetName(), strings.Join(missing, ", "), map[bool]string{true: "them", false: "it"}[len(missing) > 1]),
		Subject: m.DeclRange.Ptr()})
}

func (c *exprCompiler) fieldError(f *dsl.Field, summary, detail string) {
	c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: f.NameRange.Ptr()})
}

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
