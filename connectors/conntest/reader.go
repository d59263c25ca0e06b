package conntest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
)

// TestReader checks the Reader contract on readers made by open, each of
// which must yield exactly want records and then io.EOF, with no error on
// the way. open is called once per subtest and must return a fresh reader
// on the same input.
func TestReader(t *testing.T, open func(t *testing.T) connectors.Reader, want int) {
	t.Helper()
	t.Run("ReadsAllThenEOF", func(t *testing.T) {
		r := open(t)
		var got []connectors.Record
		var copies [][]byte
		ctx := context.Background()
		for {
			rec, err := r.Read(ctx)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("Read after %d records: %v", len(got), err)
			}
			if len(rec.Raw) == 0 {
				t.Errorf("record %d (%s): empty Raw", len(got)+1, rec.Origin)
			}
			if rec.Origin == "" {
				t.Errorf("record %d: empty Origin", len(got)+1)
			}
			got = append(got, rec)
			copies = append(copies, bytes.Clone(rec.Raw))
			if len(got) > want {
				t.Fatalf("more than the %d records expected; last: %s %s", want, rec.Origin, rec.Raw)
			}
		}
		if len(got) != want {
			t.Errorf("read %d records, want %d", len(got), want)
		}
		for i := range 2 {
			if _, err := r.Read(ctx); err != io.EOF {
				t.Errorf("Read #%d after io.EOF: got %v, want io.EOF", i+1, err)
			}
		}
		// A record must stay as it was handed over: a reader that reuses its
		// buffers would change records the engine still holds.
		for i, rec := range got {
			if !bytes.Equal(rec.Raw, copies[i]) {
				t.Errorf("record %d (%s) changed after later reads:\nwas %s\nnow %s", i+1, rec.Origin, copies[i], rec.Raw)
			}
		}
		closeTwice(t, r)
	})
	t.Run("CloseWithoutReading", func(t *testing.T) {
		closeTwice(t, open(t))
	})
	t.Run("CancelledBeforeRead", func(t *testing.T) {
		r := open(t)
		defer r.Close()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := r.Read(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("Read with a cancelled context: got %v, want context.Canceled", err)
		}
	})
	if want == 0 {
		return
	}
	t.Run("CancelledMidStream", func(t *testing.T) {
		r := open(t)
		defer r.Close()
		ctx, cancel := context.WithCancel(context.Background())
		if _, err := r.Read(ctx); err != nil {
			t.Fatalf("first Read: %v", err)
		}
		cancel()
		if _, err := r.Read(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("Read after cancel: got %v, want context.Canceled", err)
		}
	})
}

// ReadAll reads r to io.EOF and closes it, failing t on any other error.
func ReadAll(t testing.TB, r connectors.Reader) []connectors.Record {
	t.Helper()
	defer r.Close()
	var recs []connectors.Record
	for {
		rec, err := r.Read(context.Background())
		if err == io.EOF {
			return recs
		}
		if err != nil {
			t.Fatalf("Read after %d records: %v", len(recs), err)
		}
		recs = append(recs, rec)
	}
}

type closer interface{ Close() error }

func closeTwice(t *testing.T, c closer) {
	t.Helper()
	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
