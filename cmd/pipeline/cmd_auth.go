package main

import (
	"context"
	"fmt"
)

// cmdAuth walks the user through the one-time consent of the OAuth
// connections a pipeline uses and stores their tokens in the credentials
// store (never in the pipeline file).
func cmdAuth(ctx context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "auth", "PIPELINE.hcl")
	vars := varFlags{}
	fs.Var(vars, "var", "set a variable: -var name=value (repeatable)")
	name := fs.String("pipeline", "", "which pipeline of the file, when it declares several")
	which := fs.String("endpoint", "", `authorize only the "source" or the "target" connection`)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 || (*which != "" && *which != "source" && *which != "target") {
		fs.Usage()
		return exitUsage
	}
	plan, code, ok := compileOne(env, "auth", fs.Arg(0), *name, vars)
	if !ok {
		return code
	}
	done := 0
	for _, end := range []string{"source", "target"} {
		if *which != "" && end != *which {
			continue
		}
		spec, cfg := plan.Endpoint(end)
		if spec.Authorize == nil {
			continue
		}
		fmt.Fprintf(env.stdout, "Authorizing the %s connection (%s) of %s.\n", end, spec.Name, plan.Name)
		if err := spec.Authorize(ctx, cfg, env.stdout, env.stdin); err != nil {
			fmt.Fprintf(env.stderr, "pipeline auth: %s: %v\n", end, err)
			return exitFail
		}
		done++
	}
	if done == 0 {
		fmt.Fprintf(env.stderr, "pipeline auth: %s uses no connection that needs authorizing\n", plan.Name)
		return exitFail
	}
	fmt.Fprintf(env.stdout, "Done. Next: pipeline plan %s\n", fs.Arg(0))
	return exitOK
}
