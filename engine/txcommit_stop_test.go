package engine_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/file"
	"github.com/pipeline-dev/pipeline/engine"
)

// failAfter hands out n records, then fails as a source that lost its
// connection would.
type failAfter struct {
	connectors.Reader
	n int
}

func (r *failAfter) Read(ctx context.Context) (connectors.Record, error) {
	if r.n == 0 {
		return connectors.Record{}, errors.New("connection reset")
	}
	r.n--
	return r.Reader.Read(ctx)
}

// TestReplacedFileKeptWhenRunStops: a run into a file replaced as a whole
// that stops early (cancelled, or its source failing) leaves the file as
// it was: publishing the records written so far would replace a complete
// file with part of one.
func TestReplacedFileKeptWhenRunStops(t *testing.T) {
	plan := compileWith(t, testRegistry(), `
pipeline "accounts" {
  source "mem" {}
  target "mem" {}
  map {
    Email = "source.email"
  }
}`)
	var input strings.Builder
	for i := range 50 {
		fmt.Fprintf(&input, "{\"email\":\"u%04d@example.com\"}\n", i)
	}
	for name, stop := range map[string]func(connectors.Reader, context.CancelFunc) connectors.Reader{
		"cancelled": func(r connectors.Reader, cancel context.CancelFunc) connectors.Reader {
			return &stopAfter{Reader: r, n: 10, cancel: cancel}
		},
		"source failed": func(r connectors.Reader, _ context.CancelFunc) connectors.Reader { return &failAfter{Reader: r, n: 10} },
	} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.ndjson")
			if err := os.WriteFile(out, []byte("{\"complete\":true}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			w, err := file.Specs()[0].NewWriter(context.Background(), &file.NDJSONConfig{Path: out, Mode: file.ModeCreate}, connectors.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if _, err := plan.Run(ctx, engine.RunOptions{Reader: stop(newLines([]byte(input.String())), cancel), Writer: w}); err == nil {
				t.Fatal("the stopped run reported no error")
			}
			if got, _ := os.ReadFile(out); string(got) != "{\"complete\":true}\n" {
				t.Errorf("after the stopped run the file holds %d bytes:\n%.200s\nwant it as it was", len(got), got)
			}
		})
	}
}
