package file

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/pipeline-dev/pipeline/connectors"
)

// maxLineBytes is the longest NDJSON line a reader accepts. The scanner's
// buffer grows to the longest line seen, so the limit bounds memory.
const maxLineBytes = 64 << 20

// ndjsonReader reads one record per non-blank line. A line that is not
// valid JSON is still returned, unchanged, so the engine can set it aside
// with its line number while the following lines are read as usual.
type ndjsonReader struct {
	src     *source
	sc      *bufio.Scanner
	maxLine int
	line    int64
	origin  originer
	err     error // io.EOF or the error that ended the stream; returned again on every later Read
	closed  bool
}

func newNDJSONReader(src *source, maxLine int) *ndjsonReader {
	sc := bufio.NewScanner(src.r)
	// Room for the line, a "\r\n" ending, and the scanner's own rule that a
	// token must be shorter than the maximum.
	sc.Buffer(make([]byte, 0, 64<<10), maxLine+3)
	return &ndjsonReader{src: src, sc: sc, maxLine: maxLine, origin: newOriginer(src.name)}
}

func (r *ndjsonReader) Read(ctx context.Context) (connectors.Record, error) {
	if r.closed {
		return connectors.Record{}, errClosed
	}
	if err := ctx.Err(); err != nil {
		return connectors.Record{}, err
	}
	if r.err != nil {
		return connectors.Record{}, r.err
	}
	for r.sc.Scan() {
		r.line++
		b := r.sc.Bytes()
		if r.line == 1 {
			b = bytes.TrimPrefix(b, utf8BOM)
		}
		if len(b) > r.maxLine {
			r.err = fmt.Errorf("%s:%d: line longer than %d bytes", r.src.name, r.line, r.maxLine)
			return connectors.Record{}, r.err
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		// The scanner reuses its buffer, so the record gets its own copy.
		return connectors.Record{Raw: bytes.Clone(b), Origin: r.origin.at(r.line)}, nil
	}
	switch err := r.sc.Err(); {
	case err == nil:
		r.err = io.EOF
	case errors.Is(err, bufio.ErrTooLong):
		r.err = fmt.Errorf("%s:%d: line longer than %d bytes", r.src.name, r.line+1, r.maxLine)
	default:
		r.err = fmt.Errorf("%s:%d: %w", r.src.name, r.line+1, err)
	}
	return connectors.Record{}, r.err
}

func (r *ndjsonReader) Close() error {
	r.closed = true
	return r.src.close()
}

// ndjsonWriter writes each record's JSON on a line of its own.
type ndjsonWriter struct {
	out     *sink
	scratch bytes.Buffer
}

func (w *ndjsonWriter) Write(ctx context.Context, rec connectors.Record) error {
	if err := w.out.check(ctx); err != nil {
		return err
	}
	line, err := w.oneLine(rec.Raw)
	if err != nil {
		return &connectors.RecordError{Err: err}
	}
	w.out.Write(line)
	_, err = w.out.Write([]byte{'\n'})
	return err
}

// oneLine returns raw as a single line of JSON. A record that is not valid
// JSON would make a line no reader can use, so it is refused; one that spans
// lines (pretty-printed) is compacted, since a newline inside it would split
// it into two broken records.
func (w *ndjsonWriter) oneLine(raw []byte) ([]byte, error) {
	if !json.Valid(raw) {
		return nil, errors.New("record is not valid JSON")
	}
	if bytes.IndexByte(raw, '\n') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return bytes.TrimSpace(raw), nil
	}
	w.scratch.Reset()
	if err := json.Compact(&w.scratch, raw); err != nil {
		return nil, err
	}
	return w.scratch.Bytes(), nil
}

func (w *ndjsonWriter) Close() error { return w.out.Close() }

var (
	_ connectors.Reader = (*ndjsonReader)(nil)
	_ connectors.Writer = (*ndjsonWriter)(nil)
)
