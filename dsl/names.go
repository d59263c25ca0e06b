package dsl

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// DuplicatePipelines reports pipelines that share a name across the given
// files. The sync state (cursors, cross-references, set-aside records) and
// the server know a pipeline by its name alone, so two flows named
// "orders" in two folders would read each other's cursors and take each
// other's records for written.
func DuplicatePipelines(files []*File) hcl.Diagnostics {
	first := map[string]*Pipeline{}
	var diags hcl.Diagnostics
	for _, f := range files {
		if f == nil {
			continue
		}
		for _, p := range f.Pipelines {
			prev, dup := first[p.Name]
			if !dup {
				first[p.Name] = p
				continue
			}
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate pipeline name",
				Detail: fmt.Sprintf("A pipeline named %q is also declared at %s. The sync state knows pipelines by name, so names must be unique across the files run from one place; prefix them with their folder (for example %q).",
					p.Name, prev.NameRange.String(), folderPrefixed(p)),
				Subject: p.NameRange.Ptr(),
			})
		}
	}
	return diags
}

func folderPrefixed(p *Pipeline) string {
	dir := p.NameRange.Filename
	for i := len(dir) - 1; i >= 0; i-- {
		if dir[i] == '/' {
			dir = dir[:i]
			break
		}
	}
	for i := len(dir) - 1; i >= 0; i-- {
		if dir[i] == '/' {
			dir = dir[i+1:]
			break
		}
	}
	if dir == "" || dir == "." {
		return p.Name + "_2"
	}
	return dir + "_" + p.Name
}
