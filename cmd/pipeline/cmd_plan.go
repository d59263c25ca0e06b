package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine"
)

// cmdPlan reads source and target without writing and says, per record,
// what a run would do, and how many calls it would make.
func cmdPlan(ctx context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "plan", "PIPELINE.hcl")
	vars := varFlags{}
	fs.Var(vars, "var", "set a variable: -var name=value (repeatable)")
	name := fs.String("pipeline", "", "which pipeline of the file, when it declares several")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	out := fs.String("out", "", "save the plan to this file, for pipeline apply")
	full := fs.Bool("full", false, "ignore the stored cursor and read the whole source")
	emulate := fs.Bool("emulate", false, "plan against in-process emulators of the systems, as run -emulate writes to them")
	sf := addStateFlags(fs)
	if code, ok := parseArgs(fs, args, 1); !ok {
		return code
	}
	path := fs.Arg(0)
	plan, code, ok := compileOne(env, "plan", path, *name, vars, *emulate)
	if !ok {
		return code
	}
	if *emulate {
		stop, ok := emulateFor(env, "plan", plan, path, *asJSON)
		if !ok {
			return exitFail
		}
		defer stop()
	}
	st, err := sf.open(ctx, env)
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline plan: %v\n", err)
		return exitFail
	}
	if st != nil {
		defer st.Close()
	}
	saved := &engine.SavedPlan{FormatVersion: "1.0", Pipeline: plan.Name, File: path, CreatedAt: time.Now().UTC(), Decisions: []engine.Decision{}}
	calls := map[string]int{}
	rejects := &rejectFile{path: os.DevNull, echo: env.stderr, quiet: true}
	var rejected []engine.Reject
	var related []engine.RelatedChange
	stats, err := plan.Run(ctx, engine.RunOptions{
		DryRun: true, State: st, FullRead: *full,
		Connector: connectors.Options{BaseDir: filepath.Dir(path), Stdin: env.stdin, Stdout: env.stdout,
			Observe: func(x connectors.Exchange) { calls[hostOf(x.URL)]++ }},
		Decisions: func(d engine.Decision) { saved.Decisions = append(saved.Decisions, d) },
		Related:   func(c engine.RelatedChange) { related = append(related, c) },
		Rejects: engine.RejectFunc(func(ctx context.Context, r engine.Reject) error {
			rejected = append(rejected, r)
			return rejects.Reject(ctx, r)
		}),
	})
	var tooMany *engine.TooManyRejectsError
	if err != nil && !asTooMany(err, &tooMany) {
		fmt.Fprintf(env.stderr, "pipeline plan: %v\n", err)
		return exitFail
	}
	if *out != "" {
		b, _ := json.MarshalIndent(saved, "", "  ")
		if err := os.WriteFile(*out, append(b, '\n'), 0o600); err != nil {
			fmt.Fprintf(env.stderr, "pipeline plan: %v\n", err)
			return exitFail
		}
	}
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(map[string]any{"plan": saved, "related": related, "rejects": rejected, "stats": stats, "calls_made_while_planning": calls})
		return exitOK
	}
	printPlan(env, plan, saved, rejected, stats, calls)
	printRelated(env, related)
	if *out != "" {
		fmt.Fprintf(env.stdout, "Saved to %s; apply it with: pipeline apply %s %s\n", *out, *out, path)
	}
	return exitOK
}

