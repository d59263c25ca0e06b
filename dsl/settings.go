package dsl

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// SettingsFile is the name of a folder's shared settings file.
const SettingsFile = "settings.hcl"

// Settings is a folder's settings.hcl: the variables, lookup tables and
// related blocks every pipeline file in the folder sees, so that the flows
// of one integration (orders, customers, products) are configured in one
// place.
type Settings struct {
	Filename  string
	Variables []*Variable
	Lookups   []*Lookup
	// Connections are the connector settings the flows' source and target
	// blocks take with use = "name" (connection.go).
	Connections []*Connection

	// Related are the shared related blocks (Related.Shared): a pipeline
	// that calls one has it as if declared in its own file.
	Related []*Related
	// deferred are those of them with policies over variables, indexed
	// by their position in Related (policy.go).
	deferred []*deferredBlock
}

// IsSettings reports whether path names a folder settings file rather than
// a pipeline file.
func IsSettings(path string) bool { return filepath.Base(path) == SettingsFile }

// folderSettings is what the loader remembers of one folder's settings, so
// that every pipeline file of the folder shares one decoded copy.
type folderSettings struct {
	s     *Settings // nil when the folder has none
	diags hcl.Diagnostics
}

// settings returns the settings of the folder dir, decoding them the first
// time. The diagnostics are returned on every call: each pipeline file of
// the folder depends on them (renderers drop repeats, UniqueDiagnostics).
func (l *Loader) settings(dir string) (*Settings, hcl.Diagnostics) {
	if fsx, ok := l.folders[dir]; ok {
		return fsx.s, fsx.diags
	}
	path := filepath.Join(dir, SettingsFile)
	entry := &folderSettings{}
	src, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		entry.diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read folder settings", Detail: err.Error(),
			Subject: &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos}}}
	default:
		entry.s, entry.diags = l.decodeSettings(path, src)
	}
	l.folders[dir] = entry
	return entry.s, entry.diags
}

// decodeSettings reads settings.hcl: variable and lookup blocks only.
func (l *Loader) decodeSettings(filename string, src []byte) (*Settings, hcl.Diagnostics) {
	s := &Settings{Filename: filename}
	f, diags := l.parser.ParseHCL(src, filename)
	if f == nil || diags.HasErrors() {
		return s, diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return s, diags
	}
	for _, a := range body.Attributes {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unexpected attribute in settings.hcl",
			Detail:  `settings.hcl holds variable "name" { ... }, lookup "name" { ... }, related "name" { ... } and connection "name" { ... } blocks; put "` + a.Name + `" in a variable's default.`,
			Subject: a.NameRange.Ptr()})
	}
	seen := blockNames{}
	for _, sb := range body.Blocks {
		b := sb.AsHCLBlock()
		if b.Type != "variable" && b.Type != "lookup" && b.Type != "related" && b.Type != "connection" {
			detail := `settings.hcl holds only variable, lookup, related and connection blocks, shared by every pipeline file of the folder; pipelines go in their own files.`
			if hint := DidYouMean(b.Type, []string{"variable", "lookup", "related", "connection"}); hint != "" {
				detail = hint[1:] + " " + detail
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unexpected block in settings.hcl",
				Detail: detail, Subject: b.TypeRange.Ptr()})
			continue
		}
		if len(b.Labels) != 1 {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing name for " + b.Type,
				Detail: `A ` + b.Type + ` block has one name: ` + b.Type + ` "name" { ... }.`, Subject: b.DefRange.Ptr()})
			continue
		}
		if !seen.first(b, &diags) {
			continue
		}
		switch b.Type {
		case "variable":
			v, more := decodeVariableBlock(b)
			diags = append(diags, more...)
			if v != nil {
				s.Variables = append(s.Variables, v)
			}
			continue
		case "related":
			diags = append(diags, s.decodeRelated(src, b)...)
			continue
		case "connection":
			diags = append(diags, connectionOnlyConnector(b)...)
			s.Connections = append(s.Connections, decodeConnectionBlock(b))
			continue
		}
		lk, more := decodeLookupBlock(src, b)
		diags = append(diags, more...)
		if lk != nil {
			s.Lookups = append(s.Lookups, lk)
		}
	}
	return s, diags
}

