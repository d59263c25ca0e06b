package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/schemas"
)

// newFlags makes a flag set that reports errors instead of exiting, with a
// usage line for -h.
func newFlags(env *cliEnv, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: pipeline %s [flags] %s\n\nFlags:\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; ok is false with the exit code to return when
// the flags were wrong or help was asked for.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}

// parseArgs is parseFlags for a command that takes exactly n arguments
// besides its flags; another number prints the usage.
func parseArgs(fs *flag.FlagSet, args []string, n int) (int, bool) {
	if code, ok := parseFlags(fs, args); !ok {
		return code, false
	}
	if fs.NArg() != n {
		fs.Usage()
		return exitUsage, false
	}
	return 0, true
}

// varFlags collects repeated -var name=value flags.
type varFlags map[string]string

func (v varFlags) String() string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

func (v varFlags) Set(s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return fmt.Errorf("want -var name=value, got %q", s)
	}
	v[name] = value
	return nil
}

// envVars reads PIPELINE_VAR_<name> variables from the environment.
func envVars(env *cliEnv) map[string]string {
	out := map[string]string{}
	for _, kv := range env.environ {
		if name, value, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(name, "PIPELINE_VAR_") {
			out[strings.TrimPrefix(name, "PIPELINE_VAR_")] = value
		}
	}
	return out
}

func loadSchemas(w io.Writer) (*schemas.Set, bool) {
	set, err := schemas.Default()
	if err != nil {
		fmt.Fprintf(w, "pipeline: loading the built-in schemas: %v\n", err)
		return nil, false
	}
	return set, true
}

func registry() *connectors.Registry { return connectors.Default() }

func pathsOr(args []string, def string) []string {
	if len(args) == 0 {
		return []string{def}
	}
	return args
}
