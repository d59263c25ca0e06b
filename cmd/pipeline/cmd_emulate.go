package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	avemu "github.com/pipeline-dev/pipeline/connectors/accountview/emulator"
	asperionemu "github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
	eaccemu "github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	hubspotemu "github.com/pipeline-dev/pipeline/connectors/hubspot/emulator"
)

// starter adapts one emulator package's NewServer to `pipeline emulate`.
func starter[S interface {
	running
	Start(addr string) error
}](newServer func() (S, error), addr string) (running, error) {
	srv, err := newServer()
	if err != nil {
		return nil, err
	}
	if err := srv.Start(addr); err != nil {
		return nil, err
	}
	return srv, nil
}

func off(noLimits bool) int {
	if noLimits {
		return -1
	}
	return 0
}

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
				return starter(func() (*exactemu.Server, error) { return exactemu.NewServer(opts) }, o.addr)
			},
		},
		"eaccounting": {
			summary: "Visma eAccounting API v2 (identity server with rotating refresh tokens, scopes, {Meta, Data} paging, 600 calls/minute per endpoint)",
			start: func(o emulateOptions) (running, error) {
				opts := eaccemu.Options{Seed: o.seed, StatePath: o.state, TimeScale: o.timeScale, RateLimit: off(o.noLimits)}
				return starter(func() (*eaccemu.Server, error) { return eaccemu.NewServer(opts) }, o.addr)
			},
		},
		"hubspot": {
			summary: "HubSpot CRM API v3 (private-app and OAuth tokens, string-valued properties, search, batch with 207, associations v4)",
			start: func(o emulateOptions) (running, error) {
				opts := hubspotemu.Options{Seed: o.seed, StatePath: o.state, TimeScale: o.timeScale,
					TenSecondLimit: off(o.noLimits), OAuthTenSecondLimit: off(o.noLimits), DailyLimit: off(o.noLimits), SearchLimit: off(o.noLimits)}
				return starter(func() (*hubspotemu.Server, error) { return hubspotemu.NewServer(opts) }, o.addr)
			},
		},
		"asperion": {
			summary: "Asperion (assumed REST shape: tenants by X-Tenant-Id, debtors, articles with stock, sales orders with lines, ...)",
			start: func(o emulateOptions) (running, error) {
				opts := asperionemu.Options{Seed: o.seed, StatePath: o.state, TimeScale: o.timeScale, MinuteLimit: off(o.noLimits)}
				return starter(func() (*asperionemu.Server, error) { return asperionemu.NewServer(opts) }, o.addr)
			},
		},
		"accountview": {
			summary: "AccountView accountview.net API v3 (one generic endpoint, X-Company, filter groups, positional writes)",
			start: func(o emulateOptions) (running, error) {
				opts := avemu.Options{Seed: o.seed, StatePath: o.state, TimeScale: o.timeScale, MinuteLimit: off(o.noLimits)}
				return starter(func() (*avemu.Server, error) { return avemu.NewServer(opts) }, o.addr)
			},
		},
	}
}

var emulatorCredentials = map[string][2]string{
	"exactonline": {exactemu.DefaultClientID, exactemu.DefaultClientSecret},
	"eaccounting": {eaccemu.DefaultClientID, eaccemu.DefaultClientSecret},
	"hubspot":     {hubspotemu.DefaultClientID, hubspotemu.DefaultClientSecret},
	"asperion":    {asperionemu.DefaultClientID, asperionemu.DefaultClientSecret},
	"accountview": {avemu.DefaultClientID, avemu.DefaultClientSecret},
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
	if code, ok := parseArgs(fs, args, 1); !ok {
		return code
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
