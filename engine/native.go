package engine

import (
	"fmt"
	"reflect"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
)

// nativeCall is an expression that, after checking and optimisation, is
// nothing but library function calls over record values and constants:
// lookup('vat', item.vat_rate), lower(source.email), item.qty > 0 (the
// comparison is an overloaded function too). The runner calls those
// functions directly instead of starting the expression VM, which for such
// short expressions costs more than the work itself. The functions are the
// very ones the VM would call, so results and errors are the same.
type nativeCall struct {
	fn   func(args ...any) (any, error)
	args []nativeArg
	loc  file.Location
	buf  int // index of this call's argument buffer in the runner

	// op is "??" (args: value, fallback) or "?:" (args: condition, then,
	// else) instead of a function call when set.
	op string
}

type nativeArg struct {
	constant any
	ref      *pathRef    // a record value, when set
	key      string      // an env value (the run state), when set
	call     *nativeCall // a nested call, when set
}

// buildNative returns the native form of a checked expression tree, or nil
// when any part of it needs the VM.
func buildNative(n ast.Node, cfg *conf.Config, keys map[string]pathRef, bufs *int) *nativeCall {
	switch t := n.(type) {
	case *ast.BinaryNode:
		if t.Operator == "??" {
			return buildNativeOp("??", t.Location(), []ast.Node{t.Left, t.Right}, cfg, keys, bufs)
		}
		return nil
	case *ast.ConditionalNode:
		return buildNativeOp("?:", t.Location(), []ast.Node{t.Cond, t.Exp1, t.Exp2}, cfg, keys, bufs)
	}
	call, ok := n.(*ast.CallNode)
	if !ok {
		return nil
	}
	callee, ok := call.Callee.(*ast.IdentifierNode)
	if !ok {
		return nil
	}
	f, ok := cfg.Functions[callee.Value]
	if !ok || f.Func == nil || f.Deref != nil {
		return nil
	}
	nc := &nativeCall{fn: f.Func, loc: call.Location(), buf: *bufs}
	*bufs++
	for _, a := range call.Arguments {
		arg, ok := nativeLeaf(a, keys)
		if !ok {
			sub := buildNative(a, cfg, keys, bufs)
			if sub == nil {
				return nil
			}
			arg = nativeArg{call: sub}
		}
		nc.args = append(nc.args, arg)
	}
	return nc
}

// buildNativeOp builds the native form of ?? and ?: from their operands.
func buildNativeOp(op string, loc file.Location, operands []ast.Node, cfg *conf.Config, keys map[string]pathRef, bufs *int) *nativeCall {
	nc := &nativeCall{op: op, loc: loc}
	for _, o := range operands {
		arg, ok := nativeLeaf(o, keys)
		if !ok {
			sub := buildNative(o, cfg, keys, bufs)
			if sub == nil {
				return nil
			}
			arg = nativeArg{call: sub}
		}
		nc.args = append(nc.args, arg)
	}
	return nc
}

// nativeLeaf reads a constant or a record value as the VM would push it.
func nativeLeaf(n ast.Node, keys map[string]pathRef) (nativeArg, bool) {
	switch t := n.(type) {
	case *ast.IdentifierNode:
		if ref, ok := keys[t.Value]; ok {
			return nativeArg{ref: &ref}, true
		}
		if t.Value == runVar {
			return nativeArg{key: t.Value}, true
		}
	case *ast.StringNode:
		return nativeArg{constant: t.Value}, true
	case *ast.BoolNode:
		return nativeArg{constant: t.Value}, true
	case *ast.NilNode:
		return nativeArg{constant: nil}, true
	case *ast.FloatNode:
		return nativeArg{constant: t.Value}, true
	case *ast.IntegerNode:
		if typ := t.Type(); typ != nil && typ.Kind() == reflect.Float64 {
			return nativeArg{constant: float64(t.Value)}, true
		}
		if typ := t.Type(); typ != nil && typ.Kind() != reflect.Int && typ.Kind() != reflect.Interface {
			return nativeArg{}, false
		}
		return nativeArg{constant: t.Value}, true
	case *ast.ConstantNode:
		return nativeArg{constant: t.Value}, true
	}
	return nativeArg{}, false
}

// evalNative calls the functions of a native expression, innermost first.
// Errors carry the failing call's position like the VM's do.
func (r *runner) evalNative(nc *nativeCall, src file.Source) (out any, err error) {
	switch nc.op {
	case "??":
		v, err := r.evalArg(nc.args[0], src)
		if err != nil || v != nil {
			return v, err
		}
		return r.evalArg(nc.args[1], src)
	case "?:":
		c, err := r.evalArg(nc.args[0], src)
		if err != nil {
			return nil, err
		}
		b, ok := c.(bool)
		if !ok {
			fe := &file.Error{Location: nc.loc, Message: fmt.Sprintf("the condition of ?: is %T, not a boolean", c)}
			return nil, fe.Bind(src)
		}
		if b {
			return r.evalArg(nc.args[1], src)
		}
		return r.evalArg(nc.args[2], src)
	}
	buf := r.argBufs[nc.buf][:0]
	for _, a := range nc.args {
		switch {
		case a.call != nil:
			v, err := r.evalNative(a.call, src)
			if err != nil {
				return nil, err
			}
			buf = append(buf, v)
		case a.ref != nil:
			buf = append(buf, r.vals[a.ref.ps.id][a.ref.idx])
		case a.key != "":
			buf = append(buf, r.env[a.key])
		default:
			buf = append(buf, a.constant)
		}
	}
	r.argBufs[nc.buf] = buf
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
		if err != nil {
			fe := &file.Error{Location: nc.loc, Message: err.Error()}
			fe.Wrap(err)
			err = fe.Bind(src)
		}
	}()
	return nc.fn(buf...)
}

func (r *runner) evalArg(a nativeArg, src file.Source) (any, error) {
	switch {
	case a.call != nil:
		return r.evalNative(a.call, src)
	case a.ref != nil:
		return r.vals[a.ref.ps.id][a.ref.idx], nil
	case a.key != "":
		return r.env[a.key], nil
	}
	return a.constant, nil
}
