package cluster

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// maxSlotsPerTick bounds the slots one pipeline may add in one tick, so a
// clock jump or a one-second schedule cannot flood the queue.
const maxSlotsPerTick = 100

// runRetention is how long finished runs stay in pipeline_cluster_runs:
// far longer than River could hand a run out again.
const runRetention = 7 * 24 * time.Hour

// retryRetention is how long retry marks are kept: longer than the sync
// state keeps runs by default (30 days), so a retry never turns back into
// a run for the failure streak while its run is still listed.
const retryRetention = 90 * 24 * time.Hour

// scheduleLoop inserts the slots that fall due, every Tick, until ctx ends.
// Every node does this: a slot is one unique job, so the first insert
// wins and the others are skipped by River.
func (c *Cluster) scheduleLoop(ctx context.Context) {
	defer close(c.loopDone)
	cursors := map[string]time.Time{}
	var pruned time.Time
	t := time.NewTicker(c.opts.Tick)
	defer t.Stop()
	for {
		if err := c.insertDue(ctx, cursors, time.Now()); err != nil && ctx.Err() == nil {
			c.opts.Logger.Warn("cluster: inserting scheduled runs", slog.String("error", err.Error()))
		}
		if time.Since(pruned) > time.Hour {
			pruned = time.Now()
			if _, err := c.pool.Exec(ctx, "DELETE FROM pipeline_cluster_runs WHERE finished_at < $1", pruned.Add(-runRetention)); err != nil && ctx.Err() == nil {
				c.opts.Logger.Warn("cluster: pruning finished runs", slog.String("error", err.Error()))
			}
			if _, err := c.pool.Exec(ctx, "DELETE FROM pipeline_cluster_retries WHERE at < $1", pruned.Add(-retryRetention)); err != nil && ctx.Err() == nil {
				c.opts.Logger.Warn("cluster: pruning retry marks", slog.String("error", err.Error()))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// insertDue inserts every slot of every schedule in (cursor, now] and
// moves the cursors on once the insert succeeded. A pipeline the node has
// not seen yet (at start, or added by a reload) gets only its latest slot
// within CatchUp, so a restart runs a missed slot once, not a backlog.
func (c *Cluster) insertDue(ctx context.Context, cursors map[string]time.Time, now time.Time) error {
	scheds := c.schedules()
	var params []river.InsertManyParams
	add := func(pipeline string, slot time.Time) {
		params = append(params, river.InsertManyParams{
			Args: runArgs{Pipeline: pipeline, Slot: slot.UTC(), Reason: ReasonSchedule},
			InsertOpts: &river.InsertOpts{
				Queue:      queue,
				UniqueOpts: river.UniqueOpts{ByArgs: true},
			},
		})
	}
	moved := make(map[string]time.Time, len(scheds))
	for name, s := range scheds {
		if s == nil {
			continue
		}
		cur, seen := cursors[name]
		if !seen {
			if last := latestSlot(s, now.Add(-c.opts.CatchUp), now); !last.IsZero() {
				add(name, last)
			}
			moved[name] = now
			continue
		}
		slot, n := next(s, cur), 0
		for ; !slot.IsZero() && !slot.After(now) && n < maxSlotsPerTick; slot, n = next(s, slot), n+1 {
			add(name, slot)
		}
		moved[name] = now
		if n == maxSlotsPerTick {
			moved[name] = slot // the rest next tick
		}
	}
	if len(params) > 0 {
		var err error
		if params, err = c.capBacklog(ctx, params); err != nil {
			return err
		}
	}
	if len(params) > 0 {
		if _, err := c.river.InsertMany(ctx, params); err != nil {
			return fmt.Errorf("%d slot(s): %w", len(params), err)
		}
	}
	clear(cursors) // pipelines removed by a reload are forgotten
	for name, t := range moved {
		cursors[name] = t
	}
	return nil
}

// latestSlot is the last slot of s in (from, to], or the zero time.
func latestSlot(s Schedule, from, to time.Time) time.Time {
	var last time.Time
	for slot := next(s, from); !slot.IsZero() && !slot.After(to); slot = next(s, slot) {
		last = slot
	}
	return last
}

// capBacklog drops the slots of pipelines that already have maxBacklog
// scheduled runs waiting, and says so in the log.
func (c *Cluster) capBacklog(ctx context.Context, params []river.InsertManyParams) ([]river.InsertManyParams, error) {
	waiting, err := c.backlog(ctx)
	if err != nil {
		return nil, err
	}
	kept := params[:0]
	for _, p := range params {
		a := p.Args.(runArgs)
		if waiting[a.Pipeline] >= maxBacklog {
			c.opts.Logger.Warn("cluster: slot skipped: the pipeline's runs take longer than its schedule allows",
				slog.String("pipeline", a.Pipeline), slog.Time("slot", a.Slot), slog.Int("waiting", waiting[a.Pipeline]))
			continue
		}
		waiting[a.Pipeline]++
		kept = append(kept, p)
	}
	return kept, nil
}
