package dsl

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
)

// WriteDiagnostics renders diagnostics for people:
//
//	FILE:LINE:COL: Error: Summary
//	  12 |     Email = "lowr(source.customer.email)"
//	     |              ^^^^
//	  Detail sentence saying how to fix it.
//
// sources maps file names to their bytes (Loader.Source); a diagnostic
// without a subject is printed without position and snippet.
func WriteDiagnostics(w io.Writer, sources func(filename string) []byte, diags hcl.Diagnostics) error {
	var buf bytes.Buffer
	for _, d := range diags {
		sev := "Error"
		if d.Severity == hcl.DiagWarning {
			sev = "Warning"
		}
		if d.Subject == nil {
			fmt.Fprintf(&buf, "%s: %s\n", sev, d.Summary)
		} else {
			fmt.Fprintf(&buf, "%s:%d:%d: %s: %s\n", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, sev, d.Summary)
			if sources != nil {
				writeSnippet(&buf, redactSource(sources(d.Subject.Filename), d), d.Subject)
			}
		}
		if d.Detail != "" {
			for _, line := range strings.Split(d.Detail, "\n") {
				fmt.Fprintf(&buf, "  %s\n", line)
			}
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Snippet returns the source line of d's subject with a caret line under
// it, as WriteDiagnostics prints it, or "" when the source is not
// available.
func Snippet(src []byte, d *hcl.Diagnostic) string {
	if d.Subject == nil {
		return ""
	}
	var buf bytes.Buffer
	writeSnippet(&buf, redactSource(src, d), d.Subject)
	return buf.String()
}

// Redacted marks a diagnostic (in its Extra) whose subject is a secret
// written into a file: the snippet shows asterisks in its place, so the
// error that tells the user to move the secret out does not print it.
type Redacted struct{}

// redactSource returns src with the subject's bytes replaced by '*' when
// d is Redacted, so that carets still line up.
func redactSource(src []byte, d *hcl.Diagnostic) []byte {
	if _, ok := d.Extra.(Redacted); !ok || src == nil || d.Subject == nil {
		return src
	}
	start, end := d.Subject.Start.Byte, d.Subject.End.Byte
	if start < 0 || end > len(src) || start >= end {
		return src
	}
	out := append([]byte(nil), src...)
	for i := start; i < end; i++ {
		if out[i] != '\n' {
			out[i] = '*'
		}
	}
	return out
}

func writeSnippet(buf *bytes.Buffer, src []byte, rng *hcl.Range) {
	if src == nil || rng.Start.Line < 1 {
		return
	}
	start := lineStart(src, rng.Start.Line)
	if start >= len(src) && rng.Start.Line > 1 {
		return
	}
	end := start
	for end < len(src) && src[end] != '\n' {
		end++
	}
	line := strings.ReplaceAll(string(src[start:end]), "\t", " ")
	num := fmt.Sprint(rng.Start.Line)
	fmt.Fprintf(buf, "  %s | %s\n", num, line)
	width := 1
	if rng.End.Line == rng.Start.Line && rng.End.Column > rng.Start.Column {
		width = rng.End.Column - rng.Start.Column
	} else if rng.End.Line > rng.Start.Line {
		width = utf8.RuneCountInString(line) - rng.Start.Column + 1
	}
	if width < 1 {
		width = 1
	}
	fmt.Fprintf(buf, "  %s | %s%s\n", strings.Repeat(" ", len(num)), strings.Repeat(" ", max(rng.Start.Column-1, 0)), strings.Repeat("^", width))
}

// SortDiagnostics orders diagnostics by file and position, errors first on
// the same position, so output is stable for golden tests.
func SortDiagnostics(diags hcl.Diagnostics) {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		switch {
		case a == nil && b == nil:
			return false
		case a == nil:
			return true
		case b == nil:
			return false
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		case a.Start.Byte != b.Start.Byte:
			return a.Start.Byte < b.Start.Byte
		}
		return diags[i].Severity < diags[j].Severity
	})
}

// Suggest returns the candidate closest to name when it is close enough to
// be a likely typo, or "". It is the one did-you-mean helper for every
// kind of name: functions, fields, connectors, lookups, variables.
func Suggest(name string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		d := levenshtein.Distance(strings.ToLower(name), strings.ToLower(c), nil)
		if d <= 2 || (d <= 3 && len(name) > 6) {
			if best == "" || d < bestDist {
				best, bestDist = c, d
			}
		}
	}
	return best
}

// DidYouMean returns ` Did you mean "x"?` for a close candidate, or "".
func DidYouMean(name string, candidates []string) string {
	if s := Suggest(name, candidates); s != "" {
		return fmt.Sprintf(" Did you mean %q?", s)
	}
	return ""
}

// UniqueDiagnostics drops repeats of a diagnostic (same severity, summary,
// detail and place), keeping the first. A folder's settings.hcl is part of
// every pipeline file of the folder, so its problems come back once per file.
func UniqueDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	seen := map[string]bool{}
	out := diags[:0:0]
	for _, d := range diags {
		key := fmt.Sprint(d.Severity, "\x00", d.Summary, "\x00", d.Detail)
		if d.Subject != nil {
			key += "\x00" + d.Subject.String()
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, d)
	}
	return out
}
