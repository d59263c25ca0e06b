package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/runpipeline"
)

// cmdRun compiles one pipeline and runs it, setting failed records aside in
// a rejects file and ending with a summary.
func cmdRun(ctx context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "run", "PIPELINE.hcl")
	vars := varFlags{}
	fs.Var(vars, "var", "set a variable: -var name=value (repeatable; PIPELINE_VAR_<name> in the environment also works)")
	name := fs.String("pipeline", "", "which pipeline of the file to run, when it declares several")
	rejectsPath := fs.String("rejects", "", "file the records set aside are written to (default <pipeline>.rejects.ndjson, created only when needed)")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	full := fs.Bool("full", false, "ignore the stored cursor, read the whole source and map every record again (also those unchanged since they were written)")
	emulate := fs.Bool("emulate", false, "run against in-process emulators of the systems instead of the real ones")
	sf := addStateFlags(fs)
	if code, ok := parseArgs(fs, args, 1); !ok {
		return code
	}
	path := fs.Arg(0)
	plan, code, ok := compileOne(env, "run", path, *name, vars, *emulate)
	if !ok {
		return code
	}
	if *emulate {
		stop, ok := emulateFor(env, "run", plan, path, *quiet || *asJSON)
		if !ok {
			return exitFail
		}
		defer stop()
	}
	if *rejectsPath == "" {
		*rejectsPath = plan.Name + ".rejects.ndjson"
	}
	rejects := &rejectFile{path: *rejectsPath, echo: env.stderr, quiet: *quiet}
	defer rejects.Close()
	st, err := sf.open(ctx, env)
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline run: %v\n", err)
		return exitFail
	}
	if st != nil {
		defer st.Close()
		if err := sf.purge(ctx, st); err != nil {
			fmt.Fprintf(env.stderr, "pipeline run: purging old state: %v\n", err)
			return exitFail
		}
	}

	opts := runpipeline.Options{File: path, Stdin: env.stdin, Stdout: env.stdout, Rejects: rejects, State: st, FullRead: *full}
	prog := &progress{w: env.stderr, start: time.Now()}
	if env.stderrTTY && !*quiet && !*asJSON {
		opts.Progress, opts.ProgressEvery = prog.update, 500
	}
	stats, err := runpipeline.Run(ctx, plan, opts)
	prog.clear()
	if cerr := rejects.Close(); cerr != nil && err == nil {
		err = cerr
	}
	summary(env, plan.Name, stats, rejects, err, *asJSON, *quiet)
	if err != nil {
		return exitFail
	}
	return exitOK
}

func pickPlan(plans []*engine.Plan, name string) (*engine.Plan, error) {
	if name == "" {
		if len(plans) == 1 {
			return plans[0], nil
		}
		return nil, fmt.Errorf("the file declares %d pipelines; choose one with -pipeline NAME", len(plans))
	}
	var names []string
	for _, p := range plans {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return nil, fmt.Errorf("no pipeline %q in the file.%s", name, dsl.DidYouMean(name, names))
}

func summary(env *cliEnv, name string, s engine.Stats, rj *rejectFile, err error, asJSON, quiet bool) {
	status := runpipeline.Status(s, err)
	if asJSON {
		fmt.Fprintf(env.stderr, `{"pipeline":%q,"status":%q,"run_id":%d,"read":%d,"filtered":%d,"written":%d,"created":%d,"updated":%d,"skipped":%d,"unchanged":%d,"rejected":%d,"rejects_file":%q,"seconds":%.3f,"error":%q}`+"\n",
			name, status, s.RunID, s.Read, s.Filtered, s.Written, s.Created, s.Updated, s.Skipped, s.Unchanged, s.Rejected, rj.written(), s.Duration.Seconds(), errString(err))
		return
	}
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline run: %s: %v\n", name, err)
	}
	if quiet {
		return
	}
	line := fmt.Sprintf("%s: %s — read %d, filtered out %d, written %d, rejected %d in %s",
		name, status, s.Read, s.Filtered, s.Written, s.Rejected, s.Duration.Round(time.Millisecond))
	if s.Skipped+s.Unchanged+s.Updated > 0 {
		line += fmt.Sprintf(" (%d created, %d updated, %d skipped, %d unchanged)", s.Created, s.Updated, s.Skipped, s.Unchanged)
	}
	if s.RunID != 0 {
		line += fmt.Sprintf(" [run %d]", s.RunID)
	}
	if f := rj.written(); f != "" {
		line += " (set aside in " + f + ")"
	}
	fmt.Fprintln(env.stderr, line)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func asTooMany(err error, target **engine.TooManyRejectsError) bool { return errors.As(err, target) }
