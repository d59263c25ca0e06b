package engine_test

import (
	"bufio"
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
	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
)

// intentCounter counts the intents a run records.
type intentCounter struct {
	state.Store
	n int
}

func (c *intentCounter) Intent(ctx context.Context, in state.Intent) error {
	c.n++
	return c.Store.Intent(ctx, in)
}

// stopAfter cancels the run once it has handed out n records, as a kill
// would stop it: in the middle, with groups committed and some not.
type stopAfter struct {
	connectors.Reader
	n      int
	cancel context.CancelFunc
}

func (r *stopAfter) Read(ctx context.Context) (connectors.Record, error) {
	if r.n == 0 {
		r.cancel()
	} else {
		r.n--
	}
	return r.Reader.Read(ctx)
}

// TestTransactionalTargetStoppedMidRun: a run into a file stopped after
// some groups were committed, then a complete run, leave every record in
// the file exactly once; no create records an intent, and the mark is
// cleared at the end.
func TestTransactionalTargetStoppedMidRun(t *testing.T) {
	for _, mode := range []string{file.ModeAppend, file.ModeCreate} {
		t.Run(mode, func(t *testing.T) {
			plan := compileWith(t, testRegistry(), `
pipeline "accounts" {
  source "mem" {}
  target "mem" {
    schema    = "exactonline/account"
    key_field = "Email"
  }
  map {
    Email = "source.email"
    Name  = "source.name"
  }
}`)
			dir := t.TempDir()
			st, err := sqlitestore.Open(filepath.Join(dir, "state.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			store := &intentCounter{Store: st}
			const n = 1300
			var input strings.Builder
			for i := range n {
				fmt.Fprintf(&input, "{\"email\":\"u%04d@example.com\",\"name\":\"User %d\"}\n", i, i)
			}
			out := filepath.Join(dir, "out.ndjson")
			run := func(stop int) error {
				w, err := file.Specs()[0].NewWriter(context.Background(), &file.NDJSONConfig{Path: out, Mode: mode}, connectors.Options{})
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				var r connectors.Reader = newLines([]byte(input.String()))
				if stop > 0 {
					r = &stopAfter{Reader: r, n: stop, cancel: cancel}
				}
				_, err = plan.Run(ctx, engine.RunOptions{Reader: r, Writer: w, State: store})
				return err
			}
			if err := run(1100); !errors.Is(err, context.Canceled) {
				t.Fatalf("stopped run: err = %v, want it cancelled", err)
			}
			if mode == file.ModeCreate {
				if _, err := st.XRef(context.Background(), "accounts", "exactonline/account", "u0000@example.com"); !errors.Is(err, state.ErrNotFound) {
					t.Errorf("a replaced file never published, yet its record has a cross-reference (err %v)", err)
				}
			}
			if err := run(0); err != nil {
				t.Fatalf("complete run: %v", err)
			}
			counts := map[string]int{}
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for sc := bufio.NewScanner(f); sc.Scan(); {
				counts[sc.Text()]++
			}
			if len(counts) != n {
				t.Errorf("the file holds %d distinct records, want %d", len(counts), n)
			}
			for line, c := range counts {
				if c != 1 {
					t.Errorf("%s is in the file %d times", line, c)
				}
			}
			if store.n != 0 {
				t.Errorf("%d intents recorded, want none for a transactional target", store.n)
			}
			if mark, err := st.Cursor(context.Background(), "accounts", "target:mem"); err != nil || mark != "" {
				t.Errorf("after a clean end the mark is %q (%v), want it cleared", mark, err)
			}
		})
	}
}
