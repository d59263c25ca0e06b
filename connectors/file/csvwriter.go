package file

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
)

// csvWriter writes one row per record, one cell per configured column. A
// column is a gjson path into the record ("customer.email", "lines.#"), and
// its header cell is the column text as configured.
type csvWriter struct {
	out     *sink
	cw      *csv.Writer
	cols    []string
	header  bool
	cells   []string
	scratch bytes.Buffer
}

func newCSVWriter(out *sink, cfg CSVConfig) *csvWriter {
	cw := csv.NewWriter(out)
	cw.Comma, _ = utf8.DecodeRuneInString(cfg.Delimiter)
	w := &csvWriter{out: out, cw: cw, cols: cfg.Columns, header: cfg.header(), cells: make([]string, len(cfg.Columns))}
	// A file being appended to already has its header, unless it is empty.
	if w.header && out.fresh {
		cw.Write(cfg.Columns)
	}
	return w
}

// errNoColumns is returned when a CSV writer has no columns to write.
var errNoColumns = errors.New("columns: required for writing CSV")

func (w *csvWriter) Write(ctx context.Context, rec connectors.Record) error {
	if err := w.out.check(ctx); err != nil {
		return err
	}
	if !gjson.ValidBytes(rec.Raw) {
		return &connectors.RecordError{Err: errors.New("record is not valid JSON")}
	}
	for i, col := range w.cols {
		w.cells[i] = w.cellText(gjson.GetBytes(rec.Raw, col))
	}
	if err := w.cw.Write(w.cells); err != nil {
		return err
	}
	return w.out.err
}

// cellText renders one value: strings as they are, numbers as their JSON
// text (so no digit is lost to a float), booleans as true/false, null and
// missing values as an empty cell, objects and arrays as compact JSON.
func (w *csvWriter) cellText(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return v.Str
	case gjson.Number:
		return v.Raw
	case gjson.True:
		return "true"
	case gjson.False:
		return "false"
	case gjson.JSON:
		w.scratch.Reset()
		if json.Compact(&w.scratch, []byte(v.Raw)) != nil {
			return v.Raw
		}
		return w.scratch.String()
	}
	return ""
}

func (w *csvWriter) Close() error {
	if !w.out.closed && !w.out.discarding() {
		w.cw.Flush()
	}
	return w.out.Close()
}

var _ connectors.Writer = (*csvWriter)(nil)
