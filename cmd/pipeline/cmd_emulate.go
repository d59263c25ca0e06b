package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
)

// emulator is one system's local stand-in, as `pipeline emulate` runs it.
type emulator struct {
	summary string
	start   func(o emulateOptions) (running, error)
}

// running is a started emulator.
type running interface {
	URL() string
	Close() error
}

type emulateOptions struct {
	addr      string
	seed      io.Reader
	state     string
	timeScale float64
	noLimits  bool
}

// emulators lists the systems `pipeline emulate` can stand in for.
func emulators() map[string]emulator {
	return map[string]emulator{
		"exactonline": {
			summary: "Exact Online REST API v1 (OAuth, divisions, OData paging and filters, sync endpoints, rate limits)",
			start: func(o emulateOptions) (running, error) {
				opts := exactemu.Options{Seed: o.seed, StatePath: o.state, TimeScale: o.timeScale}
				if o.noLimits {
					opts.MinuteLimit, opts.DayLimit = -1, -1
				}
				srv, err := exactemu.NewServer(opts)
				if err != nil {
					return nil, err
				}
				if err := srv.Start(o.addr); err != nil {
					return nil, err
				}
				return srv, nil
			},
		},
	}
}

var emulatorCredentials = map[string][2]string{
	"exactonline": {exactemu.DefaultClientID, exactemu.DefaultClientSecret},
}

// cmdEmulate runs a system's emulator until interrupted, so pipelines can
// be tried offline against it.
func cmdEmulate(ctx context.Context, env *cliEnv, args []string) int {
	all := emulators()
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	fs := newFlags(env, "emulate", "SYSTEM   (one of: "+strings.Join(names, ", ")+")")
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on (loopback; port 0 picks a free one)")
	seed := fs.String("seed", "", "JSON seed data file (default: the built-in sample company)")
	state := fs.String("state", "", "file that keeps the emulator's data across restarts")
	scale := fs.Float64("time-scale", 0, "run emulated time this many times faster (tokens, rate-limit windows)")
	noLimits := fs.Bool("no-limits", false, "switch the rate limits off")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	em, ok := all[fs.Arg(0)]
	if !ok {
		fmt.Fprintf(env.stderr, "pipeline emulate: no emulator for %q; there are: %s\n", fs.Arg(0), strings.Join(names, ", "))
		return exitUsage
	}
	o := emulateOptions{addr: *addr, state: *state, timeScale: *scale, noLimits: *noLimits}
	if *seed != "" {
		f, err := os.Open(*seed)
		if err != nil {
			fmt.Fprintf(env.stderr, "pipeline emulate: %v\n", err)
			return exitFail
		}
		defer f.Close()
		o.seed = f
	}
	srv, err := em.start(o)
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline emulate %s: %v\n", fs.Arg(0), err)
		return exitFail
	}
	creds := emulatorCredentials[fs.Arg(0)]
	fmt.Fprintf(env.stdout, "%s emulator listening on %s\n", fs.Arg(0), srv.URL())
	fmt.Fprintf(env.stdout, "  %s\n", em.summary)
	fmt.Fprintf(env.stdout, "  client id %s, client secret %s (the emulator's own, not a real credential)\n", creds[0], creds[1])
	fmt.Fprintf(env.stdout, "  request counts: %s/__emulator/counts   faults: %s/__emulator/faults\n", srv.URL(), srv.URL())
	fmt.Fprintln(env.stdout, "Press Ctrl-C to stop.")
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		fmt.Fprintf(env.stderr, "pipeline emulate: stopping: %v\n", err)
		return exitFail
	}
	return exitOK
}
