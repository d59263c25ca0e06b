package runpipeline

import (
	"context"
	"errors"
	"io"
	"path/filepath"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// Options are what a run needs besides the plan.
type Options struct {
	// File is the pipeline file; relative paths in connector settings are
	// resolved against its folder.
	File   string
	Stdin  io.Reader
	Stdout io.Writer

	State    state.Store
	Rejects  engine.RejectSink
	FullRead bool

	Progress      func(engine.Stats)
	ProgressEvery int
}

func (o Options) engine() engine.RunOptions {
	return engine.RunOptions{
		Connector: connectors.Options{BaseDir: filepath.Dir(o.File), Stdin: o.Stdin, Stdout: o.Stdout},
		Rejects:   o.Rejects,
		State:     o.State,
		FullRead:  o.FullRead,
		Progress:  o.Progress, ProgressEvery: o.ProgressEvery,
	}
}

// Run streams the plan's source into its target.
func Run(ctx context.Context, plan *engine.Plan, o Options) (engine.Stats, error) {
	return plan.Run(ctx, o.engine())
}

// Retry runs the records the plan set aside through it again.
func Retry(ctx context.Context, plan *engine.Plan, o Options) (engine.Stats, error) {
	return plan.Retry(ctx, o.engine())
}

// Status words of a finished run.
const (
	StatusOK             = "ok"
	StatusFailed         = "failed"
	StatusInterrupted    = "interrupted"
	StatusTooManyRejects = "too many rejects"
)

// Status names how a run ended.
func Status(s engine.Stats, err error) string {
	var tooMany *engine.TooManyRejectsError
	switch {
	case s.Interrupted || errors.Is(err, context.Canceled):
		return StatusInterrupted
	case errors.As(err, &tooMany):
		return StatusTooManyRejects
	case err != nil:
		return StatusFailed
	}
	return StatusOK
}