// decodeRelated decodes a shared related block as a pipeline does its own
// (pipeline.go); policies over variables are decoded again per pipeline,
// with the values of its compile.
func (s *Settings) decodeRelated(src []byte, b *hcl.Block) hcl.Diagnostics {
	now, deferred := deferPolicies(src, b)
	var fromVars []string
	if deferred != nil {
		fromVars = deferred.attrs
	}
	r, diags := decodeRelatedBlock(src, now, fromVars)
	r.Shared = true
	if deferred != nil {
		deferred.index = len(s.Related)
		s.deferred = append(s.deferred, deferred)
		diags = nil
	}
	s.Related = append(s.Related, r)
	return diags
}

// mergeRelated puts the settings' related blocks before the pipeline's own,
// renumbering the pipeline's blocks with policies over variables, and
// reports a name declared in both places. The engine drops the shared
// blocks the pipeline never calls.
func (s *Settings) mergeRelated(p *Pipeline) hcl.Diagnostics {
	if s == nil || len(s.Related) == 0 {
		return nil
	}
	var diags hcl.Diagnostics
	out := append([]*Related(nil), s.Related...)
	moved := map[int]int{} // own block index → merged index; absent: dropped
	for i, r := range p.Related {
		if prev := findRelated(s.Related, r.Name); prev != nil {
			diags = append(diags, declaredInSettings("related", r.Name, r.NameRange, prev.DeclRange))
			continue
		}
		moved[i] = len(out)
		out = append(out, r)
	}
	deferred := append([]*deferredBlock(nil), s.deferred...)
	for _, d := range p.deferred {
		if d.block.Type != "related" {
			deferred = append(deferred, d)
			continue
		}
		if i, ok := moved[d.index]; ok {
			cp := *d
			cp.index = i
			deferred = append(deferred, &cp)
		}
	}
	p.Related, p.deferred = out, deferred
	return diags
}

func findRelated(list []*Related, name string) *Related {
	for _, r := range list {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// mergeVariables puts the settings' variables before the file's own and
// reports a name declared in both places.
func (s *Settings) mergeVariables(own []*Variable) ([]*Variable, hcl.Diagnostics) {
	if s == nil {
		return own, nil
	}
	var diags hcl.Diagnostics
	out := append([]*Variable(nil), s.Variables...)
	for _, v := range own {
		if prev := findVariable(s.Variables, v.Name); prev != nil {
			diags = append(diags, declaredInSettings("variable", v.Name, v.DeclRange, prev.DeclRange))
			continue
		}
		out = append(out, v)
	}
	return out, diags
}

// mergeLookups does the same for a pipeline's lookup tables.
func (s *Settings) mergeLookups(p *Pipeline) hcl.Diagnostics {
	if s == nil || len(s.Lookups) == 0 {
		return nil
	}
	var diags hcl.Diagnostics
	out := append([]*Lookup(nil), s.Lookups...)
	for _, lk := range p.Lookups {
		if prev := findLookup(s.Lookups, lk.Name); prev != nil {
			diags = append(diags, declaredInSettings("lookup", lk.Name, lk.NameRange, prev.DeclRange))
			continue
		}
		out = append(out, lk)
	}
	p.Lookups = out
	return diags
}

func findVariable(list []*Variable, name string) *Variable {
	for _, v := range list {
		if v.Name == name {
			return v
		}
	}
	return nil
}

func findLookup(list []*Lookup, name string) *Lookup {
	for _, lk := range list {
		if lk.Name == name {
			return lk
		}
	}
	return nil
}

func declaredInSettings(kind, name string, at, prev hcl.Range) *hcl.Diagnostic {
	kinds := kind + "s"
	if kind == "related" {
		kinds = "related blocks"
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Duplicate " + kind + " block",
		Detail: "A " + kind + ` named "` + name + `" is also declared in the folder settings at ` + prev.String() +
			". Every pipeline file of the folder sees the settings' " + kinds + ": remove one of the two, or rename this one.",
		Subject: at.Ptr(),
	}
}
