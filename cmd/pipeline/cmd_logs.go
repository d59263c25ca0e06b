package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/pipeline-dev/pipeline/engine/runpipeline"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// cmdLogs answers "what did run N do?", "what happened to order SO-123?"
// and "what is waiting to be retried?" from the sync state.
func cmdLogs(ctx context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "logs", "")
	pipeline := fs.String("pipeline", "", "only this pipeline")
	run := fs.Int64("run", 0, "the records of this run")
	record := fs.String("record", "", "what happened to this record (source key, target id or origin)")
	aside := fs.Bool("set-aside", false, "the records waiting for a retry")
	limit := fs.Int("limit", 50, "at most this many rows")
	asJSON := fs.Bool("json", false, "print JSON")
	sf := addStateFlags(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *aside && *pipeline == "" {
		fmt.Fprintln(env.stderr, "pipeline logs: -set-aside lists one pipeline's records; add -pipeline NAME")
		return exitUsage
	}
	st, err := sf.open(ctx, env)
	if err != nil || st == nil {
		fmt.Fprintf(env.stderr, "pipeline logs: %v\n", orOff(err))
		return exitFail
	}
	defer st.Close()
	var rows any
	switch {
	case *aside:
		rows, err = st.SetAside(ctx, *pipeline)
	case *run != 0 || *record != "":
		rows, err = st.Activity(ctx, state.ActivityQuery{Pipeline: *pipeline, RunID: *run, SourceKey: *record, Limit: *limit})
	default:
		rows, err = st.Runs(ctx, state.RunQuery{Pipeline: *pipeline, Limit: *limit})
	}
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline logs: %v\n", err)
		return exitFail
	}
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rows)
		return exitOK
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	switch r := rows.(type) {
	case []state.Run:
		fmt.Fprintln(tw, "RUN\tPIPELINE\tSTARTED\tSTATUS\tREAD\tWRITTEN\tSKIPPED\tREJECTED\tERROR")
		for _, x := range r {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", x.ID, x.Pipeline, x.StartedAt.Local().Format(time.DateTime), x.Status, x.Read, x.Written, x.Skipped, x.Rejected, x.Error)
		}
	case []state.Activity:
		fmt.Fprintln(tw, "RUN\tAT\tORIGIN\tKEY\tDECISION\tTARGET ID\tDETAIL")
		for _, x := range r {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", x.RunID, x.At.Local().Format(time.DateTime), x.Origin, x.SourceKey, x.Decision, x.TargetID, x.Error)
		}
	case []state.SetAside:
		fmt.Fprintln(tw, "ID\tPIPELINE\tAT\tORIGIN\tSTAGE\tFIELD\tREASON")
		for _, x := range r {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", x.ID, x.Pipeline, x.At.Local().Format(time.DateTime), x.Origin, x.Stage, x.Field, x.Reason)
		}
	}
	tw.Flush()
	return exitOK
}

func orOff(err error) error {
	if err == nil {
		return fmt.Errorf("the sync state is switched off (-state off)")
	}
	return err
}

// cmdRetry runs a pipeline's set-aside records through the current
// version of the pipeline.
func cmdRetry(ctx context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "retry", "PIPELINE.hcl")
	vars := varFlags{}
	fs.Var(vars, "var", "set a variable: -var name=value (repeatable)")
	name := fs.String("pipeline", "", "which pipeline of the file, when it declares several")
	rejectsPath := fs.String("rejects", "", "file records set aside again are written to (default <pipeline>.rejects.ndjson)")
	emulate := fs.Bool("emulate", false, "retry against in-process emulators of the systems, as run -emulate writes to them")
	sf := addStateFlags(fs)
	if code, ok := parseArgs(fs, args, 1); !ok {
		return code
	}
	plan, code, ok := compileOne(env, "retry", fs.Arg(0), *name, vars, *emulate)
	if !ok {
		return code
	}
	if *emulate {
		stop, ok := emulateFor(env, "retry", plan, fs.Arg(0), false)
		if !ok {
			return exitFail
		}
		defer stop()
	}
	st, err := sf.open(ctx, env)
	if err != nil || st == nil {
		fmt.Fprintf(env.stderr, "pipeline retry: %v\n", orOff(err))
		return exitFail
	}
	defer st.Close()
	rejects := &rejectFile{path: orDefault(*rejectsPath, plan.Name+".rejects.ndjson"), echo: env.stderr}
	defer rejects.Close()
	stats, err := runpipeline.Retry(ctx, plan, runpipeline.Options{File: fs.Arg(0), State: st, Rejects: rejects, Stdin: env.stdin, Stdout: env.stdout})
	rejects.Close()
	summary(env, plan.Name, stats, rejects, err, false, false)
	if err != nil {
		return exitFail
	}
	return exitOK
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
