package main

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/pipeline-dev/pipeline/dsl"
)

// cmdFmt rewrites pipeline files (and test case files) in the canonical
// layout, so that reviews show only changes that mean something.
func cmdFmt(_ context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "fmt", "[PATH...]")
	check := fs.Bool("check", false, "change nothing; list the files that are not formatted and exit 1 if any")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	files, err := dsl.FindAllFiles(pathsOr(fs.Args(), "."))
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline fmt: %v\n", err)
		return exitUsage
	}
	loader := dsl.NewLoader()
	code := exitOK
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(env.stderr, "pipeline fmt: %v\n", err)
			code = exitFail
			continue
		}
		// Refuse to format what does not parse: hclwrite would keep the
		// broken text, and the user needs the syntax error instead.
		if _, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos); diags.HasErrors() {
			_, _ = loader.LoadSource(f, src)
			writeDiagnostics(env.stderr, loader, diags)
			code = exitFail
			continue
		}
		out := hclwrite.Format(src)
		if bytes.Equal(out, src) {
			continue
		}
		if *check {
			fmt.Fprintln(env.stdout, f)
			code = exitFail
			continue
		}
		if err := os.WriteFile(f, out, 0o644); err != nil {
			fmt.Fprintf(env.stderr, "pipeline fmt: %v\n", err)
			code = exitFail
			continue
		}
		fmt.Fprintln(env.stdout, f)
	}
	return code
}
