package main

import (
	"encoding/json"
	"io"

	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/dsl"
)

// jsonDiagnostics is the machine form of a validation result. diagnostics
// is always an array, never null, so consumers need no special case.
type jsonDiagnostics struct {
	FormatVersion string           `json:"format_version"`
	Valid         bool             `json:"valid"`
	ErrorCount    int              `json:"error_count"`
	WarningCount  int              `json:"warning_count"`
	Files         []string         `json:"files"`
	Diagnostics   []jsonDiagnostic `json:"diagnostics"`
}

type jsonDiagnostic struct {
	Severity string     `json:"severity"`
	Summary  string     `json:"summary"`
	Detail   string     `json:"detail,omitempty"`
	Range    *jsonRange `json:"range,omitempty"`
	Snippet  string     `json:"snippet,omitempty"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

func writeJSONDiagnostics(w io.Writer, loader *dsl.Loader, files []string, diags hcl.Diagnostics) error {
	out := jsonDiagnostics{FormatVersion: "1.0", Files: files, Diagnostics: []jsonDiagnostic{}}
	if out.Files == nil {
		out.Files = []string{}
	}
	for _, d := range diags {
		jd := jsonDiagnostic{Severity: "error", Summary: d.Summary, Detail: d.Detail}
		if d.Severity == hcl.DiagWarning {
			jd.Severity = "warning"
			out.WarningCount++
		} else {
			out.ErrorCount++
		}
		if s := d.Subject; s != nil {
			jd.Range = &jsonRange{Filename: s.Filename,
				Start: jsonPos{s.Start.Line, s.Start.Column, s.Start.Byte},
				End:   jsonPos{s.End.Line, s.End.Column, s.End.Byte}}
			jd.Snippet = dsl.Snippet(loader.Source(s.Filename), d)
		}
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	out.Valid = out.ErrorCount == 0
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeDiagnostics(w io.Writer, loader *dsl.Loader, diags hcl.Diagnostics) {
	dsl.SortDiagnostics(diags)
	_ = dsl.WriteDiagnostics(w, loader.Source, diags)
}
