package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/expr-lang/expr/vm"
	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/engine/exprenv"
)

// runner holds the per-run, single-goroutine state of a Plan: the expression
// environment, the virtual machine, and the buffers reused record after
// record so the steady state allocates little.
type runner struct {
	plan  *Plan
	env   map[string]any
	vm    vm.VM
	root  []gjson.Result
	items map[*pathSet][]gjson.Result
	out   []byte
	elems []string // the current record's for_each elements

	argBufs [][]any // one per native call, reused record after record

	// vals holds the converted values of every scope's paths, by pathSet
	// id: what native calls read.
	vals [][]any

	// vmOnly evaluates every expression with the VM, for the test that
	// proves native calls give the same results.
	vmOnly bool
}

func newRunner(p *Plan) *runner {
	r := &runner{
		plan:    p,
		env:     map[string]any{},
		root:    make([]gjson.Result, len(p.root.paths)),
		items:   map[*pathSet][]gjson.Result{},
		argBufs: make([][]any, p.nativeBufs),
		vals:    make([][]any, len(p.pathSets)),
	}
	for i, ps := range p.pathSets {
		r.vals[i] = make([]any, len(ps.paths))
	}
	return r
}

// eval evaluates a compiled expression, natively when it can. A plain
// path copy reads the resolved value directly: its path is never bound as
// an expression value.
func (r *runner) eval(p *program) (any, error) {
	if p.copy != nil {
		return exprenv.FromJSON(r.resultOf(*p.copy)), nil
	}
	if p.native != nil && !r.vmOnly {
		return r.evalNative(p.native, p.prog.Source())
	}
	return r.vm.Run(p.prog, r.env)
}

// fieldError is a failure while mapping one field of one record.
type fieldError struct {
	stage string
	field string
	prog  *program
	err   error
}

func (e *fieldError) Error() string { return e.err.Error() }

// load binds a record's resolved paths into the expression environment.
func (r *runner) load(raw []byte) {
	ps := r.plan.root
	ps.resolve(raw, r.root)
	r.bind(ps, r.root)
	if r.plan.wholeUsed {
		r.env[exprenv.RecordVar] = raw
	}
}

// bind converts the resolved paths some expression reads into expression
// values: into the value slice native calls read, and into the env map
// only where the VM reads them.
func (r *runner) bind(ps *pathSet, res []gjson.Result) {
	vals := r.vals[ps.id]
	for i, need := range ps.needValue {
		if !need {
			continue
		}
		var v any
		if ps.proj[i] != nil {
			v = projectJSON(res[i], ps.proj[i])
		} else {
			v = exprenv.FromJSON(res[i])
		}
		vals[i] = v
		if ps.inMap[i] || r.vmOnly {
			r.env[ps.keys[i]] = v
		}
	}
}

// projectJSON converts an array of objects keeping only the given members
// of each object; anything else converts in full.
func projectJSON(r gjson.Result, keys []string) any {
	if !r.IsArray() {
		return exprenv.FromJSON(r)
	}
	out := make([]any, 0, 8)
	r.ForEach(func(_, elem gjson.Result) bool {
		if !elem.IsObject() {
			out = append(out, exprenv.FromJSON(elem))
			return true
		}
		m := make(map[string]any, len(keys))
		elem.ForEach(func(k, v gjson.Result) bool {
			for _, want := range keys {
				if k.Str == want {
					if _, dup := m[want]; !dup {
						m[want] = exprenv.FromJSON(v)
					}
					break
				}
			}
			return true
		})
		out = append(out, m)
		return true
	})
	return out
}

// pass runs filters; false means the record (or element) is left out.
func (r *runner) pass(filters []*program) (bool, error) {
	for _, f := range filters {
		v, err := r.eval(f)
		if err != nil {
			return false, &fieldError{stage: "filter", prog: f, err: err}
		}
		if b, _ := v.(bool); !b {
			return false, nil
		}
	}
	return true, nil
}

// mapRecord writes the target record for the loaded source record.
func (r *runner) mapRecord() ([]byte, error) {
	r.out = r.out[:0]
	var err error
	r.out, err = r.writeObject(r.out, r.plan.out, r.root)
	return r.out, err
}

func (r *runner) writeObject(buf []byte, obj *objectPlan, scopeRes []gjson.Result) ([]byte, error) {
	buf = append(buf, '{')
	first := true
	for _, f := range obj.fields {
		mark := len(buf)
		if !first {
			buf = append(buf, ',')
		}
		buf = append(buf, f.key...)
		valStart := len(buf)
		var err error
		var wrote bool
		buf, wrote, err = r.writeField(buf, f)
		if err != nil {
			return buf, err
		}
		if !wrote || len(buf) == valStart {
			buf = buf[:mark]
			continue
		}
		first = false
	}
	return append(buf, '}'), nil
}

