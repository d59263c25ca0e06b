package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/stateopen"
)

// stateFlags are the flags of every command that uses the sync state.
type stateFlags struct {
	location  *string
	retention *time.Duration
}

func addStateFlags(fs *flag.FlagSet) stateFlags {
	return stateFlags{
		location: fs.String("state", "", "sync state: a SQLite file, a postgres:// URL, or \"off\" (default $PIPELINE_STATE, else .pipeline/state.db)"),
		retention: fs.Duration("retention", 30*24*time.Hour,
			"how long the activity log and resolved set-aside records are kept"),
	}
}

// open opens the state store the flags and environment name; nil (and no
// error) when the user switched state off.
func (sf stateFlags) open(ctx context.Context, env *cliEnv) (state.Store, error) {
	loc := *sf.location
	if loc == "" {
		loc, _ = env.getenv("PIPELINE_STATE")
	}
	if loc == "off" {
		return nil, nil
	}
	st, err := stateopen.Open(ctx, loc)
	if err != nil {
		return nil, fmt.Errorf("opening the sync state: %w", err)
	}
	return st, nil
}

// purge drops what is older than the retention period.
func (sf stateFlags) purge(ctx context.Context, st state.Store) error {
	if st == nil || *sf.retention <= 0 {
		return nil
	}
	_, err := st.Purge(ctx, time.Now().Add(-*sf.retention))
	return err
}
