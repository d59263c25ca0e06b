package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state/stateopen"
	"github.com/pipeline-dev/pipeline/server"
	"github.com/pipeline-dev/pipeline/server/alert"
)

// cmdServe runs every pipeline under a folder on its schedule and
// triggers, with the JSON API, webhooks, metrics and the dashboard.
func cmdServe(ctx context.Context, env *cliEnv, args []string) int {
	fs := newFlags(env, "serve", "DIR")
	vars := varFlags{}
	fs.Var(vars, "var", "set a variable in every pipeline file, which must all declare it: -var name=value (repeatable; PIPELINE_VAR_<name> sets it only where declared)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (\":8443\" for every interface)")
	tokensFile := fs.String("tokens-file", "", "file of API tokens, one a line (also $"+server.TokensEnv+", comma-separated)")
	publicURL := fs.String("public-url", "", "the server's address as people and systems reach it, for links in alerts and webhook signatures")
	certFile := fs.String("tls-cert", "", "TLS certificate (PEM) for the server's port")
	keyFile := fs.String("tls-key", "", "TLS private key (PEM) of -tls-cert")
	alertWebhook := fs.String("alert-webhook", "", "Slack-compatible webhook URL for alerts (better: $PIPELINE_ALERT_WEBHOOK, the URL is a secret)")
	smtpAddr := fs.String("smtp-addr", "", "SMTP server host:port for alert e-mails (user and password from $PIPELINE_SMTP_USER, $PIPELINE_SMTP_PASSWORD)")
	smtpFrom := fs.String("smtp-from", "", "sender address of alert e-mails")
	smtpTo := fs.String("smtp-to", "", "recipients of alert e-mails, comma-separated")
	reload := fs.Duration("reload-every", 2*time.Second, "how often the folder is checked for changed files")
	grace := fs.Duration("shutdown-grace", 30*time.Second, "on SIGTERM, how long running runs may finish before they stop between records")
	runTimeoutFlag := fs.Duration("run-timeout", 0, "the longest one run or retry may take before it stops between records and counts as failed (default $"+server.RunTimeoutEnv+", else 1h); with -state postgres://... a dead process's run is taken over once the timeout and a tenth more have passed")
	workers := fs.Int("workers", 8, "with -state postgres://...: how many runs this process executes at once (the processes share the work)")
	emulate := fs.Bool("emulate", false, "run against in-process emulators of the systems instead of the real ones")
	sf := addStateFlags(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	dir := fs.Arg(0)
	fail := func(err error) int {
		fmt.Fprintf(env.stderr, "pipeline serve: %v\n", err)
		return exitFail
	}
	envTimeout, _ := env.getenv(server.RunTimeoutEnv)
	runTimeout, err := server.RunTimeout(*runTimeoutFlag, envTimeout)
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline serve: %v\n", err)
		return exitUsage
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fail(fmt.Errorf("%s is not a folder of pipeline files", dir))
	}
	envTokens, _ := env.getenv(server.TokensEnv)
	tokens, err := server.LoadTokens(*tokensFile, envTokens)
	if err != nil {
		return fail(err)
	}
	set, ok := loadSchemas(env.stderr)
	if !ok {
		return exitFail
	}
	st, err := sf.open(ctx, env)
	if err != nil {
		return fail(err)
	}
	if st == nil {
		return fail(fmt.Errorf("the server keeps runs and set-aside records in the sync state; -state off is not allowed"))
	}
	defer st.Close()
	if err := sf.purge(ctx, st); err != nil {
		return fail(fmt.Errorf("purging old state: %w", err))
	}
	senders, err := alertSenders(env, *alertWebhook, *smtpAddr, *smtpFrom, *smtpTo)
	if err != nil {
		return fail(err)
	}
	getenv := func(k string) string { v, _ := env.getenv(k); return v }
	cfg := server.Config{
		Dir: dir,
		CompileOptions: func() engine.Options {
			return engine.Options{Connectors: registry(), Schemas: set, Vars: vars, EnvVars: envVars(env), Getenv: env.getenv,
				Validating: *emulate}
		},
		Store: st, Tokens: tokens, PublicURL: *publicURL,
		HubSpotWebhookSecret: getenv("PIPELINE_HUBSPOT_WEBHOOK_SECRET"),
		ExactWebhookSecret:   getenv("PIPELINE_EXACT_WEBHOOK_SECRET"),
		AlertSenders:         senders, ReloadEvery: *reload, ShutdownGrace: *grace, RunTimeout: runTimeout,
		Log: slog.New(slog.NewTextHandler(env.stderr, nil)),
	}
	if *emulate {
		var turns folderTurns
		cfg.Emulate = func(plan *engine.Plan, file string) (func(), error) {
			done := turns.take(pipelineFolder(file))
			emu, err := startEmulated(plan, file)
			if err != nil {
				done()
				return nil, err
			}
			// No request counts between the log's lines: the calls are
			// in /metrics (pipeline_api_calls_total).
			emu.report = nil
			return func() { emu.close(); done() }, nil
		}
	}
	loc := *sf.location
	if loc == "" {
		loc = getenv(stateopen.Env)
	}
	clusterExecutor(ctx, &cfg, loc, *workers)
	srv, err := server.New(cfg)
	if err != nil {
		return fail(err)
	}
	for _, f := range srv.Catalog().Files() {
		for _, d := range f.Diagnostics {
			fmt.Fprintf(env.stderr, "%s\n", d)
		}
	}
	if err := srv.Serve(ctx, server.Listen{Addr: *addr, CertFile: *certFile, KeyFile: *keyFile}); err != nil {
		return fail(err)
	}
	return exitOK
}

// alertSenders builds the alert channels from flags and environment.
func alertSenders(env *cliEnv, webhookURL, smtpAddr, from, to string) ([]alert.Sender, error) {
	var out []alert.Sender
	if webhookURL == "" {
		webhookURL, _ = env.getenv("PIPELINE_ALERT_WEBHOOK")
	}
	if webhookURL != "" {
		out = append(out, alert.Webhook{URL: webhookURL})
	}
	if smtpAddr != "" {
		if from == "" || to == "" {
			return nil, fmt.Errorf("alert e-mail needs -smtp-from and -smtp-to besides -smtp-addr")
		}
		user, _ := env.getenv("PIPELINE_SMTP_USER")
		pass, _ := env.getenv("PIPELINE_SMTP_PASSWORD")
		out = append(out, alert.Email{Addr: smtpAddr, From: from, To: strings.Split(to, ","), User: user, Password: pass})
	}
	return out, nil
}