// writeField appends one field's value; wrote is false when the value is
// null or missing, and the field is then left out of the record.
func (r *runner) writeField(buf []byte, f *fieldPlan) ([]byte, bool, error) {
	switch {
	case f.constant != nil:
		return append(buf, f.constant...), true, nil
	case f.object != nil:
		start := len(buf)
		buf, err := r.writeObject(buf, f.object, nil)
		if err != nil {
			return buf, false, err
		}
		return buf, len(buf)-start > 2, nil
	case f.each != nil:
		return r.writeEach(buf, f)
	case f.prog == nil:
		return buf, false, nil
	case f.prog.copy != nil:
		res := r.resultOf(*f.prog.copy)
		if !res.Exists() || res.Type == gjson.Null {
			return buf, false, nil
		}
		if res.IsObject() || res.IsArray() {
			return appendCompact(buf, res.Raw), true, nil
		}
		return append(buf, res.Raw...), true, nil
	}
	v, err := r.eval(f.prog)
	if err != nil {
		return buf, false, &fieldError{stage: "map", field: f.path, prog: f.prog, err: err}
	}
	if v == nil {
		return buf, false, nil
	}
	buf, err = exprenv.AppendJSON(buf, v)
	if err != nil {
		return buf, false, &fieldError{stage: "map", field: f.path, prog: f.prog, err: err}
	}
	return buf, true, nil
}

func (r *runner) resultOf(ref pathRef) gjson.Result {
	if ref.ps == r.plan.root {
		return r.root[ref.idx]
	}
	return r.items[ref.ps][ref.idx]
}

// appendCompact copies a raw JSON object or array without the whitespace
// a pretty-printed source may carry, so NDJSON output stays one line.
func appendCompact(buf []byte, raw string) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(raw)); err != nil {
		return append(buf, raw...)
	}
	return append(buf, b.Bytes()...)
}

// writeEach appends the array built from a source array, element by
// element, followed by the appended extra elements whose condition holds.
func (r *runner) writeEach(buf []byte, f *fieldPlan) ([]byte, bool, error) {
	ep := f.each
	arr := r.resultOf(ep.from)
	if !arr.Exists() || arr.Type == gjson.Null {
		if len(ep.appends) == 0 {
			return buf, false, nil
		}
	} else if !arr.IsArray() {
		return buf, false, &fieldError{stage: "map", field: f.path,
			err: fmt.Errorf("%s is not an array", ep.from.ps.paths[ep.from.idx])}
	}
	ps := ep.scope.paths
	res := r.items[ps]
	if res == nil {
		res = make([]gjson.Result, len(ps.paths))
		r.items[ps] = res
	}
	buf = append(buf, '[')
	n := 0
	var failed error
	index := 0
	var outer any
	if ep.depth > 1 {
		outer = r.env["index"]
	}
	arr.ForEach(func(_, elem gjson.Result) bool {
		ps.resolveString(elem.Raw, res)
		r.bind(ps, res)
		r.env["index"] = index
		index++
		ok, err := r.pass(ep.filters)
		if err != nil {
			failed = err
			return false
		}
		if !ok {
			return true
		}
		if n > 0 {
			buf = append(buf, ',')
		}
		buf, err = r.writeObject(buf, ep.elem, res)
		if err != nil {
			failed = withIndex(err, f.path, index-1)
			return false
		}
		n++
		return true
	})
	if failed != nil {
		return buf, false, failed
	}
	if ep.depth > 1 {
		// The enclosing element's expressions (an append's when, what
		// follows in its object, a source_key under for_each) read its
		// own index again.
		r.env["index"] = outer
	}
	for _, a := range ep.appends {
		if a.when != nil {
			ok, err := r.pass([]*program{a.when})
			if err != nil || !ok {
				if err != nil {
					return buf, false, err
				}
				continue
			}
		}
		if n > 0 {
			buf = append(buf, ',')
		}
		var err error
		buf, err = r.writeObject(buf, a.obj, nil)
		if err != nil {
			return buf, false, withIndex(err, f.path+"("+a.name+")", -1)
		}
		n++
	}
	return append(buf, ']'), true, nil
}

// withIndex puts the element position into a field error's path, so a
// reject says SalesOrderLines.2.NetPrice rather than SalesOrderLines.NetPrice.
func withIndex(err error, arrayPath string, i int) error {
	var fe *fieldError
	if errors.As(err, &fe) && i >= 0 && len(fe.field) > len(arrayPath) && fe.field[:len(arrayPath)] == arrayPath {
		fe.field = fmt.Sprintf("%s.%d%s", arrayPath, i, fe.field[len(arrayPath):])
	}
	return err
}
