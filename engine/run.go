package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
)

// RunOptions are the inputs of one run besides the plan.
type RunOptions struct {
	// Reader and Writer replace the plan's own source and target (golden
	// tests, benchmarks); nil opens the connectors the plan names.
	Reader connectors.Reader
	Writer connectors.Writer

	// Lookuper, when set, answers every related block instead of the
	// source or target (golden tests answer from fixture files).
	Lookuper connectors.Lookuper

	// Connector is handed to the connectors the plan opens.
	Connector connectors.Options

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
	Read        int           `json:"read"`
	Filtered    int           `json:"filtered"`
	Written     int           `json:"written"`
	Rejected    int           `json:"rejected"`
	Duration    time.Duration `json:"duration_ns"`
	Interrupted bool          `json:"interrupted,omitempty"`
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
	start := time.Now()
	defer func() { stats.Duration = time.Since(start) }()

	reader, writer := o.Reader, o.Writer
	if reader == nil {
		if reader, err = p.source.spec.NewReader(ctx, p.source.config, p.connectorOptions(o, p.source)); err != nil {
			return stats, fmt.Errorf("opening source %s: %w", p.source.spec.Name, err)
		}
	}
	defer reader.Close()
	if writer == nil {
		if writer, err = p.target.spec.NewWriter(ctx, p.target.config, p.connectorOptions(o, p.target)); err != nil {
			return stats, fmt.Errorf("opening target %s: %w", p.target.spec.Name, err)
		}
	}
	defer func() {
		if cerr := writer.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("closing target: %w", cerr)
		}
	}()

	r := newRunner(p)
	if len(p.related) > 0 {
		rs, err := newRunState(ctx, p, reader, writer, o.Lookuper)
		if err != nil {
			return stats, err
		}
		r.env[runVar] = rs
	}
	every := o.ProgressEvery
	if every <= 0 {
		every = 1000
	}
	for {
		if ctx.Err() != nil {
			stats.Interrupted = true
			return stats, ctx.Err()
		}
		rec, rerr := reader.Read(ctx)
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			if _, ok := connectors.AsRecordError(rerr); !ok || rec.Raw == nil {
				if ctx.Err() != nil {
					stats.Interrupted = true
				}
				return stats, fmt.Errorf("reading source: %w", rerr)
			}
			stats.Read++
			rj := newReject(rec.Origin, StageRead, rec.Raw)
			rj.Reason = rerr.Error()
			if err := p.setAside(ctx, o, &stats, rj); err != nil {
				return stats, err
			}
			continue
		}
		stats.Read++
		out, rj := p.process(r, rec, !o.SkipValidation)
		switch {
		case rj != nil:
			if err := p.setAside(ctx, o, &stats, rj); err != nil {
				return stats, err
			}
		case out == nil:
			stats.Filtered++
		default:
			werr := writer.Write(ctx, connectors.Record{Raw: out, Origin: rec.Origin, Key: rec.Key})
			if werr != nil {
				re, ok := connectors.AsRecordError(werr)
				if !ok {
					return stats, fmt.Errorf("writing %s: %w", rec.Origin, werr)
				}
				rj := newReject(rec.Origin, StageWrite, rec.Raw)
				rj.Field, rj.Reason = re.Field, re.Err.Error()
				if err := p.setAside(ctx, o, &stats, rj); err != nil {
					return stats, err
				}
				continue
			}
			stats.Written++
		}
		if o.Progress != nil && stats.Read%every == 0 {
			stats.Duration = time.Since(start)
			o.Progress(stats)
		}
	}
	if o.Progress != nil {
		stats.Duration = time.Since(start)
		o.Progress(stats)
	}
	if stats.Rejected > p.maxRejects {
		return stats, &TooManyRejectsError{Rejected: stats.Rejected, Max: p.maxRejects}
	}
	return stats, nil
}

func (p *Plan) connectorOptions(o RunOptions, ep endpoint) connectors.Options {
	co := o.Connector
	if co.Entity == "" && ep.schema != nil {
		co.Entity = ep.schema.Ref
	}
	if co.FieldType == nil {
		co.FieldType = fieldTyper(ep)
	}
	if co.Now == nil {
		co.Now = p.exprCfg.Now
	}
	return co
}

func (p *Plan) setAside(ctx context.Context, o RunOptions, stats *Stats, rj *Reject) error {
	stats.Rejected++
	if o.Rejects == nil {
		return nil
	}
	if err := o.Rejects.Reject(ctx, *rj); err != nil {
		return fmt.Errorf("setting aside %s: %w", rj.Origin, err)
	}
	return nil
}

// process takes one record through the stages. It returns the target
// record, nil when a filter left the record out, or a Reject.
func (p *Plan) process(r *runner, rec connectors.Record, validate bool) ([]byte, *Reject) {
	if !gjson.ValidBytes(rec.Raw) {
		rj := newReject(rec.Origin, StageRead, rec.Raw)
		rj.Reason = invalidJSON(rec.Raw)
		return nil, rj
	}
	if s := p.source.schema; s != nil && p.source.validate && validate {
		if vs := s.Validate(rec.Raw); len(vs) > 0 {
			return nil, violationReject(newReject(rec.Origin, StageValidateSource, rec.Raw), s.Ref, vs)
		}
	}
	r.load(rec.Raw)
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
			rj := violationReject(newReject(rec.Origin, StageValidateTarget, rec.Raw), s.Ref, vs)
			return nil, rj
		}
	}
	return out, nil
}

// fieldTyper tells untyped formats (CSV) the JSON type the schema gives a
// top-level field.
func fieldTyper(ep endpoint) func(string) string {
	return func(name string) string {
		if ep.schema == nil {
			return ""
		}
		f, ok := ep.schema.Root().Child(name)
		if !ok || len(f.Types) == 0 {
			return ""
		}
		for _, t := range f.Types {
			if t != "null" {
				return t
			}
		}
		return ""
	}
}
