package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// RunOptions are the inputs of one run besides the plan.
type RunOptions struct {
	// Reader and Writer replace the plan's own source and target (golden
	// tests, benchmarks); nil opens the connectors the plan names.
	Reader connectors.Reader
	Writer connectors.Writer

	// Lookuper, when set, answers every related block and natural-key
	// lookup instead of the source or target (golden tests answer from
	// fixture files).
	Lookuper connectors.Lookuper

	// Connector is handed to the connectors the plan opens.
	Connector connectors.Options

	// State keeps cross-references, cursors, the activity log and the
	// records set aside; nil runs without memory of earlier runs.
	State state.Store

	// DryRun decides what would happen to every record without writing
	// anything (pipeline plan); Decisions receives each decision.
	DryRun    bool
	Decisions func(Decision)

	// Related receives every related record the run creates or updates
	// (or, in a dry run, would).
	Related func(RelatedChange)

	// FullRead ignores the stored cursor and reads the whole source, and
	// maps every record, however unchanged its source (unchanged.go).
	FullRead bool

	// Rejects receives the records set aside; nil only counts them.
	Rejects RejectSink

	// SkipValidation turns the source and target schema checks off, for
	// benchmarks that measure the mapping alone.
	SkipValidation bool

	// Progress, when set, is called about every ProgressEvery records and
	// once at the end.
	Progress      func(Stats)
	ProgressEvery int
}

// Stats sum up a run.
type Stats struct {
	RunID       int64         `json:"run_id,omitempty"`
	Read        int           `json:"read"`
	Filtered    int           `json:"filtered"`
	Written     int           `json:"written"`
	Created     int           `json:"created,omitempty"`
	Updated     int           `json:"updated,omitempty"`
	Skipped     int           `json:"skipped,omitempty"`
	Unchanged   int           `json:"unchanged,omitempty"`
	Rejected    int           `json:"rejected"`
	Calls       int           `json:"target_calls,omitempty"`
	Duration    time.Duration `json:"duration_ns"`
	Interrupted bool          `json:"interrupted,omitempty"`

	// RelatedCreated and RelatedUpdated count the related records the run
	// created or updated (related blocks with a create block).
	RelatedCreated int `json:"related_created,omitempty"`
	RelatedUpdated int `json:"related_updated,omitempty"`
}

// TooManyRejectsError fails a run that set aside more records than the
// pipeline's max_rejects allows. The records that passed were written.
type TooManyRejectsError struct {
	Rejected, Max int
}

func (e *TooManyRejectsError) Error() string {
	return fmt.Sprintf("%d records were set aside, more than max_rejects = %d", e.Rejected, e.Max)
}

// Run streams every source record through the plan into the target. Records
// that fail are set aside and the run goes on; Run returns an error when the
// source or target fails as a whole, when ctx is cancelled (Stats says
// Interrupted), or when more than max_rejects records were set aside.
func (p *Plan) Run(ctx context.Context, o RunOptions) (stats Stats, err error) {
	s := &session{p: p, o: o, start: time.Now()}
	return s.do(ctx, true, func() error {
		if err := s.loop(ctx); err != nil {
			return err
		}
		if err := s.flush(ctx); err != nil {
			return err
		}
		if err := s.finish(ctx); err != nil {
			return err
		}
		if err := s.advanceCursor(ctx); err != nil {
			return err
		}
		if s.stats.Rejected > p.maxRejects {
			return &TooManyRejectsError{Rejected: s.stats.Rejected, Max: p.maxRejects}
		}
		return nil
	})
}

// session is the state of one run.
type session struct {
	p      *Plan
	o      RunOptions
	start  time.Time
	reader connectors.Reader
	writer connectors.Writer
	r      *runner
	sync   *syncer
	batch  *batcher // nil unless the target takes many records per call
	stats  Stats

	// retrying maps only the for_each element a set-aside origin names.
	retrying bool
	// resolving is the set-aside entry a retry is handling: a record set
	// aside again resolves it in the same batch, before the store renews
	// the pending entry of its key, or the renewal would be the entry
	// that the retry then resolves (and the record would wait no more).
	resolving int64

	// pending is the group of state changes not yet committed.
	pending    state.Batch
	pendingN   int
	lastCommit time.Time

	// tx is the writer when it is connectors.Transactional and the run
	// keeps state (txcommit.go): held are cross-references waiting for
	// Close to publish, markOpen says the state holds a mark to clear.
	tx           connectors.Transactional
	held         []state.XRef
	markOpen     bool
	published    bool
	writerClosed bool
}

