package sqlitestore_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/engine/state/statetest"
)

func TestConformance(t *testing.T) {
	dir := t.TempDir()
	statetest.Run(t, func(t *testing.T) state.Store {
		// One file per subtest, the same file each time it opens again.
		s, err := sqlitestore.Open(filepath.Join(dir, filepath.FromSlash(t.Name()), "state.db"))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s
	})
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a b?c#d", "nested")
	path := filepath.Join(dir, "state.db")
	s, err := sqlitestore.Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if err := s.Commit(t.Context(), state.Batch{Pipeline: "p", Source: "s", Cursor: new("c")}); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600, path + "-wal": 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("stat: %v", err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", p, got, want)
		}
	}
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
}
