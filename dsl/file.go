package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

var fileSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "pipeline", LabelNames: []string{"name"}},
		{Type: "variable", LabelNames: []string{"name"}},
	},
}

// decodeFile decodes the top level of a pipeline file: variable blocks and
// pipeline blocks, which also see the folder's settings (nil: none).
func decodeFile(filename string, src []byte, body *hclsyntax.Body, settings *Settings) (*File, hcl.Diagnostics) {
	f := &File{Filename: filename, Settings: settings}
	content, diags := body.Content(fileSchema)
	seen := blockNames{}
	for _, block := range content.Blocks {
		if !seen.first(block, &diags) {
			continue
		}
		switch block.Type {
		case "variable":
			v, more := decodeVariableBlock(block)
			diags = append(diags, more...)
			if v != nil {
				f.Variables = append(f.Variables, v)
			}
		case "pipeline":
			p, more := decodePipelineBlock(src, block)
			diags = append(diags, more...)
			if p != nil {
				p.Filename = filename
				diags = append(diags, settings.mergeLookups(p)...)
				diags = append(diags, settings.mergeRelated(p)...)
				diags = append(diags, useConnection(p.Source, settings)...)
				diags = append(diags, useConnection(p.Target, settings)...)
				f.Pipelines = append(f.Pipelines, p)
			}
		}
	}
	var more hcl.Diagnostics
	f.Variables, more = settings.mergeVariables(f.Variables)
	diags = append(diags, more...)
	if len(f.Pipelines) == 0 && !diags.HasErrors() {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "No pipeline block",
			Detail:   `A pipeline file declares at least one pipeline "name" { ... } block.`,
			Subject:  &hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos},
		})
	}
	return f, diags
}

// blockNames holds the type and name of the blocks of one body seen so far,
// where each was declared.
type blockNames map[string]hcl.Range

// first records block (named by its one label) and reports whether it is
// the first of its type and name; a repeat is added to diags as an error
// pointing at both declarations.
func (seen blockNames) first(block *hcl.Block, diags *hcl.Diagnostics) bool {
	key := block.Type + " " + block.Labels[0]
	if prev, dup := seen[key]; dup {
		*diags = append(*diags, duplicate(block.Type, block.Labels[0], block.LabelRanges[0], prev))
		return false
	}
	seen[key] = block.DefRange
	return true
}

func duplicate(kind, name string, at, prev hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Duplicate " + kind + " block",
		Detail:   "A " + kind + ` named "` + name + `" was already declared at ` + prev.String() + ". Names must be unique.",
		Subject:  at.Ptr(),
	}
}

func syntaxBody(b hcl.Body) *hclsyntax.Body {
	sb, _ := b.(*hclsyntax.Body)
	return sb
}

func syntaxAttr(b hcl.Body, name string) *hclsyntax.Attribute {
	if sb := syntaxBody(b); sb != nil {
		return sb.Attributes[name]
	}
	return nil
}
