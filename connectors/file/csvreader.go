package file

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/pipeline-dev/pipeline/connectors"
)

// csvReader turns each row into a JSON object keyed by the column names.
//
// A row that cannot become an object (a cell count that differs from the
// header's, a stray quote) does not end the stream: Read returns it as a
// Record whose Raw is the row's text as it stands in the file, with a nil
// error, so that the engine's JSON check sets it aside with its line. In the
// rare case that the row's text happens to be valid JSON ("42" in a file of
// three columns) the same Record comes with a *connectors.RecordError, so
// that it can never pass as data.
type csvReader struct {
	src       *source
	cfg       CSVConfig
	fieldType func(string) string
	tap       *rawTap
	cr        *csv.Reader
	tree      *csvNode
	ncols     int
	started   bool
	offset    int64 // input offset where the next row starts
	origin    originer
	scratch   []byte
	err       error // io.EOF or the error that ended the stream
	closed    bool
}

func newCSVReader(src *source, cfg CSVConfig, opts connectors.Options) *csvReader {
	tap := &rawTap{r: skipBOM(src.r)}
	cr := csv.NewReader(tap)
	cr.Comma, _ = utf8.DecodeRuneInString(cfg.Delimiter)
	cr.FieldsPerRecord = -1 // counted here, so a bad row is returned, not fatal
	cr.ReuseRecord = true
	return &csvReader{src: src, cfg: cfg, fieldType: fieldTypes(opts), tap: tap, cr: cr, origin: newOriginer(src.name)}
}

func (r *csvReader) Read(ctx context.Context) (connectors.Record, error) {
	if r.closed {
		return connectors.Record{}, errClosed
	}
	if err := ctx.Err(); err != nil {
		return connectors.Record{}, err
	}
	if r.err != nil {
		return connectors.Record{}, r.err
	}
	if !r.started {
		r.started = true
		if err := r.start(); err != nil {
			r.err = err
			return connectors.Record{}, err
		}
	}
	for {
		cells, err := r.cr.Read()
		text := r.rowText()
		var pe *csv.ParseError
		switch {
		case err == io.EOF:
			r.err = io.EOF
			return connectors.Record{}, io.EOF
		case errors.As(err, &pe):
			return r.badRow(int64(pe.StartLine), text, pe.Err.Error())
		case err != nil:
			r.err = fmt.Errorf("%s: %w", r.src.name, err)
			return connectors.Record{}, r.err
		}
		line, _ := r.cr.FieldPos(0)
		if len(cells) != r.ncols {
			return r.badRow(int64(line), text, fmt.Sprintf("row has %d cells, want %d", len(cells), r.ncols))
		}
		if allEmpty(cells) {
			continue // a row of bare delimiters, as spreadsheets export below the data
		}
		r.scratch, _ = r.tree.appendObject(r.scratch[:0], cells, r.cfg.Empty == EmptyNull)
		return connectors.Record{Raw: bytes.Clone(r.scratch), Origin: r.origin.at(int64(line))}, nil
	}
}

// start reads the header row (unless header = false) and lays out the
// columns; configured columns take precedence over the header's names.
func (r *csvReader) start() error {
	names := r.cfg.Columns
	if r.cfg.header() {
		cells, err := r.cr.Read()
		r.rowText()
		switch {
		case err == io.EOF:
			return fmt.Errorf("%s: empty input, want a header row", r.src.name)
		case err != nil:
			return fmt.Errorf("%s: header row: %w", r.src.name, err)
		}
		if len(names) == 0 {
			names = make([]string, len(cells))
			for i, c := range cells {
				if names[i] = strings.TrimSpace(c); names[i] == "" {
					return fmt.Errorf("%s:1: header column %d has no name", r.src.name, i+1)
				}
			}
		}
	}
	tree, err := buildTree(names, r.fieldType)
	if err != nil {
		return fmt.Errorf("%s: %w", r.src.name, err)
	}
	r.tree, r.ncols = tree, len(names)
	return nil
}

// rowText returns the input text of the row just read, and lets the tap
// forget the row before it. The slice is valid until the next call.
func (r *csvReader) rowText() []byte {
	r.tap.release(r.offset)
	end := r.cr.InputOffset()
	text := r.tap.span(r.offset, end)
	r.offset = end
	return bytes.Trim(text, "\r\n")
}

func (r *csvReader) badRow(line int64, text []byte, why string) (connectors.Record, error) {
	rec := connectors.Record{Raw: bytes.Clone(text), Origin: r.origin.at(line)}
	if json.Valid(text) {
		return rec, &connectors.RecordError{Err: errors.New(why)}
	}
	return rec, nil
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

func (r *csvReader) Close() error {
	r.closed = true
	return r.src.close()
}

// rawTap keeps the input bytes the CSV parser has taken but not yet
// finished with, so that a row the parser rejects can be handed over as it
// was written. Memory stays at about the parser's read-ahead plus one row.
type rawTap struct {
	r    io.Reader
	buf  []byte // input from offset base on
	base int64
}

func (t *rawTap) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// span returns the input between two offsets not yet released.
func (t *rawTap) span(from, to int64) []byte { return t.buf[from-t.base : to-t.base] }

// release forgets the input before offset to. It compacts only once at
// least half the buffer is dead, so each byte is moved at most once on
// average.
func (t *rawTap) release(to int64) {
	k := int(to - t.base)
	if k < len(t.buf)-k {
		return
	}
	n := copy(t.buf, t.buf[k:])
	t.buf, t.base = t.buf[:n], to
}

var _ connectors.Reader = (*csvReader)(nil)
