package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
	sched "github.com/pipeline-dev/pipeline/dsl/schedule"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/server/alert"
	"github.com/pipeline-dev/pipeline/server/catalog"
	"github.com/pipeline-dev/pipeline/server/cluster"
	"github.com/pipeline-dev/pipeline/server/metrics"
	"github.com/pipeline-dev/pipeline/server/runner"
	"github.com/pipeline-dev/pipeline/server/schedule"
)

// Config is everything the server is told.
type Config struct {
	// Dir is the folder of pipeline files; CompileOptions gives the
	// options each load compiles them with (the CLI's).
	Dir            string
	CompileOptions func() engine.Options

	// Store is the sync state every run uses; the server does not close it.
	Store state.Store

	// Emulate, when set, points a plan at in-process emulators before each
	// run and returns what stops them (pipeline serve -emulate).
	Emulate func(plan *engine.Plan, file string) (stop func(), err error)

	// Tokens are the accepted bearer tokens; at least one is required.
	Tokens []string

	// PublicURL is how people and systems reach the server, for links in
	// alerts and HubSpot's signature check.
	PublicURL string

	HubSpotWebhookSecret string
	ExactWebhookSecret   string

	AlertSenders []alert.Sender

	// ReloadEvery is how often the folder is checked for changes (default 2s).
	ReloadEvery time.Duration
	// RunTimeout bounds one run or retry (0: none); a run that needs
	// longer is stopped between records, reported as failed, and the next
	// run resumes from the state. In a cluster the same value must be
	// given to the cluster's Options, which times its runs.
	RunTimeout time.Duration
	// ShutdownGrace is how long running runs may go on after a shutdown
	// starts before they are cancelled between records.
	ShutdownGrace time.Duration

	// Cluster, when set, replaces the in-process run queue and schedules
	// with the PostgreSQL cluster (-state postgres://...): it is given the
	// run function and returns the node, not yet started.
	Cluster func(run func(ctx context.Context, pipeline, reason string) error) (*cluster.Cluster, error)

	Log *slog.Logger
}

// Server is a running pipeline server.
type Server struct {
	cfg     Config
	log     *slog.Logger
	cat     *catalog.Catalog
	metrics *metrics.Metrics
	alerts  *alert.Alerter
	local   *runner.Local // nil in a cluster
	exec    runner.Executor
	cluster *cluster.Cluster // nil when runs stay in this process
	sched   *schedule.Scheduler

	retryRuns sync.Map // run id → cleared, of retries made here (streak.go)

	locksMu sync.Mutex
	locks   map[string]*sync.Mutex // per pipeline: runs and retries take turns

	workMu sync.Mutex     // orders startWork against a shutdown
	work   sync.WaitGroup // retries going: a shutdown waits for them

	ctx     context.Context // ends when shutdown cancels runs
	cancel  context.CancelFunc
	closing atomic.Bool
	started atomic.Bool
	handler http.Handler
	stopBg  context.CancelFunc
	bg      sync.WaitGroup
}

