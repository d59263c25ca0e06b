package conntest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pipeline-dev/pipeline/connectors"
)

// WriterTarget is one fresh output for TestWriter: a writer, and a way to
// read back what it wrote once it is closed.
type WriterTarget struct {
	Writer   connectors.Writer
	ReadBack func(t *testing.T) []connectors.Record
}

// TestWriter checks the Writer contract on targets made by open, which is
// called once per subtest and must return an empty, independent output.
// records must round-trip: reading back what was written gives the same
// JSON documents in the same order (compared as JSON, so key order and
// spacing may differ; number text may not).
func TestWriter(t *testing.T, open func(t *testing.T) WriterTarget, records []connectors.Record) {
	t.Helper()
	if len(records) == 0 {
		t.Fatal("conntest.TestWriter needs at least one record")
	}
	t.Run("WriteCloseReadBack", func(t *testing.T) {
		tgt := open(t)
		ctx := context.Background()
		for i, rec := range records {
			if err := tgt.Writer.Write(ctx, rec); err != nil {
				t.Fatalf("Write record %d: %v", i+1, err)
			}
		}
		closeTwice(t, tgt.Writer)
		if err := tgt.Writer.Write(ctx, records[0]); err == nil {
			t.Error("Write after Close succeeded, want an error")
		}
		got := tgt.ReadBack(t)
		if diff := cmp.Diff(documents(t, records), documents(t, got)); diff != "" {
			t.Errorf("read back wrong records (-want +got):\n%s", diff)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		tgt := open(t)
		closeTwice(t, tgt.Writer)
		if got := tgt.ReadBack(t); len(got) != 0 {
			t.Errorf("read back %d records from an empty output, want 0", len(got))
		}
	})
	t.Run("Cancelled", func(t *testing.T) {
		tgt := open(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := tgt.Writer.Write(ctx, records[0]); !errors.Is(err, context.Canceled) {
			t.Errorf("Write with a cancelled context: got %v, want context.Canceled", err)
		}
		first := tgt.Writer.Close()
		if second := tgt.Writer.Close(); first == nil && second != nil {
			t.Errorf("second Close: %v after a first Close without error", second)
		}
	})
}

// documents decodes each record's Raw for comparison; numbers stay as
// their text, so 1.50 and 1.5 differ, as they would to a reviewer.
func documents(t *testing.T, recs []connectors.Record) []any {
	t.Helper()
	docs := make([]any, len(recs))
	for i, rec := range recs {
		dec := json.NewDecoder(bytes.NewReader(rec.Raw))
		dec.UseNumber()
		if err := dec.Decode(&docs[i]); err != nil {
			t.Fatalf("record %d (%s) is not JSON: %v: %s", i+1, rec.Origin, err, rec.Raw)
		}
	}
	return docs
}
