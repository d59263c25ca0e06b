package engine

import "github.com/expr-lang/expr/ast"

// A record array read only through closures, map(source.lines, .qty *
// .price), is converted keeping just the members the closures read: the
// runner then skips every other field of every element. That is only
// right when every member read anywhere downstream is kept, so a closure
// whose result still holds the elements (filter, sortBy) counts the
// members its consumer reads too: map(filter(source.lines, .qty > 0),
// .sku) keeps qty and sku. Anything else done with such a result (an
// index, a let, a field of the target) converts the array in full.

// projecting are the builtins whose closure reads the elements of their
// first argument and whose result holds no element: it is made of the
// closure's values, or counts, positions and truth values.
var projecting = map[string]bool{
	"all": true, "any": true, "none": true, "one": true, "count": true,
	"map": true, "sum": true, "findIndex": true, "findLastIndex": true,
}

// passing are the builtins whose result is (some of) the elements of
// their first argument, in an array: what reads the result reads the
// elements.
var passing = map[string]bool{"filter": true, "sortBy": true}

// projection notes that a record array is only read through the closure
// of n, such as map(source.lines, .qty * .price): the runner then converts
// only the members read, not every field of every element.
func (r *rewriter) projection(n *ast.BuiltinNode) {
	if len(n.Arguments) < 2 || (!projecting[n.Name] && !passing[n.Name]) {
		return
	}
	id, ok := n.Arguments[0].(*ast.IdentifierNode)
	if !ok {
		return
	}
	ref, ok := r.ids[id.Value]
	if !ok {
		return
	}
	keys, ok := closureMembers(n)
	if !ok {
		return
	}
	if passing[n.Name] {
		more, ok := r.readAfter(n)
		if !ok {
			return
		}
		keys = append(keys, more...)
	}
	ref.ps.project(ref.idx, keys)
}

// readAfter lists the members of the elements in n's result that what
// consumes the result reads. ok is false when it uses them any other way.
func (r *rewriter) readAfter(n *ast.BuiltinNode) ([]string, bool) {
	c := r.consumer[n]
	switch {
	case c == nil:
		return nil, false
	case c.Name == "len" && len(c.Arguments) == 1:
		return nil, true
	case !projecting[c.Name] && !passing[c.Name]:
		return nil, false
	}
	keys, ok := closureMembers(c)
	if !ok {
		return nil, false
	}
	if passing[c.Name] {
		more, ok := r.readAfter(c)
		if !ok {
			return nil, false
		}
		keys = append(keys, more...)
	}
	return keys, true
}

// closureMembers lists the members the closure of a builtin call reads.
func closureMembers(n *ast.BuiltinNode) ([]string, bool) {
	if len(n.Arguments) < 2 {
		return nil, false
	}
	p, ok := n.Arguments[1].(*ast.PredicateNode)
	if !ok {
		return nil, false
	}
	return predicateMembers(p.Node)
}

// predicateMembers lists the members a predicate reads from its element
// (.qty, .price). ok is false when it uses the element in any other way.
func predicateMembers(n ast.Node) ([]string, bool) {
	var keys []string
	ok := true
	members := map[ast.Node]bool{}
	ast.Walk(&n, visitor(func(node *ast.Node) {
		switch t := (*node).(type) {
		case *ast.MemberNode:
			if ptr, isPtr := t.Node.(*ast.PointerNode); isPtr && ptr.Name == "" {
				if prop, isStr := t.Property.(*ast.StringNode); isStr {
					members[ptr] = true
					keys = append(keys, prop.Value)
				}
			}
		case *ast.PredicateNode:
			ok = false // a nested closure: keep things simple
		}
	}))
	ast.Walk(&n, visitor(func(node *ast.Node) {
		if ptr, isPtr := (*node).(*ast.PointerNode); isPtr && !members[ptr] {
			ok = false
		}
	}))
	return keys, ok && len(keys) > 0
}
