package main

import (
	"context"
	"fmt"
	"regexp"

	"github.com/pipeline-dev/pipeline/engine/pipelinetest"
)

// cmdTest runs golden test cases. Its last line is exactly
// "N passed, M failed"; it exits 0 only when every case passed.
func cmdTest(ctx context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "test", "[PATH...]")
	update := fs.Bool("update", false, "rewrite the want files with what the pipelines produce now")
	match := fs.String("run", "", "run only cases whose name, as printed (<pipeline>/<case>), matches this regular expression")
	verbose := fs.Bool("v", false, "name every case, not only failing ones")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	cfg := pipelinetest.Config{Connectors: registry(), Update: *update}
	if *match != "" {
		rx, err := regexp.Compile(*match)
		if err != nil {
			fmt.Fprintf(env.stderr, "pipeline test: -run: %v\n", err)
			return exitUsage
		}
		cfg.Match = rx
	}
	set, ok := loadSchemas(env.stderr)
	if !ok {
		return exitFail
	}
	cfg.Schemas = set
	results, loader, err := pipelinetest.Run(ctx, pathsOr(fs.Args(), "."), cfg)
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline test: %v\n", err)
		return exitUsage
	}
	passed, failed := 0, 0
	for _, r := range results {
		name := r.Name()
		if len(r.Diags) > 0 {
			writeDiagnostics(env.stdout, loader, r.Diags)
		}
		switch {
		case r.Passed && r.Updated:
			passed++
			fmt.Fprintf(env.stdout, "UPDATED %s\n", name)
		case r.Passed:
			passed++
			if *verbose {
				fmt.Fprintf(env.stdout, "PASS %s\n", name)
			}
		default:
			failed++
			fmt.Fprintf(env.stdout, "FAIL %s (%s)\n", name, r.Case.Dir)
			for _, f := range r.Failures {
				fmt.Fprintf(env.stdout, "  %s\n", f)
			}
		}
	}
	fmt.Fprintf(env.stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return exitFail
	}
	return exitOK
}
