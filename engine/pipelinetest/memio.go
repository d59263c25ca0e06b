package pipelinetest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/pipeline-dev/pipeline/connectors"
)

// lineReader hands over the lines of an NDJSON fixture, blank lines skipped,
// with origins "<name>:<line>".
type lineReader struct {
	name string
	sc   *bufio.Scanner
	line int
}

func newLineReader(name string, data []byte) *lineReader {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	return &lineReader{name: name, sc: sc}
}

func (r *lineReader) Read(ctx context.Context) (connectors.Record, error) {
	for r.sc.Scan() {
		r.line++
		if err := ctx.Err(); err != nil {
			return connectors.Record{}, err
		}
		line := bytes.TrimSpace(r.sc.Bytes())
		if len(line) == 0 {
			continue
		}
		return connectors.Record{Raw: append([]byte(nil), line...), Origin: fmt.Sprintf("%s:%d", r.name, r.line)}, nil
	}
	if err := r.sc.Err(); err != nil {
		return connectors.Record{}, err
	}
	return connectors.Record{}, io.EOF
}

func (r *lineReader) Close() error { return nil }

// memWriter keeps the records written, copied, in order.
type memWriter struct {
	records [][]byte
}

func (w *memWriter) Write(_ context.Context, rec connectors.Record) error {
	w.records = append(w.records, append([]byte(nil), rec.Raw...))
	return nil
}

func (w *memWriter) Close() error { return nil }

// Update keeps an update as {"updated": id, "record": ...} among the
// records, so golden files show updates next to creates.
func (w *memWriter) Update(_ context.Context, id string, rec connectors.Record) error {
	b, _ := json.Marshal(id)
	line := append([]byte(`{"updated":`), b...)
	line = append(line, `,"record":`...)
	line = append(line, rec.Raw...)
	w.records = append(w.records, append(line, '}'))
	return nil
}
