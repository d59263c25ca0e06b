package pipelinetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/pipeline-dev/pipeline/engine"
)

// The fixture stands in for the systems' writers of related blocks: a
// record created during the case is kept, with the made-up id the engine
// gave it, so that later lookups of its key find it, as they would in the
// system.
var _ engine.RelatedWriter = (*fixtureLookuper)(nil)

// CreateRelated implements engine.RelatedWriter.
func (f *fixtureLookuper) CreateRelated(_ context.Context, entity string, rec []byte) error {
	recs, err := f.records(entity)
	if err != nil {
		return err
	}
	f.loaded[entity] = append(recs, append([]byte(nil), rec...))
	return nil
}

// UpdateRelated implements engine.RelatedWriter.
func (f *fixtureLookuper) UpdateRelated(_ context.Context, entity string, before, after []byte) error {
	recs, err := f.records(entity)
	if err != nil {
		return err
	}
	for i, r := range recs {
		if bytes.Equal(r, before) {
			recs[i] = append([]byte(nil), after...)
			return nil
		}
	}
	return fmt.Errorf("the %s fixture holds no such record to update", entity)
}

// relatedLog collects the golden lines of want.related.ndjson: one per
// related record a case creates or updates, in the order they happen.
type relatedLog struct{ lines [][]byte }

// relatedLine is the golden form of a related change: what a reviewer
// checks, without the made-up id or the origin (the order of the lines
// says which record caused it).
type relatedLine struct {
	Related string          `json:"related"`
	Action  string          `json:"action"`
	Key     string          `json:"key"`
	Record  json.RawMessage `json:"record"`
}

func (l *relatedLog) add(c engine.RelatedChange) {
	b, _ := json.Marshal(relatedLine{Related: c.Related, Action: c.Action, Key: c.Key, Record: c.Record})
	n, err := normalize(b)
	if err != nil {
		n = b
	}
	l.lines = append(l.lines, n)
}

const relatedFile = "want.related.ndjson"

// finish rewrites or compares want.related.ndjson.
func (l *relatedLog) finish(res *Result, update bool) {
	if update {
		if err := writeLines(filepath.Join(res.Case.Dir, relatedFile), l.lines, false); err != nil {
			res.Failures = append(res.Failures, err.Error())
		}
		return
	}
	res.Failures = append(res.Failures, compareRecords(res.Case.Dir, relatedFile, "related change", l.lines)...)
}