func printPlan(env *cliEnv, plan *engine.Plan, saved *engine.SavedPlan, rejected []engine.Reject, st engine.Stats, calls map[string]int) {
	w := env.stdout
	fmt.Fprintf(w, "Plan for %s (%s → %s):\n", plan.Name, plan.SourceConnector(), plan.TargetConnector())
	for _, d := range saved.Decisions {
		line := fmt.Sprintf("  %-9s %s", d.Decision, d.Origin)
		if d.NaturalKey != "" {
			line += "  " + d.NaturalKey
		}
		if d.TargetID != "" {
			line += "  → " + d.TargetID
		}
		if d.Reason != "" && d.Decision != "create" {
			line += "  (" + d.Reason + ")"
		}
		fmt.Fprintln(w, line)
		for _, c := range d.Changes {
			fmt.Fprintf(w, "      %s: %s → %s\n", c.Field, c.Before, c.After)
		}
	}
	for _, r := range rejected {
		fmt.Fprintf(w, "  %-9s %s\n", "reject", r.String())
	}
	fmt.Fprintf(w, "\n%d to create, %d to update, %d to skip, %d unchanged, %d to set aside, %d filtered out.\n",
		st.Created, st.Updated, st.Skipped, st.Unchanged, st.Rejected, st.Filtered)
	writes := st.Created + st.Updated
	fmt.Fprintf(w, "Calls to %s: %d lookups and %d writes", plan.TargetConnector(), st.Calls-writes, writes)
	if spec, ok := registry().Lookup(plan.TargetConnector()); ok {
		for _, l := range spec.RateLimits {
			fmt.Fprintf(w, "; limit %d per %s per %s (≈ %s at the limit)", l.Requests, l.Per, l.Scope,
				(time.Duration(st.Calls) * l.Per / time.Duration(l.Requests)).Round(time.Second))
		}
	}
	fmt.Fprintln(w, ".")
	if len(calls) > 0 {
		hosts := make([]string, 0, len(calls))
		for h := range calls {
			hosts = append(hosts, h)
		}
		sort.Strings(hosts)
		for _, h := range hosts {
			fmt.Fprintf(w, "Planning itself made %d calls to %s.\n", calls[h], h)
		}
	}
}

// printRelated lists the related records the run would create or update
// (related blocks with missing = "create" or found = "update"); planning
// sends none of them.
func printRelated(env *cliEnv, related []engine.RelatedChange) {
	if len(related) == 0 {
		return
	}
	w := env.stdout
	fmt.Fprintf(w, "Related records (%d, not sent while planning):\n", len(related))
	for _, c := range related {
		line := fmt.Sprintf("  %-9s %s %s %q", c.Action, c.Related, c.Entity, c.Key)
		if c.ID != "" {
			line += "  → " + c.ID
		}
		if c.Origin != "" {
			line += "  for " + c.Origin
		}
		fmt.Fprintln(w, line)
		if len(c.Changes) > 0 {
			for _, ch := range c.Changes {
				fmt.Fprintf(w, "      %s: %s → %s\n", ch.Field, ch.Before, ch.After)
			}
			continue
		}
		fmt.Fprintf(w, "      %s\n", c.Record)
	}
}

func hostOf(url string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(url, "https://"), "http://")
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	return s
}

// cmdApply applies a saved plan, refusing records whose target changed.
func cmdApply(ctx context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "apply", "PLAN.json PIPELINE.hcl")
	vars := varFlags{}
	fs.Var(vars, "var", "set a variable: -var name=value (repeatable)")
	rejectsPath := fs.String("rejects", "", "file the refused records are written to (default <pipeline>.rejects.ndjson)")
	emulate := fs.Bool("emulate", false, "apply to the in-process emulators of the systems (a plan made with plan -emulate)")
	sf := addStateFlags(fs)
	if code, ok := parseArgs(fs, args, 2); !ok {
		return code
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline apply: %v\n", err)
		return exitFail
	}
	var saved engine.SavedPlan
	if err := json.Unmarshal(data, &saved); err != nil {
		fmt.Fprintf(env.stderr, "pipeline apply: %s is not a saved plan: %v\n", fs.Arg(0), err)
		return exitFail
	}
	plan, code, ok := compileOne(env, "apply", fs.Arg(1), saved.Pipeline, vars, *emulate)
	if !ok {
		return code
	}
	if *emulate {
		stop, ok := emulateFor(env, "apply", plan, fs.Arg(1), false)
		if !ok {
			return exitFail
		}
		defer stop()
	}
	st, err := sf.open(ctx, env)
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline apply: %v\n", err)
		return exitFail
	}
	if st != nil {
		defer st.Close()
	}
	rejects := &rejectFile{path: orDefault(*rejectsPath, plan.Name+".rejects.ndjson"), echo: env.stderr}
	defer rejects.Close()
	stats, err := plan.Apply(ctx, &saved, engine.RunOptions{State: st, Rejects: rejects,
		Connector: connectors.Options{BaseDir: filepath.Dir(fs.Arg(1)), Stdin: env.stdin, Stdout: env.stdout}})
	rejects.Close()
	summary(env, plan.Name, stats, rejects, err, false, false)
	if err != nil {
		return exitFail
	}
	return exitOK
}
