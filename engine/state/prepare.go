package state

import (
	"fmt"
	"time"
)

// Precision is how finely stores keep times: PostgreSQL's timestamptz
// holds microseconds, and SQLite is made to match so that both stores give
// back exactly what the other would.
const Precision = time.Microsecond

// StoreTime is a time as stores keep it: in UTC, to the microsecond, with
// the zero time replaced by now (an entry without a time would otherwise
// look older than any retention period and go at the next purge).
func StoreTime(t, now time.Time) time.Time {
	if t.IsZero() {
		t = now
	}
	return t.UTC().Truncate(Precision)
}

// The Prepare functions below are for implementations of Store: they fill
// the defaults every store applies and reject what no store should record,
// so that sqlitestore and pgstore behave alike. The errors name the entry.

// Prepare returns b with every entry's Pipeline, RunID and time filled in
// from the batch (and now), or an error naming the first entry that
// belongs to another pipeline or lacks its key.
func (b Batch) Prepare(now time.Time) (Batch, error) {
	if b.Pipeline == "" {
		return b, fmt.Errorf("state: batch of run %d: empty pipeline", b.RunID)
	}
	where := func(kind string, i int, entity, key string) string {
		return fmt.Sprintf("state: batch of pipeline %q: %s %d (%s %q)", b.Pipeline, kind, i, entity, key)
	}
	own := func(p string) bool { return p == "" || p == b.Pipeline }

	xrefs := make([]XRef, len(b.XRefs))
	for i, x := range b.XRefs {
		switch {
		case !own(x.Pipeline):
			return b, fmt.Errorf("%s: belongs to pipeline %q", where("xref", i, x.Entity, x.SourceKey), x.Pipeline)
		case x.Entity == "" || x.SourceKey == "":
			return b, fmt.Errorf("%s: empty entity or source key", where("xref", i, x.Entity, x.SourceKey))
		case x.TargetID == "":
			return b, fmt.Errorf("%s: empty target id", where("xref", i, x.Entity, x.SourceKey))
		}
		x.Pipeline, x.UpdatedAt = b.Pipeline, StoreTime(x.UpdatedAt, now)
		xrefs[i] = x
	}
	intents := make([]Intent, len(b.Intents))
	for i, in := range b.Intents {
		if !own(in.Pipeline) {
			return b, fmt.Errorf("%s: belongs to pipeline %q", where("intent", i, in.Entity, in.SourceKey), in.Pipeline)
		}
		in.Pipeline = b.Pipeline
		intents[i] = in
	}
	activity := make([]Activity, len(b.Activity))
	for i, a := range b.Activity {
		if !own(a.Pipeline) {
			return b, fmt.Errorf("%s: belongs to pipeline %q", where("activity", i, a.Entity, a.SourceKey), a.Pipeline)
		}
		a.Pipeline, a.At = b.Pipeline, StoreTime(a.At, now)
		if a.RunID == 0 {
			a.RunID = b.RunID
		}
		activity[i] = a
	}
	aside := make([]SetAside, len(b.SetAside))
	for i, s := range b.SetAside {
		if !own(s.Pipeline) {
			return b, fmt.Errorf("%s: belongs to pipeline %q", where("set-aside record", i, s.Origin, s.SourceKey), s.Pipeline)
		}
		s.Pipeline, s.At = b.Pipeline, StoreTime(s.At, now)
		if s.RunID == 0 {
			s.RunID = b.RunID
		}
		aside[i] = s
	}
	b.XRefs, b.Intents, b.Activity, b.SetAside = xrefs, intents, activity, aside
	return b, nil
}

// Prepare returns in with its time filled in, or an error if it lacks the
// pipeline, entity or source key it is stored under.
func (in Intent) Prepare(now time.Time) (Intent, error) {
	if in.Pipeline == "" || in.Entity == "" || in.SourceKey == "" {
		return in, fmt.Errorf("state: intent (pipeline %q, %s %q): empty pipeline, entity or source key",
			in.Pipeline, in.Entity, in.SourceKey)
	}
	in.CreatedAt = StoreTime(in.CreatedAt, now)
	return in, nil
}

// PrepareBegin returns r as BeginRun records it: started now unless told
// otherwise, status "running" unless told otherwise, never ended.
func (r Run) PrepareBegin(now time.Time) (Run, error) {
	if r.Pipeline == "" {
		return r, fmt.Errorf("state: begin run: empty pipeline")
	}
	r.StartedAt = StoreTime(r.StartedAt, now)
	r.EndedAt = time.Time{}
	if r.Status == "" {
		r.Status = "running"
	}
	return r, nil
}

// PrepareEnd returns r as EndRun records it: ended now unless told
// otherwise; the status must be given.
func (r Run) PrepareEnd(now time.Time) (Run, error) {
	if r.ID == 0 {
		return r, fmt.Errorf("state: end run of pipeline %q: no run id", r.Pipeline)
	}
	if r.Status == "" {
		return r, fmt.Errorf("state: end run %d: empty status", r.ID)
	}
	r.EndedAt = StoreTime(r.EndedAt, now)
	return r, nil
}
