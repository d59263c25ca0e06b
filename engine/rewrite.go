package engine

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine/exprenv"
	"github.com/pipeline-dev/pipeline/schemas"
)

// rewriter checks the names an expression uses and rewrites record access
// so that nothing decodes a whole record at run time:
//
//   - source.a.b and item.a.b (and get('<constant path>')) become
//     identifiers whose values the runner resolves once per record (or per
//     element) with gjson, checked against the schema at compile time;
//   - var.name becomes the variable's constant value;
//   - lookup('<table>', ...) must name a declared lookup table.
type rewriter struct {
	c      *exprCompiler
	e      *dsl.Expr
	sc     *scope
	target *schemas.Field // the target field the expression fills, if known
	ok     bool

	inner     map[ast.Node]bool             // member nodes that are part of a longer path
	consumer  map[ast.Node]*ast.BuiltinNode // builtin calls by their first argument
	chainRoot map[ast.Node]bool             // identifiers that start a rewritten path
	callee    map[ast.Node]bool
	lets      map[string]bool
	ids       map[string]pathRef
}

type pathRef struct {
	ps  *pathSet
	idx int
}

func (r *rewriter) rewrite(root *ast.Node) bool {
	r.ok = true
	r.inner, r.chainRoot, r.callee = map[ast.Node]bool{}, map[ast.Node]bool{}, map[ast.Node]bool{}
	r.consumer = map[ast.Node]*ast.BuiltinNode{}
	r.lets, r.ids = map[string]bool{}, map[string]pathRef{}
	ast.Walk(root, visitor(r.mark))
	ast.Walk(root, visitor(r.patch))
	return r.ok
}

type visitor func(node *ast.Node)

func (v visitor) Visit(node *ast.Node) { v(node) }

// mark finds which member nodes start maximal constant paths and which
// identifiers are function names or let-bound names.
func (r *rewriter) mark(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.CallNode:
		r.callee[n.Callee] = true
	case *ast.BuiltinNode:
		if len(n.Arguments) > 0 {
			r.consumer[n.Arguments[0]] = n
		}
	case *ast.VariableDeclaratorNode:
		r.lets[n.Name] = true
	case *ast.MemberNode:
		if id, ok := n.Node.(*ast.IdentifierNode); ok && id.Value == "var" {
			r.chainRoot[id] = true // var.name is read by variable(), not as all variables
		}
		if root, _, ok := chain(n); ok && isPathRoot(root.Value) {
			r.chainRoot[root] = true
			if m := unwrapChain(n.Node); m != nil {
				r.inner[m] = true
			}
		}
	}
}

func (r *rewriter) patch(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		r.identifier(node, n)
	case *ast.MemberNode:
		if r.inner[n] {
			return
		}
		if id, ok := n.Node.(*ast.IdentifierNode); ok && id.Value == "var" {
			r.variable(node, n)
			return
		}
		root, segs, ok := chain(n)
		if !ok || !isPathRoot(root.Value) {
			return
		}
		r.path(node, root, segs)
	case *ast.CallNode:
		r.call(node, n)
	case *ast.BuiltinNode:
		if n.Name == "get" {
			r.getCall(node, n.Arguments)
			return
		}
		r.projection(n)
	}
}

func (r *rewriter) identifier(node *ast.Node, n *ast.IdentifierNode) {
	if r.callee[n] || r.chainRoot[n] || r.lets[n.Value] || strings.HasPrefix(n.Value, "$") || r.relatedKey(node, n) {
		return
	}
	switch n.Value {
	case "source", "item", "parent":
		r.path(node, n, nil)
	case "index":
		if r.sc.name != "item" {
			from, to := nodeSpan(n, n.Value)
			r.fail(from, to, "Unknown name", "index is the position of the current element and exists only inside an each block or a pipeline with for_each.")
		}
	case "var":
		vars := map[string]any{}
		for k, v := range r.c.vars {
			vars[k] = v
		}
		ast.Patch(node, &ast.ConstantNode{Value: vars})
	default:
		from, to := nodeSpan(n, n.Value)
		hint := dsl.DidYouMean(n.Value, append([]string{"source", "item", "parent", "index", "var"}, r.c.funcNames...))
		if hint == "" && dsl.Suggest(n.Value, r.c.varNames) != "" {
			hint = fmt.Sprintf(" Variables are read as var.%s.", dsl.Suggest(n.Value, r.c.varNames))
		}
		r.fail(from, to, "Unknown name", fmt.Sprintf("There is no %q here; expressions read the record as source.<field>, array elements as item.<field>, settings as var.<name>.%s", n.Value, hint))
	}
}

