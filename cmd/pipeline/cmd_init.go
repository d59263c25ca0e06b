package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/pipeline-dev/pipeline/dsl/scaffold"
	"github.com/pipeline-dev/pipeline/pipelines"
)

// cmdInit is the set-up assistant: it asks (or takes as flags) the two
// systems, the flows and the settings, writes a folder of pipelines,
// settings and value maps copied from the shipped integration, validates
// it, records a starter test case per flow from the user's settings and
// says what to do next.
func cmdInit(ctx context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "init", "DIR")
	systems := fs.String("systems", "", "the two systems to connect, e.g. eaccounting,asperion")
	flows := fs.String("flows", "", "the flows to include, comma-separated file names (default: ask, or all with -yes)")
	sets := varFlags{}
	fs.Var(sets, "set", "a setting: -set name=value (repeatable; lists comma-separated)")
	yes := fs.Bool("yes", false, "ask nothing: defaults for every setting not given with -set")
	if code, ok := parseArgs(fs, args, 1); !ok {
		return code
	}
	dir := fs.Arg(0)
	templates, err := scaffold.Templates(pipelines.FS)
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline init: reading the shipped integrations: %v\n", err)
		return exitFail
	}
	ask := &asker{in: bufio.NewScanner(env.stdin), out: env.stdout, quiet: *yes}
	t, err := pickTemplate(ask, templates, *systems)
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline init: %v\n", err)
		return exitUsage
	}
	choice := scaffold.Choice{Settings: map[string]cty.Value{}}
	if choice.Flows, err = pickFlows(ask, t, *flows); err != nil {
		fmt.Fprintf(env.stderr, "pipeline init: %v\n", err)
		return exitUsage
	}
	if err := pickSettings(ask, t, sets, choice.Settings); err != nil {
		fmt.Fprintf(env.stderr, "pipeline init: %v\n", err)
		return exitUsage
	}
	cases, err := t.Write(dir, choice)
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline init: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(env.stdout, "\nWrote %s: %s, %s and the value maps.\n", dir, strings.Join(choice.Flows, ", "), scaffold.SettingsFile)
	if code := cmdValidate(ctx, env, []string{dir}); code != exitOK {
		fmt.Fprintf(env.stderr, "pipeline init: the new folder does not validate with these settings; fix %s and run `pipeline validate %s`\n", filepath.Join(dir, scaffold.SettingsFile), dir)
		return code
	}
	if len(cases) > 0 {
		// The starter cases' expected output is recorded from the user's
		// settings, then checked by a plain test run: the folder starts
		// with tests that pass and that a reviewer can read.
		quiet := *env
		quiet.stdout = io.Discard
		if code := cmdTest(ctx, &quiet, []string{"-update", "-run", "/starter$", dir}); code != exitOK {
			fmt.Fprintf(env.stderr, "pipeline init: recording the starter test cases failed\n")
			return code
		}
		if code := cmdTest(ctx, env, []string{dir}); code != exitOK {
			return code
		}
		fmt.Fprintf(env.stdout, "Starter test cases (review them, then keep them in git): %s\n", strings.Join(cases, ", "))
	}
	flowsInOrder := runOrder(choice.Flows)
	first := filepath.Join(dir, flowsInOrder[0])
	fmt.Fprintf(env.stdout, "\nNext:\n  pipeline auth %s      # authorise the connections (once per system)\n  pipeline plan %s      # see what a run would do, without writing\n", first, first)
	if len(flowsInOrder) > 1 {
		fmt.Fprintf(env.stdout, "Then plan and run the other flows in this order (orders need their customers and products): %s\n", strings.Join(flowsInOrder[1:], ", "))
	}
	fmt.Fprintf(env.stdout, "To try it offline first: pipeline run -emulate %s\n", first)
	return exitOK
}

// runOrder sorts flows the way a first sync runs them: the records that
// others refer to first (customers, their contacts, products, stock), the
// orders that refer to them last; within a kind, by name.
func runOrder(flows []string) []string {
	rank := func(f string) int {
		for i, kind := range []string{"customer", "contact", "product", "stock", "order"} {
			if strings.Contains(f, kind) {
				return i
			}
		}
		return 5
	}
	out := append([]string(nil), flows...)
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := rank(out[i]), rank(out[j]); ri != rj {
			return ri < rj
		}
		return out[i] < out[j]
	})
	return out
}

