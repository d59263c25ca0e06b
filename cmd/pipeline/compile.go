package main

import (
	"fmt"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
)

// compileOne compiles the pipeline a command runs, printing diagnostics.
// ok is false with the exit code to return when it does not compile, or
// when it is disabled by its settings (exit 0: nothing to do).
func compileOne(env *cliEnv, verb, path, name string, vars varFlags, lenient ...bool) (*engine.Plan, int, bool) {
	set, ok := loadSchemas(env.stderr)
	if !ok {
		return nil, exitFail, false
	}
	loader := dsl.NewLoader()
	_, plans, diags := engine.CompileFile(loader, path, engine.Options{
		Connectors: registry(), Schemas: set, Vars: vars, EnvVars: envVars(env), Getenv: env.getenv,
		// Against emulators, connection settings from the environment are
		// not needed: placeholders stand in and the emulator's are used.
		Validating: len(lenient) > 0 && lenient[0],
	})
	writeDiagnostics(env.stderr, loader, diags)
	if diags.HasErrors() {
		return nil, exitFail, false
	}
	plan, err := pickPlan(plans, name)
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline %s: %v\n", verb, err)
		return nil, exitUsage, false
	}
	if verb != "auth" && !plan.Enabled() {
		// Switched off by its settings: nothing is read, written or
		// recorded, so the cursor waits for the day it is switched on.
		fmt.Fprintln(env.stderr, plan.DisabledMessage())
		return nil, exitOK, false
	}
	return plan, exitOK, true
}
