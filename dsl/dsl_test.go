package dsl

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

func TestValidFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.hcl")
	if len(files) == 0 {
		t.Fatal("no valid files")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			file, diags := NewLoader().LoadFile(f)
			if len(diags) > 0 {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			if len(file.Pipelines) == 0 {
				t.Fatal("no pipeline decoded")
			}
		})
	}
}

var errorMarker = regexp.MustCompile(`#\s*ERROR:\s*(.+)$`)

// errorMarkers lists the "# ERROR: <summary>" lines of a file as
// "<prefix><line>: <summary>".
func errorMarkers(src []byte, prefix string) []string {
	var want []string
	for i, line := range strings.Split(string(src), "\n") {
		if m := errorMarker.FindStringSubmatch(line); m != nil {
			want = append(want, fmt.Sprintf("%s%d: %s", prefix, i+1, strings.TrimSpace(m[1])))
		}
	}
	return want
}

// TestInvalidFiles checks that each line marked "# ERROR: <summary>" gets
// exactly that diagnostic, and that no unmarked line gets one.
func TestInvalidFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.hcl")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want := errorMarkers(src, "")
			file, diags := NewLoader().LoadFile(f)
			diags = append(diags, resolveWithDefaults(file)...)
			var got []string
			for _, d := range diags {
				if d.Severity == hcl.DiagError && d.Subject != nil {
					got = append(got, fmt.Sprintf("%d: %s", d.Subject.Start.Line, d.Summary))
				}
			}
			sort.Strings(want)
			sort.Strings(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("wrong diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExprPositions maps offsets inside expressions back to the file,
// across escapes in quoted strings and indentation stripped from heredocs.
func TestExprPositions(t *testing.T) {
	src := "pipeline \"p\" {\n" +
		"  source \"s\" {}\n" +
		"  target \"t\" {}\n" +
		"  map {\n" +
		"    A = \"a + \\\"x\\\" + bad\"\n" +
		"    B = \"é + $${x} + bad\"\n" +
		"    C = <<-EXPR\n" +
		"      first\n" +
		"        + bad\n" +
		"    EXPR\n" +
		"  }\n" +
		"}\n"
	file, diags := NewLoader().LoadSource("p.hcl", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	fields := map[string]*Expr{}
	for _, f := range file.Pipelines[0].Map.Fields {
		fields[f.Name] = f.Expr
	}
	cases := map[string]struct {
		field           string
		word            string
		line, col, byte int
	}{
		"after escaped quotes": {"A", "bad", 5, 22, 0},
		"after a doubled $":    {"B", "bad", 6, 22, 0},
		"second heredoc line":  {"C", "bad", 9, 11, 0},
		"first heredoc line":   {"C", "first", 8, 7, 0},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			e := fields[c.field]
			off := strings.Index(e.Src, c.word)
			runeOff := len([]rune(e.Src[:off]))
			pos := e.Pos(runeOff)
			if pos.Line != c.line || pos.Column != c.col {
				t.Errorf("%q in %q at %d:%d, want %d:%d", c.word, e.Src, pos.Line, pos.Column, c.line, c.col)
			}
			if got := src[pos.Byte : pos.Byte+len(c.word)]; got != c.word {
				t.Errorf("byte offset points at %q, want %q", got, c.word)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"lower", "upper", "formatDate", "lookup"}
	for in, want := range map[string]string{"lowr": "lower", "formatDat": "formatDate", "lokup": "lookup", "xyz": ""} {
		if got := Suggest(in, cands); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}
