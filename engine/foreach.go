package engine

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine/exprenv"
	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/schemas"
)

// forEachPlan turns one source record into several target records: the
// variants of a product become articles of their own. Each element of the
// list is mapped like a record, with item bound to it and index to its
// position; source stays the whole record.
type forEachPlan struct {
	list  *program // nil when the expression did not compile
	scope *scope   // the element's scope
}

// compileForEach compiles for_each in the record's scope and returns the
// element scope the pipeline's filters, map and source_key are compiled in.
// Elements of a list read by path (source.variants) are checked against the
// schema's items; those of a computed list are not known.
func (c *exprCompiler) compileForEach(e *dsl.Expr, root *scope) *forEachPlan {
	fe := &forEachPlan{list: c.compile(e, root, false, "for_each")}
	var elem *schemas.Field
	if fe.list != nil && fe.list.copy != nil {
		if f := fe.list.copy.ps.fields[fe.list.copy.idx]; f != nil {
			elem = f.Items
			if elem == nil && len(f.Types) > 0 && !contains(f.Types, "array") {
				c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "for_each is not a list",
					Detail:  fmt.Sprintf("%s is of type %s in the source schema; for_each needs a list, one target record per element.", e.Src, strings.Join(f.Types, "|")),
					Subject: e.Range.Ptr()})
			}
		}
	}
	fe.scope = &scope{name: "item", paths: newPathSet("_f_"), schema: elem, parent: root}
	c.pathSets = append(c.pathSets, fe.scope.paths)
	return fe
}

// isPathRoot reports whether name starts a record path: source, item or
// parent.
func isPathRoot(name string) bool { return name == "source" || name == "item" || name == "parent" }

// named finds the scope a path root names where an expression is written:
// source is the record, item the innermost element (of an each block or of
// for_each), parent the element enclosing that one. problem explains a
// name that means nothing here.
func (s *scope) named(root string) (sc *scope, problem string) {
	switch root {
	case "item":
		if s.name == "item" {
			return s, ""
		}
		return nil, "item is the current element and exists only inside an each block or a pipeline with for_each; at the top of a pipeline the record is source."
	case "parent":
		if s.name == "item" && s.parent != nil && s.parent.name == "item" {
			return s.parent, ""
		}
		return nil, "parent is the element that encloses the current one and exists only inside an each block nested in another each block, or in a pipeline with for_each."
	}
	return s.root(), ""
}

// elements evaluates for_each for the record loaded in the runner and
// returns each element as JSON text. null gives no elements.
func (r *runner) elements(fe *forEachPlan) ([]string, error) {
	r.elems = r.elems[:0]
	var list gjson.Result
	if fe.list.copy != nil {
		list = r.resultOf(*fe.list.copy)
	} else {
		v, err := r.eval(fe.list)
		if err != nil {
			return nil, &fieldError{stage: StageMap, field: "for_each", prog: fe.list, err: err}
		}
		raw, err := exprenv.AppendJSON(nil, v)
		if err != nil {
			return nil, &fieldError{stage: StageMap, field: "for_each", prog: fe.list, err: err}
		}
		list = gjson.ParseBytes(raw)
	}
	switch {
	case !list.Exists() || list.Type == gjson.Null:
		return nil, nil
	case !list.IsArray():
		return nil, &fieldError{stage: StageMap, field: "for_each", prog: fe.list,
			err: fmt.Errorf("for_each gave %s, not a list", jsonKind(list))}
	}
	list.ForEach(func(_, e gjson.Result) bool {
		r.elems = append(r.elems, e.Raw)
		return true
	})
	return r.elems, nil
}

func jsonKind(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return "a string"
	case gjson.Number:
		return "a number"
	case gjson.True, gjson.False:
		return "a boolean"
	}
	return "an object"
}

// bindElement makes raw the current item and i its index.
func (r *runner) bindElement(fe *forEachPlan, raw string, i int) {
	ps := fe.scope.paths
	res := r.items[ps]
	if res == nil {
		res = make([]gjson.Result, len(ps.paths))
		r.items[ps] = res
	}
	ps.resolveString(raw, res)
	r.bind(ps, res)
	r.env["index"] = i
}

// handleEach takes a record through a pipeline with for_each: the record
// is checked once, then every element is mapped, checked and delivered as
// a record of its own, named <origin>#<index> in rejects, decisions and the
// activity log. An element that fails is set aside alone; its siblings go
// on. Its source key is source_key (which can read item) or else the
// natural key: the record's own key is shared by all its elements.
func (s *session) handleEach(ctx context.Context, rec connectors.Record) error {
	p, validate := s.p, !s.o.SkipValidation
	if rj := p.checkSource(rec, validate); rj != nil {
		return s.setAside(ctx, rec, rj)
	}
	s.r.load(rec.Raw)
	elems, err := s.r.elements(p.forEach)
	if err != nil {
		return s.setAside(ctx, rec, fieldReject(newReject(rec.Origin, StageMap, rec.Raw), err.(*fieldError)))
	}
	base, only := rec.Origin, -1
	if s.retrying {
		base, only = splitElementOrigin(rec.Origin)
	}
	if len(elems) == 0 || only >= len(elems) {
		s.stats.Filtered++
		return s.logActivity(ctx, rec, Decision{Origin: rec.Origin, Decision: state.DecisionFiltered}, 0)
	}
	for i, raw := range elems {
		if only >= 0 && i != only {
			continue
		}
		erec := connectors.Record{Raw: rec.Raw, Origin: base + "#" + strconv.Itoa(i)}
		s.r.bindElement(p.forEach, raw, i)
		s.relatedBegin(erec)
		out, rj := p.mapLoaded(s.r, erec, validate)
		if err := s.relatedEnd(ctx, erec); err != nil {
			return err
		}
		if err := s.settle(ctx, erec, out, rj); err != nil {
			return err
		}
	}
	return nil
}

// splitElementOrigin reads the element a set-aside origin names
// ("orders.ndjson:3#1"), so that a retry maps that element only; -1 when
// the origin names a whole record.
func splitElementOrigin(origin string) (string, int) {
	i := strings.LastIndexByte(origin, '#')
	if i < 0 {
		return origin, -1
	}
	n, err := strconv.Atoi(origin[i+1:])
	if err != nil || n < 0 {
		return origin, -1
	}
	return origin[:i], n
}