func (r *rewriter) variable(node *ast.Node, n *ast.MemberNode) {
	prop, ok := n.Property.(*ast.StringNode)
	if !ok {
		return
	}
	v, found := r.c.vars[prop.Value]
	if !found {
		from, to := nodeSpan(prop, prop.Value)
		r.fail(from, to, "Unknown variable", fmt.Sprintf("No variable %q is declared.%s", prop.Value, dsl.DidYouMean(prop.Value, r.c.varNames)))
		return
	}
	ast.Patch(node, &ast.ConstantNode{Value: v})
}

func (r *rewriter) call(node *ast.Node, n *ast.CallNode) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return
	}
	if !r.c.funcs[id.Value] {
		from, to := nodeSpan(id, id.Value)
		r.fail(from, to, "Unknown function", fmt.Sprintf("There is no function named %q; `pipeline functions` lists them all.%s", id.Value, dsl.DidYouMean(id.Value, r.c.funcNames)))
		return
	}
	switch id.Value {
	case "lookup":
		r.lookupCall(n)
	case "related":
		r.relatedCall(node, n)
	case "truncate":
		r.truncateCall(n)
	case "get":
		r.getCall(node, n.Arguments)
	}
}

// getCall rewrites get('<constant path>') into a path of the record
// resolved once per record; a computed path reads the whole record, which
// the runner then keeps in the environment. expr parses get as its builtin
// (a BuiltinNode), so both node kinds lead here.
func (r *rewriter) getCall(node *ast.Node, args []ast.Node) {
	if len(args) != 1 {
		return // get(map, key), the builtin
	}
	if s, ok := args[0].(*ast.StringNode); ok {
		root := r.sc.root().paths
		idx := root.add(s.Value, nil)
		key := root.key(idx)
		r.ids[key] = pathRef{ps: root, idx: idx}
		ast.Patch(node, &ast.IdentifierNode{Value: key})
		return
	}
	r.c.wholeUsed = true
}

func (r *rewriter) lookupCall(n *ast.CallNode) {
	if len(n.Arguments) == 0 {
		return
	}
	declaredName(r, n, "lookup", "lookup table", ", for example lookup('payment_terms', source.payment.term)", r.c.plan.lookups)
}

// declaredName returns the first argument of a call to fn (lookup,
// related) when it is a quoted name declared in known; otherwise it reports
// the argument as invalid or unknown, naming what fn expects (noun, with
// example after it), and returns false.
func declaredName[V any](r *rewriter, n *ast.CallNode, fn, noun, example string, known map[string]V) (string, bool) {
	s, ok := n.Arguments[0].(*ast.StringNode)
	if !ok {
		from, to := nodeSpan(n.Arguments[0], "")
		r.fail(from, to, "Invalid "+fn+" call", "The first argument of "+fn+" is the quoted name of a "+noun+example+".")
		return "", false
	}
	if _, ok := known[s.Value]; !ok {
		from, to := nodeSpan(s, s.Value+"''")
		r.fail(from, to, "Unknown "+noun, fmt.Sprintf("No %s %q is declared in this pipeline.%s", fn, s.Value, dsl.DidYouMean(s.Value, slices.Collect(maps.Keys(known)))))
		return "", false
	}
	return s.Value, true
}

// truncateCall gives truncate(x) without a length the maximum length of the
// target field it fills, from the target schema.
func (r *rewriter) truncateCall(n *ast.CallNode) {
	if len(n.Arguments) != 1 {
		return
	}
	if r.target == nil || r.target.MaxLength < 0 {
		from, to := nodeSpan(n.Callee, "truncate")
		r.fail(from, to, "Unknown maximum length", "truncate(x) cuts to the target field's maximum length, but the target schema gives this field none; write the length: truncate(x, 60).")
		return
	}
	n.Arguments = append(n.Arguments, &ast.IntegerNode{Value: r.target.MaxLength})
}

// relatedCall checks related('<block>', key[, item]) and rewrites it into
// the hidden __related(__run, '<block>', key[, item]), which reaches the
// run's connections.
func (r *rewriter) relatedCall(node *ast.Node, n *ast.CallNode) {
	if len(n.Arguments) != 2 && len(n.Arguments) != 3 {
		from, to := nodeSpan(n.Callee, "related")
		r.fail(from, to, "Invalid related call", "related takes the quoted name of a related block, a key and optionally the value its create block reads as item, for example related('customer', lower(source.email)) or related('product', item.sku, item).")
		return
	}
	name, ok := declaredName(r, n, "related", "related block", "", r.c.plan.related)
	if !ok {
		return
	}
	r.c.relatedUsed[name] = true
	// A create map may look records up, but not create or update them:
	// one create triggering another would need cycle checks (a create of A
	// that creates B that creates A) and leaves the first record's failure
	// after the second was made.
	if in := r.c.createScope(r.sc); in != nil && r.c.plan.related[name].mayWrite {
		from, to := nodeSpan(n.Callee, "related")
		r.fail(from, to, "Invalid related call", fmt.Sprintf("related %q creates or updates records, so a create block (here related %q's) cannot call it: one create does not trigger another. Look the record up with a related block without create, or create it from the pipeline's map.", name, in.name))
		return
	}
	ast.Patch(node, &ast.CallNode{
		Callee:    &ast.IdentifierNode{Value: "__related"},
		Arguments: append([]ast.Node{&ast.IdentifierNode{Value: runVar}}, n.Arguments...),
	})
}

