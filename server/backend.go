package server

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/server/alert"
	"github.com/pipeline-dev/pipeline/server/api"
	"github.com/pipeline-dev/pipeline/server/catalog"
	"github.com/pipeline-dev/pipeline/server/dashboard"
)

// backend answers the API and the webhooks from the server.
type backend struct {
	*Server
	runs *dashboard.StoreSource // finds runs by id
}

func (b backend) describe(ctx context.Context, p *catalog.Pipeline) (api.Pipeline, error) {
	out := api.Pipeline{Name: p.Name, Description: p.Description, File: p.File, Source: p.Source, Target: p.Target,
		Schedule: p.Serve.Schedule, LoadedAt: p.LoadedAt,
		Enabled: p.Plan.Enabled(), DisabledBy: p.Plan.DisabledBy()}
	for _, t := range p.Serve.Triggers {
		out.Triggers = append(out.Triggers, api.Trigger{System: t.System, Events: t.Events})
	}
	var next time.Time
	switch {
	case b.sched != nil:
		next = b.sched.Next(p.Name)
		out.Running = b.local.Running(p.Name)
	case b.cluster != nil:
		next = b.cluster.NextSlot(p.Name)
		running, err := b.cluster.Running(ctx, p.Name)
		if err != nil {
			return out, err
		}
		out.Running = running
	}
	if !next.IsZero() {
		out.NextRun = &next
	}
	out.Diagnostics = api.NewDiagnostics(b.cat.Diagnostics(p.Name))
	out.Valid = len(out.Diagnostics) == 0
	runs, err := b.cfg.Store.Runs(ctx, state.RunQuery{Pipeline: p.Name, Limit: 1})
	if err != nil {
		return out, err
	}
	if len(runs) > 0 {
		last := api.NewRun(runs[0])
		out.LastRun = &last
		out.Failing = runBad(runs[0])
	}
	return out, nil
}

func (b backend) Pipelines(ctx context.Context) ([]api.Pipeline, error) {
	out := []api.Pipeline{}
	for _, p := range b.cat.List() {
		d, err := b.describe(ctx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func (b backend) Pipeline(ctx context.Context, name string) (api.Pipeline, error) {
	p, ok := b.cat.Get(name)
	if !ok {
		return api.Pipeline{}, fmt.Errorf("pipeline %q is not loaded: %w", name, api.ErrNotFound)
	}
	return b.describe(ctx, p)
}

func (b backend) Files() []catalog.FileStatus { return b.cat.Files() }

// Trigger submits a run of a loaded pipeline.
func (b backend) Trigger(ctx context.Context, name, reason string) error {
	p, ok := b.cat.Get(name)
	if !ok {
		return fmt.Errorf("pipeline %q is not loaded: %w", name, api.ErrNotFound)
	}
	if !p.Plan.Enabled() {
		return &api.BadRequestError{Msg: p.Plan.DisabledMessage()}
	}
	if b.closing.Load() {
		return api.ErrShuttingDown
	}
	return b.exec.Submit(ctx, name, reason)
}

// Subscribed lists the pipelines whose trigger block for system takes
// event, leaving out those disabled by their settings.
func (b backend) Subscribed(system, event string) []string {
	var out []string
	for _, p := range b.cat.List() {
		if !p.Plan.Enabled() {
			continue
		}
		for _, t := range p.Serve.Triggers {
			if t.System == system && (len(t.Events) == 0 || slices.Contains(t.Events, event)) {
				out = append(out, p.Name)
			}
		}
	}
	return out
}

func (b backend) Runs(ctx context.Context, q state.RunQuery) ([]state.Run, error) {
	return b.cfg.Store.Runs(ctx, q)
}

func (b backend) Run(ctx context.Context, id int64) (state.Run, error) { return b.runs.Run(ctx, id) }

func (b backend) Activity(ctx context.Context, q state.ActivityQuery) ([]state.Activity, error) {
	return b.cfg.Store.Activity(ctx, q)
}

func (b backend) SetAside(ctx context.Context, pipeline string) ([]state.SetAside, error) {
	return b.cfg.Store.SetAside(ctx, pipeline)
}

func (b backend) Alerts(pipeline string) []alert.Alert { return b.alerts.Recent(pipeline) }

func (b backend) Ready(ctx context.Context) error {
	if b.closing.Load() {
		return errors.New("shutting down")
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := b.cfg.Store.Runs(ctx, state.RunQuery{Limit: 1}); err != nil {
		return fmt.Errorf("the sync state does not answer: %w", err)
	}
	return nil
}

// dashboardPipelines lists the pipelines for the dashboard.
func (b backend) dashboardPipelines(ctx context.Context) ([]dashboard.Pipeline, error) {
	var out []dashboard.Pipeline
	for _, p := range b.cat.List() {
		d := dashboard.Pipeline{Name: p.Name, Description: p.Description, File: p.File, Schedule: p.Serve.Schedule,
			Connections: []string{p.Source + " → " + p.Target}, DisabledBy: p.Plan.DisabledBy()}
		for _, diag := range b.cat.Diagnostics(p.Name) {
			d.Diagnostics = append(d.Diagnostics, diag.String())
		}
		out = append(out, d)
	}
	return out, nil
}

func (b backend) dashboardRetry(ctx context.Context, pipeline string, ids []int64) (dashboard.RetryResult, error) {
	if len(ids) == 0 {
		return dashboard.RetryResult{}, errors.New("no record chosen")
	}
	res, err := b.Retry(ctx, api.RetryRequest{Pipeline: pipeline, IDs: ids})
	if err == nil && res.Error != "" {
		err = errors.New(res.Error)
	}
	return dashboard.RetryResult{Retried: res.Retried, Written: res.Written, Again: res.Again}, err
}

func (b backend) dashboardAlerts(context.Context) ([]dashboard.Alert, error) {
	var out []dashboard.Alert
	for _, a := range b.alerts.Recent("") {
		d := dashboard.Alert{At: a.At, Pipeline: a.Pipeline, RunID: a.RunID, Kind: a.Kind, Message: a.FirstError, Channels: a.Sent}
		if a.Kind == alert.KindFailure && a.Status == "ok" {
			d.Kind = "rejects"
		}
		if a.Kind == alert.KindRecovery {
			d.Message = "run " + fmt.Sprint(a.RunID) + " ended " + a.Status
		}
		if len(a.Errors) > 0 {
			d.Error = a.Errors[0]
		}
		out = append(out, d)
	}
	return out, nil
}
