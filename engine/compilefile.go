package engine

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/dsl"
)

// CompileFile loads a pipeline file with l and compiles every pipeline in
// it. Diagnostics of all pipelines are returned together; a pipeline that
// does not compile is left out of the result.
func CompileFile(l *dsl.Loader, path string, opts Options) (*dsl.File, []*Plan, hcl.Diagnostics) {
	f, diags := l.LoadFile(path)
	if f == nil {
		return nil, nil, diags
	}
	opts.Variables = f.Variables
	var plans []*Plan
	for _, p := range f.Pipelines {
		plan, more := Compile(p, opts)
		diags = append(diags, more...)
		if plan != nil {
			plans = append(plans, plan)
		}
	}
	return f, plans, diags
}
