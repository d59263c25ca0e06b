package pgstore_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/pgstore"
	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

// TestProcessesOverlapping: two stores on one database (two processes)
// commit batches touching the same records in opposite orders. Neither may
// fail (a deadlock would), and nothing may be lost.
func TestProcessesOverlapping(t *testing.T) {
	url := pgtest.Start(t)
	const batches, keys = 20, 20
	var wg sync.WaitGroup
	for p, name := range []string{"A", "B"} {
		s, err := pgstore.Open(t.Context(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		wg.Go(func() {
			for i := range batches {
				b := state.Batch{Pipeline: "p", Source: name, Cursor: new(fmt.Sprint(i))}
				for k := range keys {
					key := fmt.Sprintf("SO-%02d", k)
					b.XRefs = append(b.XRefs, state.XRef{Entity: "e", SourceKey: key, TargetID: name, PayloadHash: "h"})
					b.Activity = append(b.Activity, state.Activity{SourceKey: key, Origin: name})
				}
				if p == 1 {
					slices.Reverse(b.XRefs)
				}
				if err := s.Commit(t.Context(), b); err != nil {
					t.Errorf("process %s batch %d: %v", name, i, err)
					return
				}
			}
		})
	}
	wg.Wait()

	s, err := pgstore.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for k := range keys {
		x, err := s.XRef(t.Context(), "p", "e", fmt.Sprintf("SO-%02d", k))
		if err != nil || (x.TargetID != "A" && x.TargetID != "B") {
			t.Errorf("XRef SO-%02d = %+v, %v; want one process's write", k, x, err)
		}
	}
	for _, name := range []string{"A", "B"} {
		if c, err := s.Cursor(t.Context(), "p", name); err != nil || c != fmt.Sprint(batches-1) {
			t.Errorf("cursor of %s = %q, %v; want its last", name, c, err)
		}
		got, err := s.Activity(t.Context(), state.ActivityQuery{Pipeline: "p", SourceKey: name})
		if err != nil || len(got) != batches*keys {
			t.Errorf("activity of process %s: %d entries, %v; want %d", name, len(got), err, batches*keys)
		}
	}
}
