package server

import (
	"net/http"

	"github.com/pipeline-dev/pipeline/server/api"
	"github.com/pipeline-dev/pipeline/server/dashboard"
	"github.com/pipeline-dev/pipeline/server/webhook"
)

// routes assembles the handler: webhooks (signed, no token), /healthz (no
// token), and behind the token the API, /metrics and the dashboard.
func (s *Server) routes() (http.Handler, error) {
	check := dashboard.TokenChecker(s.cfg.Tokens...)
	auth := dashboard.RequireToken(check)
	src := &dashboard.StoreSource{Store: s.cfg.Store}
	b := backend{Server: s, runs: src}
	src.ListPipelines, src.RetryFunc, src.AlertsFunc = b.dashboardPipelines, b.dashboardRetry, b.dashboardAlerts
	dash, err := dashboard.New(dashboard.Options{Source: src, CheckToken: check, Logger: s.log})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	apiHandler := api.New(b, auth)
	mux.Handle("/api/", apiHandler)
	mux.Handle("/healthz", apiHandler)
	mux.Handle("/readyz", apiHandler)
	mux.Handle("/metrics", auth(s.metrics.Handler()))
	mux.Handle("/webhooks/", webhook.Handler(b, webhook.Config{HubSpotSecret: s.cfg.HubSpotWebhookSecret,
		ExactSecret: s.cfg.ExactWebhookSecret, PublicURL: s.cfg.PublicURL, Log: s.log}))
	mux.Handle("/", dash)
	return mux, nil
}
