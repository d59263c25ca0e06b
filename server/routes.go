package server

import (
	"log/slog"
	"net/http"
	"time"

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
	return s.logRequests(mux), nil
}

// logRequests logs every request that asks for a change (POST: runs,
// retries, webhooks, logins) and every one that failed on the server's
// side, with method, path, status and duration: what an operator needs to
// see who started what. Never headers or query strings, which may hold
// tokens.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			if sw.status < 500 {
				return
			}
		}
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelWarn
		}
		s.log.Log(r.Context(), level, "http request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"seconds", time.Since(start).Seconds(), "remote", r.RemoteAddr)
	})
}

// statusWriter keeps the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
