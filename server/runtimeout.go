package server

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// RunTimeoutEnv is the environment variable that sets the run timeout
// when -run-timeout does not.
const RunTimeoutEnv = "PIPELINE_RUN_TIMEOUT"

// DefaultRunTimeout bounds a run when neither -run-timeout nor
// $PIPELINE_RUN_TIMEOUT says otherwise.
const DefaultRunTimeout = time.Hour

// RunTimeout resolves the run timeout: the flag's value when given (> 0),
// else the environment's (env, as read from $PIPELINE_RUN_TIMEOUT), else
// DefaultRunTimeout.
func RunTimeout(flag time.Duration, env string) (time.Duration, error) {
	switch {
	case flag < 0:
		return 0, fmt.Errorf("-run-timeout %s: want a positive duration such as 2h", flag)
	case flag > 0:
		return flag, nil
	case env == "":
		return DefaultRunTimeout, nil
	}
	d, err := time.ParseDuration(env)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("$%s = %q: want a positive duration such as 2h", RunTimeoutEnv, env)
	}
	return d, nil
}

// errRunTimeout is the cause of a context that the run timeout ended.
var errRunTimeout = errors.New("run timeout")

// bounded gives ctx the run timeout, unless the cluster bounds the work
// already (its runs; clustered is false for a retry, which the cluster
// does not time).
func (s *Server) bounded(ctx context.Context, clustered bool) (context.Context, context.CancelFunc) {
	if s.cfg.RunTimeout <= 0 || clustered {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, s.cfg.RunTimeout, errRunTimeout)
}

// timedOut reports whether ctx ended because the run timeout passed: this
// server's, or the cluster's (a deadline on a run's context).
func timedOut(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errRunTimeout) || errors.Is(ctx.Err(), context.DeadlineExceeded)
}

// timeoutError says what the run timeout did, for the log and the alert.
func (s *Server) timeoutError() error {
	return fmt.Errorf("stopped between records after the run timeout (-run-timeout %s); the next run resumes from the sync state", s.cfg.RunTimeout)
}
