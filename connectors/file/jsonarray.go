package file

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/pipeline-dev/pipeline/connectors"
)

type jsonState int

const (
	jsonStart  jsonState = iota // nothing read yet
	jsonArray                   // inside the top-level array
	jsonSingle                  // the input is one object, not yet read
	jsonEnd                     // the top-level value is done; only whitespace may follow
)

// jsonReader streams the elements of a top-level JSON array, or returns a
// single top-level object as one record. It holds one element at a time:
// the decoder reads ahead by a buffer, never the whole file.
type jsonReader struct {
	src    *source
	lines  *lineCounter
	dec    *json.Decoder
	base   int64 // input offset of the decoder's first byte
	origin originer
	state  jsonState
	err    error // io.EOF or the error that ended the stream
	closed bool
}

func newJSONReader(src *source) *jsonReader {
	return &jsonReader{src: src, lines: newLineCounter(skipBOM(src.r)), origin: newOriginer(src.name)}
}

func (r *jsonReader) Read(ctx context.Context) (connectors.Record, error) {
	if r.closed {
		return connectors.Record{}, errClosed
	}
	if err := ctx.Err(); err != nil {
		return connectors.Record{}, err
	}
	if r.err != nil {
		return connectors.Record{}, r.err
	}
	rec, err := r.next()
	if err != nil {
		r.err = err
	}
	return rec, err
}

func (r *jsonReader) next() (connectors.Record, error) {
	if r.state == jsonStart {
		if err := r.begin(); err != nil {
			return connectors.Record{}, err
		}
	}
	switch r.state {
	case jsonArray:
		if !r.dec.More() {
			// ']' or the end of the input (Token reports which).
			if _, err := r.dec.Token(); err != nil {
				return connectors.Record{}, r.syntax(err)
			}
			r.state = jsonEnd
			return connectors.Record{}, r.trailing()
		}
		return r.element()
	case jsonSingle:
		r.state = jsonEnd
		return r.element()
	default:
		return connectors.Record{}, r.trailing()
	}
}

// begin decides between an array and a single object from the first byte.
func (r *jsonReader) begin() error {
	c, err := r.lines.skipSpace()
	if err == io.EOF {
		return fmt.Errorf("%s: empty input, want a JSON array or object", r.src.name)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", r.src.name, err)
	}
	r.base = r.lines.off
	r.dec = json.NewDecoder(r.lines)
	switch c {
	case '[':
		r.dec.Token()
		r.state = jsonArray
	case '{':
		r.state = jsonSingle
	default:
		line, col := r.lines.pos(r.base)
		return fmt.Errorf("%s:%d:%d: want a JSON array or object, found %q", r.src.name, line, col, c)
	}
	return nil
}

// element decodes the next value; its Origin is the line it starts on.
func (r *jsonReader) element() (connectors.Record, error) {
	var raw json.RawMessage
	if err := r.dec.Decode(&raw); err != nil {
		return connectors.Record{}, r.syntax(err)
	}
	// The decoder stops right after the value, and RawMessage holds the
	// value's exact bytes, so the start is the end minus its length.
	start := r.base + r.dec.InputOffset() - int64(len(raw))
	line, _ := r.lines.pos(start)
	return connectors.Record{Raw: raw, Origin: r.origin.at(line)}, nil
}

// trailing accepts the end of the input after the top-level value.
func (r *jsonReader) trailing() error {
	r.dec.More() // skips whitespace, so that the offset is where the token starts
	at := r.base + r.dec.InputOffset()
	tok, err := r.dec.Token()
	switch {
	case err == io.EOF:
		return io.EOF
	case err != nil:
		return r.syntax(err)
	}
	line, col := r.lines.pos(at)
	hint := ""
	if tok == json.Delim('{') {
		hint = " (for one JSON document per line, use the ndjson connector)"
	}
	return fmt.Errorf("%s:%d:%d: unexpected %v after the top-level JSON value%s", r.src.name, line, col, tok, hint)
}

// syntax turns a decoder error into one naming file:line:col.
func (r *jsonReader) syntax(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		line, col := r.lines.pos(r.lines.off)
		return fmt.Errorf("%s:%d:%d: unexpected end of input inside the JSON value", r.src.name, line, col)
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return fmt.Errorf("%s: %w", r.src.name, err)
	}
	// The decoder's own error offsets count from an internal base, not the
	// input start, but InputOffset is still at the start of the failed value
	// and the failed bytes are still buffered: scanning them again with a
	// fresh decoder places the error exactly.
	off := r.base + r.dec.InputOffset()
	var probe json.RawMessage
	if perr := json.NewDecoder(r.dec.Buffered()).Decode(&probe); errors.As(perr, &se) && se.Offset > 0 {
		off += se.Offset - 1
	}
	line, col := r.lines.pos(off)
	return fmt.Errorf("%s:%d:%d: %s", r.src.name, line, col, err.Error())
}

func (r *jsonReader) Close() error {
	r.closed = true
	return r.src.close()
}

// jsonWriter writes "[\n", the records separated by ",\n", and "\n]\n"; with
// no records it writes "[]\n", so the output is a valid array either way.
type jsonWriter struct {
	out *sink
	n   int
}

func (w *jsonWriter) Write(ctx context.Context, rec connectors.Record) error {
	if err := w.out.check(ctx); err != nil {
		return err
	}
	// One broken element would make the whole file unreadable.
	if !json.Valid(rec.Raw) {
		return &connectors.RecordError{Err: errors.New("record is not valid JSON")}
	}
	sep := ",\n"
	if w.n == 0 {
		sep = "[\n"
	}
	w.out.Write([]byte(sep))
	_, err := w.out.Write(bytes.TrimSpace(rec.Raw))
	w.n++
	return err
}

func (w *jsonWriter) Close() error {
	if !w.out.closed && !w.out.discarding() {
		if w.n == 0 {
			w.out.Write([]byte("[]\n"))
		} else {
			w.out.Write([]byte("\n]\n"))
		}
	}
	return w.out.Close()
}

var (
	_ connectors.Reader = (*jsonReader)(nil)
	_ connectors.Writer = (*jsonWriter)(nil)
)