// asker reads answers line by line; at the end of the input, or with
// -yes, every question takes its default.
type asker struct {
	in    *bufio.Scanner
	out   io.Writer
	quiet bool
}

func (a *asker) ask(prompt, def string) string {
	if a.quiet {
		return def
	}
	if def != "" {
		fmt.Fprintf(a.out, "%s [%s]: ", prompt, def)
	} else {
		fmt.Fprintf(a.out, "%s: ", prompt)
	}
	if !a.in.Scan() {
		fmt.Fprintln(a.out)
		a.quiet = true
		return def
	}
	if s := strings.TrimSpace(a.in.Text()); s != "" {
		return s
	}
	return def
}

func pickTemplate(a *asker, templates []*scaffold.Template, systems string) (*scaffold.Template, error) {
	if len(templates) == 0 {
		return nil, fmt.Errorf("this build ships no integrations")
	}
	if systems == "" && !a.quiet {
		fmt.Fprintln(a.out, "Which two systems do you connect?")
		for i, t := range templates {
			fmt.Fprintf(a.out, "  %d) %s ↔ %s\n", i+1, t.Systems[0], t.Systems[len(t.Systems)-1])
		}
		systems = a.ask("Number, or two system names", "")
		if n, err := strconv.Atoi(systems); err == nil && n >= 1 && n <= len(templates) {
			return templates[n-1], nil
		}
	}
	parts := strings.FieldsFunc(systems, func(r rune) bool { return r == ',' || r == ' ' })
	if len(parts) != 2 {
		return nil, fmt.Errorf("say which two systems to connect: -systems a,b (one of %s)", pairList(templates))
	}
	for _, t := range templates {
		if t.Connects(parts[0], parts[1]) {
			return t, nil
		}
	}
	return nil, fmt.Errorf("no integration connects %s and %s; there are %s", parts[0], parts[1], pairList(templates))
}

func pairList(templates []*scaffold.Template) string {
	var out []string
	for _, t := range templates {
		out = append(out, strings.Join(t.Systems, ","))
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

func pickFlows(a *asker, t *scaffold.Template, flows string) ([]string, error) {
	if flows == "" && !a.quiet {
		fmt.Fprintf(a.out, "\nFlows of %s:\n", t.Name)
		for i, f := range t.Flows {
			fmt.Fprintf(a.out, "  %d) %-28s %s → %s: %s\n", i+1, f.File, f.Source, f.Target, f.Description)
		}
		flows = a.ask("Which flows (numbers or names, comma-separated)", "all")
	}
	if flows == "" || flows == "all" {
		flows = ""
		for _, f := range t.Flows {
			flows += f.File + ","
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range strings.Split(flows, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if n, err := strconv.Atoi(p); err == nil && n >= 1 && n <= len(t.Flows) {
			p = t.Flows[n-1].File
		}
		f, ok := t.Flow(p)
		if !ok {
			return nil, fmt.Errorf("%s has no flow %q", t.Name, p)
		}
		if !seen[f.File] {
			seen[f.File] = true
			out = append(out, f.File)
		}
	}
	return out, nil
}

func pickSettings(a *asker, t *scaffold.Template, sets varFlags, into map[string]cty.Value) error {
	known := map[string]scaffold.Setting{}
	for _, s := range t.Settings {
		known[s.Name] = s
	}
	for name, v := range sets {
		s, ok := known[name]
		if !ok {
			return fmt.Errorf("-set %s: %s has no such setting", name, t.Name)
		}
		val, err := scaffold.Value(s, v)
		if err != nil {
			return err
		}
		into[name] = val
	}
	if !a.quiet {
		fmt.Fprintln(a.out, "\nSettings (Enter keeps the default):")
	}
	for _, s := range t.Settings {
		if _, done := into[s.Name]; done || a.quiet {
			continue
		}
		for {
			fmt.Fprintf(a.out, "  %s\n", s.Description)
			def := scaffold.Display(s)
			answer := a.ask("  "+s.Name, def)
			if answer == def {
				break
			}
			val, err := scaffold.Value(s, answer)
			if err == nil {
				into[s.Name] = val
				break
			}
			fmt.Fprintf(a.out, "  %v\n", err)
		}
	}
	return nil
}
