package pgstore_test

import (
	"testing"

	"github.com/pipeline-dev/pipeline/engine/state/pgstore"
	"github.com/pipeline-dev/pipeline/engine/state/statetest"
	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

// BenchmarkCommit500 commits batches the size the engine writes: 500
// records, each with a cross-reference and an activity entry carrying a
// small payload, plus the cursor.
func BenchmarkCommit500(b *testing.B) {
	s, err := pgstore.Open(b.Context(), pgtest.Start(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	statetest.BenchmarkCommit(b, s, 500)
}
