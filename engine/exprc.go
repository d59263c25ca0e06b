package engine

import (
	"errors"
	"fmt"
	"regexp"
	"sort"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine/exprenv"
	"github.com/pipeline-dev/pipeline/schemas"
)

// scope is what the names source, item and index mean where an expression
// is written: at the top of a pipeline, or inside an each block.
type scope struct {
	name   string         // "source" for the record, "item" inside each
	paths  *pathSet       // paths resolved against this scope's value
	schema *schemas.Field // schema of this scope's value, nil when unknown
	parent *scope         // enclosing scope; nil at the top
}

func (s *scope) root() *scope {
	for s.parent != nil {
		s = s.parent
	}
	return s
}

// exprCompiler compiles the expressions of one pipeline and collects their
// diagnostics.
type exprCompiler struct {
	plan      *Plan
	vars      map[string]any
	varNames  []string
	diags     hcl.Diagnostics
	funcs     map[string]bool
	funcNames []string
	wholeUsed bool
	pathSets  []*pathSet // every scope's paths, finalized after compiling

	// relatedUsed are the related blocks some expression calls: a shared
	// block (settings.hcl) no expression calls is left out of the plan.
	relatedUsed map[string]bool
}

func newExprCompiler(plan *Plan, vars map[string]any, decls []*dsl.Variable) *exprCompiler {
	c := &exprCompiler{plan: plan, vars: vars, funcs: map[string]bool{}, pathSets: []*pathSet{plan.root}, relatedUsed: map[string]bool{}}
	for _, d := range decls {
		c.varNames = append(c.varNames, d.Name)
	}
	cfg := c.config(false)
	for name := range cfg.Functions {
		c.funcs[name] = true
	}
	for name := range cfg.Builtins {
		c.funcs[name] = true
	}
	c.funcs["related"] = true
	for name := range c.funcs {
		if len(name) > 0 && name[0] != '_' && name[0] != '$' {
			c.funcNames = append(c.funcNames, name)
		}
	}
	sort.Strings(c.funcNames)
	return c
}

// config builds a fresh expr configuration: the function library, and an
// environment in which the path identifiers the compiler introduces are
// unknown (typed any) and read from the run's env map.
func (c *exprCompiler) config(asBool bool) *conf.Config {
	cfg := conf.CreateNew()
	opts := []expr.Option{expr.Env(map[string]any{}), expr.AllowUndefinedVariables()}
	opts = append(opts, exprenv.Options(c.plan.exprCfg)...)
	opts = append(opts, expr.Function("__related", relatedFunc, new(func(any, any, any) any), new(func(any, any, any, any) any)))
	if asBool {
		opts = append(opts, expr.AsBool())
	}
	for _, op := range opts {
		op(cfg)
	}
	for name := range cfg.Disabled {
		delete(cfg.Builtins, name)
	}
	cfg.Check()
	return cfg
}

// compile parses, rewrites, type-checks and compiles one expression. It
// returns nil after recording diagnostics when the expression is wrong.
func (c *exprCompiler) compile(e *dsl.Expr, sc *scope, asBool bool, field string) *program {
	return c.compileFor(e, sc, asBool, field, nil)
}

// compileFor compiles an expression that fills a target field whose schema
// is known, so that truncate(x) can cut to the field's maximum length.
func (c *exprCompiler) compileFor(e *dsl.Expr, sc *scope, asBool bool, field string, target *schemas.Field) *program {
	if e.Const != nil {
		if asBool {
			c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid filter",
				Detail: `A filter is an expression in a string, for example "source.status == 'paid'".`, Subject: e.Range.Ptr()})
		}
		return nil
	}
	cfg := c.config(asBool)
	tree, err := parser.ParseWithConfig(e.Src, cfg)
	if err != nil {
		c.exprError(e, "Invalid expression", err)
		return nil
	}
	r := &rewriter{c: c, e: e, sc: sc, target: target}
	if !r.rewrite(&tree.Node) {
		return nil
	}
	if _, err := new(checker.Checker).PatchAndCheck(tree, cfg); err != nil {
		c.exprError(e, "Invalid expression", err)
		return nil
	}
	if err := optimizer.Optimize(&tree.Node, cfg); err != nil {
		c.exprError(e, "Invalid expression", err)
		return nil
	}
	prog, err := compiler.Compile(tree, cfg)
	if err != nil {
		c.exprError(e, "Invalid expression", err)
		return nil
	}
	p := &program{prog: prog, expr: e, field: field}
	if id, ok := tree.Node.(*ast.IdentifierNode); ok && !asBool {
		if ref, ok := r.pathOf(id.Value); ok {
			p.copy = &ref
			ref.ps.uses[ref.idx]-- // copied as raw JSON, never converted
		}
	}
	p.native = buildNative(tree.Node, cfg, r.ids, &c.plan.nativeBufs)
	for _, ref := range r.ids {
		if p.copy == nil || *p.copy != ref {
			ref.ps.needValue[ref.idx] = true
			if p.native == nil {
				ref.ps.inMap[ref.idx] = true
			}
		}
	}
	switch n := tree.Node.(type) {
	case *ast.StringNode:
		p.constant, p.hasConstant = n.Value, true
	case *ast.IntegerNode:
		p.constant, p.hasConstant = n.Value, true
	case *ast.BoolNode:
		p.constant, p.hasConstant = n.Value, true
	case *ast.ConstantNode:
		p.constant, p.hasConstant = n.Value, true
	}
	return p
}

var unknownName = regexp.MustCompile(`^unknown name ([A-Za-z_][A-Za-z0-9_]*)`)

// exprError turns an expression-language error into a diagnostic at the
// exact position inside the pipeline file.
func (c *exprCompiler) exprError(e *dsl.Expr, summary string, err error) {
	var fe *file.Error
	subject := e.Range
	msg := err.Error()
	if errors.As(err, &fe) {
		subject = e.RangeOf(fe.From, fe.To)
		msg = fe.Message
	}
	detail := msg + "."
	if m := unknownName.FindStringSubmatch(msg); m != nil {
		detail += dsl.DidYouMean(m[1], append([]string{"source", "item", "parent", "index", "var"}, c.funcNames...))
	}
	c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary,
		Detail: detail, Subject: &subject, Context: e.Range.Ptr()})
}

// errorAt records a diagnostic about the runes [from, to) of an expression.
func (c *exprCompiler) errorAt(e *dsl.Expr, from, to int, summary, detail string) {
	rng := e.RangeOf(from, to)
	c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary,
		Detail: detail, Subject: &rng, Context: e.Range.Ptr()})
}

func nodeSpan(n ast.Node, name string) (int, int) {
	loc := n.Location()
	to := loc.To
	if to <= loc.From {
		to = loc.From + len([]rune(name))
		if to <= loc.From {
			to = loc.From + 1
		}
	}
	return loc.From, to
}

func (c *exprCompiler) String() string { return fmt.Sprintf("exprCompiler(%s)", c.plan.Name) }
