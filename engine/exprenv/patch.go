package exprenv

import (
	"reflect"
	"slices"

	"github.com/expr-lang/expr/ast"
)

// rewriter is the Patch visitor installed by Options. expr runs such
// visitors after a type check and before the operator overloads, so operand
// types are known here. It rewrites five things expr cannot express with
// plain functions:
//
//   - get(path): expr parses a one-argument get as its builtin (which needs
//     two). It becomes __get($env, path) so the function can read
//     env[RecordVar]; get(map, key) is left to the builtin.
//   - sum(array[, predicate]): registering a function named sum would hide
//     expr's predicate form, so the builtin node is rewritten instead, into
//     __sum(array) or __sum(map(array, predicate)).
//   - sortBy(array, key[, order]): its key is a closure too; it becomes
//     __sortBy(map(array, [#, key])[, order]) so that keys compare as the
//     operators do (see sorting.go).
//   - groupBy(array, key): likewise, into __groupBy(map(array, [#, key])),
//     so that equal numbers of different scales share a group (stats.go).
//   - unary minus on anything but int/float (Decimal, or a record field the
//     checker only knows as `any`) becomes __neg(x).
type rewriter struct{}

func (rewriter) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BuiltinNode:
		switch {
		case n.Name == "get" && len(n.Arguments) == 1:
			ast.Patch(node, call(fnGet, &ast.IdentifierNode{Value: "$env"}, n.Arguments[0]))
		case n.Name == "sum" && len(n.Arguments) == 1:
			ast.Patch(node, call(fnSum, n.Arguments[0]))
		case n.Name == "sum" && len(n.Arguments) == 2:
			mapped := &ast.BuiltinNode{Name: "map", Arguments: n.Arguments}
			mapped.SetLocation(n.Location())
			ast.Patch(node, call(fnSum, mapped))
		case n.Name == "sortBy" && len(n.Arguments) >= 2:
			keyPairs(node, n, fnSortBy)
		case n.Name == "groupBy" && len(n.Arguments) == 2:
			keyPairs(node, n, fnGroupBy)
		}
	case *ast.UnaryNode:
		if n.Operator != "-" {
			return
		}
		switch n.Node.Type().Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
			reflect.Float32, reflect.Float64:
			return // expr's own negation is exact for these
		}
		ast.Patch(node, call(opNeg, n.Node))
	}
}

// keyPairs rewrites sortBy(array, key[, order]) into
// __sortBy(map(array, [#, key])[, order]), and groupBy(array, key) into
// __groupBy(map(array, [#, key])).
func keyPairs(node *ast.Node, n *ast.BuiltinNode, name string) {
	key, ok := n.Arguments[1].(*ast.PredicateNode)
	if !ok {
		return
	}
	pair := &ast.ArrayNode{Nodes: []ast.Node{&ast.PointerNode{}, key.Node}}
	pair.SetLocation(key.Node.Location())
	pred := &ast.PredicateNode{Node: pair}
	pred.SetLocation(key.Location())
	mapped := &ast.BuiltinNode{Name: "map", Arguments: []ast.Node{n.Arguments[0], pred}}
	mapped.SetLocation(n.Location())
	args := []ast.Node{mapped}
	if len(n.Arguments) == 3 {
		args = append(args, n.Arguments[2])
	}
	ast.Patch(node, call(name, args...))
}

func call(name string, args ...ast.Node) *ast.CallNode {
	return &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}, Arguments: args}
}

// Refs are the constant arguments found in an expression: the paths of
// get('<path>') calls and the tables of lookup('<table>', key) calls, each
// listed once in order of appearance.
type Refs struct {
	Paths  []string
	Tables []string
}

// References walks a parsed tree (parser.Parse) or a compiled one
// (program.Node()) and returns its constant get paths and lookup tables,
// so the engine can check paths against the source schema and tables
// against the pipeline at compile time. In a compiled tree get(path) has
// already been rewritten into the hidden __get($env, path); both forms are
// recognised. Calls with a computed argument are not listed.
func References(tree ast.Node) Refs {
	v := &refVisitor{}
	ast.Walk(&tree, v)
	return v.refs
}

type refVisitor struct{ refs Refs }

func (v *refVisitor) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BuiltinNode:
		if n.Name == "get" && len(n.Arguments) == 1 {
			v.refs.Paths = addConst(v.refs.Paths, n.Arguments[0])
		}
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			return
		}
		switch {
		case id.Value == "get" && len(n.Arguments) == 1:
			v.refs.Paths = addConst(v.refs.Paths, n.Arguments[0])
		case id.Value == fnGet && len(n.Arguments) == 2:
			v.refs.Paths = addConst(v.refs.Paths, n.Arguments[1])
		case id.Value == "lookup" && len(n.Arguments) == 2:
			v.refs.Tables = addConst(v.refs.Tables, n.Arguments[0])
		}
	}
}

func addConst(list []string, n ast.Node) []string {
	var s string
	switch c := n.(type) {
	case *ast.StringNode:
		s = c.Value
	case *ast.ConstantNode:
		str, ok := c.Value.(string)
		if !ok {
			return list
		}
		s = str
	default:
		return list
	}
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