func (s *session) loop(ctx context.Context) error {
	every := s.o.ProgressEvery
	if every <= 0 {
		every = 1000
	}
	for {
		if ctx.Err() != nil {
			s.stats.Interrupted = true
			return ctx.Err()
		}
		rec, rerr := s.reader.Read(ctx)
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			if _, ok := connectors.AsRecordError(rerr); !ok || rec.Raw == nil {
				if ctx.Err() != nil {
					s.stats.Interrupted = true
				}
				return fmt.Errorf("reading source: %w", rerr)
			}
			s.stats.Read++
			rj := newReject(rec.Origin, StageRead, rec.Raw)
			rj.Reason = rerr.Error()
			if err := s.setAside(ctx, rec, rj); err != nil {
				return err
			}
			continue
		}
		s.stats.Read++
		if err := s.handle(ctx, rec); err != nil {
			return err
		}
		if s.o.Progress != nil && s.stats.Read%every == 0 {
			s.stats.Duration = time.Since(s.start)
			s.o.Progress(s.stats)
		}
	}
	if s.o.Progress != nil {
		s.stats.Duration = time.Since(s.start)
		s.o.Progress(s.stats)
	}
	return nil
}

// handle takes one record through the stages and delivers the result.
func (s *session) handle(ctx context.Context, rec connectors.Record) error {
	if s.p.forEach != nil {
		return s.handleEach(ctx, rec)
	}
	if done, err := s.unchangedSource(ctx, rec); done || err != nil {
		return err
	}
	s.relatedBegin(rec)
	out, rj := s.p.process(s.r, rec, !s.o.SkipValidation)
	if err := s.relatedEnd(ctx, rec); err != nil {
		return err
	}
	return s.settle(ctx, rec, out, rj)
}

// settle sets a processed record aside, counts it as filtered out, or
// delivers it.
func (s *session) settle(ctx context.Context, rec connectors.Record, out []byte, rj *Reject) error {
	switch {
	case rj != nil:
		return s.setAside(ctx, rec, rj)
	case out == nil:
		s.stats.Filtered++
		return s.logActivity(ctx, rec, Decision{Origin: rec.Origin, Decision: state.DecisionFiltered}, 0)
	}
	return s.deliver(ctx, rec, out)
}

// process takes one record through the stages. It returns the target
// record, nil when a filter left the record out, or a Reject.
func (p *Plan) process(r *runner, rec connectors.Record, validate bool) ([]byte, *Reject) {
	if rj := p.checkSource(rec, validate); rj != nil {
		return nil, rj
	}
	r.load(rec.Raw)
	return p.mapLoaded(r, rec, validate)
}

// checkSource rejects a record that is not JSON or does not match the
// source schema.
func (p *Plan) checkSource(rec connectors.Record, validate bool) *Reject {
	if s := p.source.schema; s != nil && p.source.validate && validate {
		// Schema validation parses the whole record anyway, invalid JSON
		// included, so it doubles as the JSON check.
		if vs := s.Validate(rec.Raw); len(vs) > 0 {
			if vs[0].Keyword == "json" {
				return jsonReject(rec)
			}
			return violationReject(newReject(rec.Origin, StageValidateSource, rec.Raw), s.Ref, vs)
		}
	} else if !gjson.ValidBytes(rec.Raw) {
		return jsonReject(rec)
	}
	return nil
}

// mapLoaded filters, maps and checks the record (or for_each element)
// loaded in the runner.
func (p *Plan) mapLoaded(r *runner, rec connectors.Record, validate bool) ([]byte, *Reject) {
	ok, err := r.pass(p.filters)
	if err == nil && !ok {
		return nil, nil
	}
	var out []byte
	if err == nil {
		out, err = r.mapRecord()
	}
	if err != nil {
		var fe *fieldError
		if !errors.As(err, &fe) {
			fe = &fieldError{stage: StageMap, err: err}
		}
		return nil, fieldReject(newReject(rec.Origin, fe.stage, rec.Raw), fe)
	}
	if s := p.target.schema; s != nil && p.target.validate && validate {
		if vs := s.Validate(out); len(vs) > 0 {
			return nil, violationReject(newReject(rec.Origin, StageValidateTarget, rec.Raw), s.Ref, vs)
		}
	}
	return out, nil
}

func jsonReject(rec connectors.Record) *Reject {
	rj := newReject(rec.Origin, StageRead, rec.Raw)
	rj.Reason = invalidJSON(rec.Raw)
	return rj
}
