package sqlitestore_test

import (
	"path/filepath"
	"testing"

	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/engine/state/statetest"
)

// BenchmarkCommit500 commits batches the size the engine writes: 500
// records, each with a cross-reference and an activity entry carrying a
// small payload, plus the cursor.
func BenchmarkCommit500(b *testing.B) {
	s, err := sqlitestore.Open(filepath.Join(b.TempDir(), "state.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	statetest.BenchmarkCommit(b, s, 500)
}
