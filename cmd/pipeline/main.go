package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	_ "github.com/pipeline-dev/pipeline/connectors/all"
)

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// command is one verb of the CLI.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *cliEnv, args []string) int
}

func commands() []command {
	return []command{
		{"validate", "check pipeline files without running them", cmdValidate},
		{"run", "run a pipeline", cmdRun},
		{"plan", "show what a run would do, record by record, without writing", cmdPlan},
		{"apply", "apply a saved plan, refusing records whose target changed", cmdApply},
		{"retry", "run the records a pipeline set aside through it again", cmdRetry},
		{"logs", "show runs and what happened to records", cmdLogs},
		{"test", "run the golden test cases of pipelines", cmdTest},
		{"fmt", "format pipeline files", cmdFmt},
		{"functions", "list the functions expressions can call", cmdFunctions},
		{"connectors", "list the connectors", cmdConnectors},
		{"schemas", "list the schemas, or show one's fields", cmdSchemas},
		{"emulate", "run a local emulator of a system's API", cmdEmulate},
		{"auth", "authorize a pipeline's connections (one-time OAuth consent)", cmdAuth},
		{"serve", "run pipelines on schedules and webhooks, with an API and a dashboard", cmdServe},
		{"init", "set up an integration between two systems: flows, settings, value maps", cmdInit},
	}
}

// cliEnv is what commands get from main instead of reaching for globals.
type cliEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) (string, bool)
	environ        []string
	stderrTTY      bool
}

func main() {
	// Runs stream records in constant memory, so the heap is small and
	// collecting it at 1.5× instead of 2× its live size keeps memory tight
	// on small machines for a few per cent of CPU. GOGC overrides it.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &cliEnv{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.LookupEnv, environ: os.Environ(), stderrTTY: isTerminal(os.Stderr)}
	code := runCLI(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

func runCLI(ctx context.Context, env *cliEnv, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(env.stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	fmt.Fprintf(env.stderr, "pipeline: unknown command %q\n\n", args[0])
	usage(env.stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: pipeline <command> [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'pipeline <command> -h' for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 success, 1 invalid files or failed runs/tests, 2 wrong usage.")
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
