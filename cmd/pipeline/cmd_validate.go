package main

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
)

// cmdValidate compiles pipeline files without running them and reports
// every problem in every file.
func cmdValidate(_ context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "validate", "[PATH...]")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	vars := varFlags{}
	fs.Var(vars, "var", "set a variable: -var name=value (repeatable)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	files, err := dsl.FindFiles(pathsOr(fs.Args(), "."))
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline validate: %v\n", err)
		return exitUsage
	}
	set, ok := loadSchemas(env.stderr)
	if !ok {
		return exitFail
	}
	loader := dsl.NewLoader()
	var diags hcl.Diagnostics
	pipelines := 0
	var decoded []*dsl.File
	var disabled []string // checked in full all the same: switching one on is safe
	for _, f := range files {
		file, plans, more := engine.CompileFile(loader, f, engine.Options{
			Connectors: registry(), Schemas: set, Vars: vars, EnvVars: envVars(env),
			Getenv: env.getenv, Validating: true,
		})
		diags = append(diags, more...)
		pipelines += len(plans)
		for _, p := range plans {
			if !p.Enabled() {
				disabled = append(disabled, p.DisabledMessage())
			}
		}
		decoded = append(decoded, file)
	}
	diags = append(diags, dsl.DuplicatePipelines(decoded)...)
	// A folder's settings.hcl is part of each of its pipeline files: report
	// its problems once.
	diags = dsl.UniqueDiagnostics(diags)
	dsl.SortDiagnostics(diags)
	if *asJSON {
		_ = writeJSONDiagnostics(env.stdout, loader, files, diags)
	} else {
		writeDiagnostics(env.stderr, loader, diags)
		if !diags.HasErrors() {
			fmt.Fprintf(env.stdout, "%d pipeline(s) in %d file(s) are valid.\n", pipelines, len(files))
			for _, line := range disabled {
				fmt.Fprintln(env.stdout, line)
			}
		}
	}
	if len(files) == 0 && !*asJSON {
		fmt.Fprintln(env.stderr, "pipeline validate: no pipeline files found")
	}
	if diags.HasErrors() {
		return exitFail
	}
	return exitOK
}
