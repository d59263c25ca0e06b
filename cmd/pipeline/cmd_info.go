package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/pipeline-dev/pipeline/engine/exprenv"
	"github.com/pipeline-dev/pipeline/schemas"
)

// cmdFunctions prints every function expressions can call, with its
// description and examples.
func cmdFunctions(_ context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "functions", "[NAME]")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	found := false
	for _, f := range exprenv.Functions() {
		if fs.NArg() > 0 && f.Name != fs.Arg(0) {
			continue
		}
		found = true
		fmt.Fprintf(env.stdout, "%s\n    %s\n", f.Signature, strings.ReplaceAll(f.Description, "\n", "\n    "))
		for _, ex := range f.Examples {
			src := ""
			if ex.Source != "" {
				src = "   with source = " + ex.Source
			}
			fmt.Fprintf(env.stdout, "    %s  →  %s%s\n", ex.Expr, ex.Want, src)
		}
		fmt.Fprintln(env.stdout)
	}
	if !found {
		fmt.Fprintf(env.stderr, "pipeline functions: no function %q\n", fs.Arg(0))
		return exitFail
	}
	return exitOK
}

// cmdConnectors lists the registered connectors.
func cmdConnectors(_ context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "connectors", "")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	reg := registry()
	for _, name := range reg.Names() {
		spec, _ := reg.Lookup(name)
		var can []string
		if spec.NewReader != nil {
			can = append(can, "source")
		}
		if spec.NewWriter != nil {
			can = append(can, "target")
		}
		fmt.Fprintf(env.stdout, "%-14s %-14s %s\n", name, strings.Join(can, ","), spec.Summary)
	}
	return exitOK
}

// cmdSchemas lists the built-in schemas, or the fields of one.
func cmdSchemas(_ context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "schemas", "[SYSTEM/ENTITY]")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	set, ok := loadSchemas(env.stderr)
	if !ok {
		return exitFail
	}
	if fs.NArg() == 0 {
		for _, ref := range set.Refs() {
			fmt.Fprintln(env.stdout, ref)
		}
		return exitOK
	}
	s, ok := set.Lookup(fs.Arg(0))
	if !ok {
		fmt.Fprintf(env.stderr, "pipeline schemas: no schema %q\n", fs.Arg(0))
		return exitFail
	}
	printFields(env, s.Root(), "", map[string]bool{})
	return exitOK
}

// printFields lists the fields below f. inside holds the identities of the
// fields being listed: a recursive schema has fields at any depth, so a
// field repeating an enclosing one is listed without its children.
func printFields(env *cliEnv, f *schemas.Field, prefix string, inside map[string]bool) {
	if inside[f.Identity()] {
		return
	}
	inside[f.Identity()] = true
	defer delete(inside, f.Identity())
	required := map[string]bool{}
	for _, r := range f.Required {
		required[r] = true
	}
	names := f.Names()
	sort.Strings(names)
	for _, n := range names {
		c, _ := f.Child(n)
		var flags []string
		if required[n] {
			flags = append(flags, "required")
		}
		if c.ReadOnly {
			flags = append(flags, "read-only")
		}
		if c.NaturalKey {
			flags = append(flags, "natural key")
		}
		if c.Personal {
			flags = append(flags, "personal data")
		}
		if c.MaxLength >= 0 {
			flags = append(flags, fmt.Sprintf("max %d", c.MaxLength))
		}
		fmt.Fprintf(env.stdout, "%-40s %-16s %s\n", prefix+n, strings.Join(c.Types, "|"), strings.Join(flags, ", "))
		if c.Items != nil && len(c.Items.Names()) > 0 {
			printFields(env, c.Items, prefix+n+".#.", inside)
		} else if len(c.Names()) > 0 {
			printFields(env, c, prefix+n+".", inside)
		}
	}
}