// relatedKey rewrites key, inside a create block, into the hidden name the
// runner binds to the key being created; ok is false elsewhere.
func (r *rewriter) relatedKey(node *ast.Node, n *ast.IdentifierNode) bool {
	if n.Value != "key" || r.c.createScope(r.sc) == nil {
		return false
	}
	ast.Patch(node, &ast.IdentifierNode{Value: relatedKeyVar})
	return true
}

// path rewrites a constant path rooted at source or item into an identifier
// resolved per record, after checking it against the scope's schema.
func (r *rewriter) path(node *ast.Node, root *ast.IdentifierNode, segs []string) {
	sc, problem := r.sc.named(root.Value)
	if sc == nil {
		from, to := nodeSpan(root, root.Value)
		r.fail(from, to, "Unknown name", problem)
		return
	}
	field, ok := r.checkPath(root, sc.schema, segs)
	if !ok {
		return
	}
	gpath := gjsonPath(segs)
	idx := sc.paths.add(gpath, segs)
	sc.paths.fields[idx] = field
	sc.paths.uses[idx]++
	key := sc.paths.key(idx)
	r.ids[key] = pathRef{ps: sc.paths, idx: idx}
	ast.Patch(node, &ast.IdentifierNode{Value: key})
}

func (r *rewriter) pathOf(name string) (pathRef, bool) {
	ref, ok := r.ids[name]
	return ref, ok
}

func (r *rewriter) fail(from, to int, summary, detail string) {
	r.ok = false
	r.c.errorAt(r.e, from, to, summary, detail)
}

// checkPath reports a path segment the schema does not know, with a
// did-you-mean from the properties the schema does list.
func (r *rewriter) checkPath(rootNode *ast.IdentifierNode, f *schemas.Field, segs []string) (*schemas.Field, bool) {
	root := rootNode.Value
	for i, seg := range segs {
		if f == nil {
			return nil, true
		}
		if _, err := strconv.Atoi(seg); err == nil && f.Items != nil {
			f = f.Items
			continue
		}
		child, ok := f.Child(seg)
		if !ok {
			names := f.Names()
			if len(names) == 0 {
				return nil, true
			}
			from, _ := nodeSpan(rootNode, root)
			// Point at the misspelled segment: root + "." + earlier segments.
			off := from + len([]rune(root))
			for _, s := range segs[:i] {
				off += 1 + len([]rune(s))
			}
			r.fail(off+1, off+1+len([]rune(seg)), "Unknown source field",
				fmt.Sprintf("%s.%s is not a field of %s in its schema.%s", root, strings.Join(segs[:i+1], "."), describe(root, segs[:i]), dsl.DidYouMean(seg, names)))
			return nil, false
		}
		f = child
	}
	return f, true
}

func describe(root string, segs []string) string {
	if len(segs) == 0 {
		return root
	}
	return root + "." + strings.Join(segs, ".")
}

// chain reads n as a constant path: an identifier followed by constant
// member accesses. ok is false as soon as a part is computed.
func chain(n ast.Node) (*ast.IdentifierNode, []string, bool) {
	switch t := n.(type) {
	case *ast.IdentifierNode:
		return t, nil, true
	case *ast.ChainNode:
		return chain(t.Node)
	case *ast.MemberNode:
		if t.Method {
			return nil, nil, false
		}
		root, segs, ok := chain(t.Node)
		if !ok {
			return nil, nil, false
		}
		switch p := t.Property.(type) {
		case *ast.StringNode:
			return root, append(segs, p.Value), true
		case *ast.IntegerNode:
			if p.Value < 0 {
				return nil, nil, false
			}
			return root, append(segs, strconv.Itoa(p.Value)), true
		}
	}
	return nil, nil, false
}

func unwrapChain(n ast.Node) *ast.MemberNode {
	switch t := n.(type) {
	case *ast.MemberNode:
		return t
	case *ast.ChainNode:
		return unwrapChain(t.Node)
	}
	return nil
}

// gjsonPath joins path segments, escaping gjson's special characters so a
// field named "a.b" or "x*" is read literally.
func gjsonPath(segs []string) string {
	var b strings.Builder
	for i, s := range segs {
		if i > 0 {
			b.WriteByte('.')
		}
		for _, ch := range s {
			if strings.ContainsRune(`.*?|#@\!=<>%`, ch) {
				b.WriteByte('\\')
			}
			b.WriteRune(ch)
		}
	}
	return b.String()
}

var _ = exprenv.RecordVar