// New loads the pipelines and builds the server; Start begins scheduling.
func New(cfg Config) (*Server, error) {
	if len(cfg.Tokens) == 0 {
		return nil, errors.New("no API token is configured: give -tokens-file or PIPELINE_SERVE_TOKENS")
	}
	if cfg.Store == nil {
		return nil, errors.New("pipeline serve needs the sync state (it keeps runs, activity and set-aside records); -state off is not allowed")
	}
	if cfg.ReloadEvery <= 0 {
		cfg.ReloadEvery = 2 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	s := &Server{cfg: cfg, log: cfg.Log, locks: map[string]*sync.Mutex{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.cat = catalog.New(cfg.Dir, cfg.CompileOptions)
	if _, err := s.cat.Load(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", cfg.Dir, err)
	}
	s.cat.Remember()
	if cfg.Cluster != nil {
		c, err := cfg.Cluster(s.runOne)
		if err != nil {
			return nil, err
		}
		s.cluster, s.exec = c, c
		// Each connection's rate limit holds across the cluster's processes.
		httpx.DefaultLimiters().SetShared(c.Limiter())
	} else {
		s.local = runner.NewLocal(func(ctx context.Context, p, reason string) { _ = s.runOne(ctx, p, reason) })
		s.exec = s.local
		s.sched = schedule.New(s.local, nil, s.log)
	}
	s.metrics = metrics.New(s.queue)
	s.alerts = alert.New(alert.Config{Senders: cfg.AlertSenders, Log: s.log, RunLink: s.runLink})
	h, err := s.routes()
	if err != nil {
		return nil, err
	}
	s.handler = h
	s.loaded(catalog.Change{})
	return s, nil
}

// Handler serves the API, metrics, webhooks and dashboard.
func (s *Server) Handler() http.Handler { return s.handler }

// Catalog returns the loaded pipelines.
func (s *Server) Catalog() *catalog.Catalog { return s.cat }

// Start begins the schedules and the watch for changed files; a second
// call does nothing.
func (s *Server) Start(ctx context.Context) error {
	if !s.started.CompareAndSwap(false, true) {
		return nil
	}
	httpx.SetCallHook(s.metrics.Call)
	bg, stop := context.WithCancel(context.WithoutCancel(ctx))
	s.stopBg = stop
	if s.cluster != nil {
		if err := s.cluster.Start(s.ctx); err != nil {
			stop()
			return err
		}
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		s.cat.Watch(bg, s.cfg.ReloadEvery, s.loaded)
	}()
	return nil
}

// loaded brings schedules and metrics in line with the catalog after a
// load, and says in the log what changed and which files are broken.
func (s *Server) loaded(ch catalog.Change) {
	systems := map[string]string{}
	for _, p := range s.cat.List() {
		var sc sched.Schedule = p.Serve.Parsed
		if !p.Plan.Enabled() {
			sc = nil // disabled by its settings: not run, its cursor kept
		}
		if s.sched != nil {
			s.sched.Set(p.Name, sc)
		}
		if s.cluster != nil {
			if sc == nil {
				s.cluster.SetSchedule(p.Name, nil)
			} else {
				s.cluster.SetSchedule(p.Name, sc)
			}
		}
		for conn, system := range p.Connections {
			systems[conn] = system
		}
	}
	for _, name := range ch.Removed {
		if s.sched != nil {
			s.sched.Set(name, nil)
		}
		if s.cluster != nil {
			s.cluster.SetSchedule(name, nil)
		}
	}
	s.metrics.SetSystems(systems)
	invalid := 0
	for _, f := range s.cat.Files() {
		if !f.Valid {
			invalid++
			for _, d := range f.Diagnostics {
				s.log.Warn("pipeline file does not validate", "file", f.File, "diagnostic", d.String(), "last_good_kept", f.Stale)
			}
		}
	}
	s.metrics.SetInvalidFiles(invalid)
	if !ch.Empty() {
		s.log.Info("pipelines reloaded", "added", ch.Added, "updated", ch.Updated, "removed", ch.Removed)
	}
}

// queue reports waiting and running runs for the metrics: this process's,
// or the whole cluster's.
func (s *Server) queue() (int, int) {
	if s.local != nil {
		return s.local.Queued()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	w, r, err := s.cluster.QueueDepth(ctx)
	if err != nil {
		s.log.Warn("queue depth", "error", err)
	}
	return w, r
}

func (s *Server) runLink(_ string, id int64) string {
	if s.cfg.PublicURL == "" {
		return ""
	}
	return fmt.Sprintf("%s/runs/%d", s.cfg.PublicURL, id)
}

// Shutdown stops schedules and the reload watch, refuses new runs and
// retries, lets running ones finish until ctx ends, then cancels them (the
// engine stops between records and commits what it wrote) and waits for
// them. The state store can be closed once it returns.
func (s *Server) Shutdown(ctx context.Context) {
	s.workMu.Lock()
	s.closing.Store(true)
	s.workMu.Unlock()
	if s.stopBg != nil {
		s.stopBg()
	}
	s.bg.Wait()
	if s.sched != nil {
		s.sched.Stop()
	}
	if s.local != nil {
		s.local.Close(ctx)
	}
	if s.cluster != nil {
		if err := s.cluster.Stop(ctx); err != nil {
			s.log.Warn("stopping the cluster worker", "error", err)
		}
	}
	s.cancel()
	// Retries stop between records once cancelled; the caller closes the
	// state store after this returns, so nothing may still write to it.
	s.work.Wait()
	httpx.SetCallHook(nil)
	if s.cluster != nil {
		httpx.DefaultLimiters().SetShared(nil)
	}
}

// startWork counts a retry in, unless a shutdown has begun.
func (s *Server) startWork() bool {
	s.workMu.Lock()
	defer s.workMu.Unlock()
	if s.closing.Load() {
		return false
	}
	s.work.Add(1)
	return true
}
