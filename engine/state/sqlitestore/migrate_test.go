package sqlitestore_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
)

func schemaVersions(t *testing.T, path string) []int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT version FROM schema_version ORDER BY version")
	if err != nil {
		t.Fatalf("read schema_version: %v", err)
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return vs
}

// TestMigrationsOnce: opening again applies nothing twice, and several
// openers racing on a new file (as processes started together would) all
// succeed with the schema applied once.
func TestMigrationsOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			s, err := sqlitestore.Open(path)
			if err != nil {
				t.Errorf("opener %d: %v", i, err)
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	s, err := sqlitestore.Open(path)
	if err != nil {
		t.Fatalf("Open again: %v", err)
	}
	s.Close()
	got := schemaVersions(t, path)
	if len(got) == 0 || got[0] != 1 {
		t.Fatalf("schema versions %v, want 1..n", got)
	}
	for i, v := range got {
		if v != i+1 {
			t.Errorf("schema versions %v, want each once, in order", got)
		}
	}
}

// TestNewerSchemaRefused: a file written by a newer program is not
// touched by an older one.
func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := sqlitestore.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO schema_version (version, name, applied_at) VALUES (999, '0999_future.sql', 0)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = sqlitestore.Open(path)
	if err == nil || !strings.Contains(err.Error(), "schema version 999") {
		t.Fatalf("Open of a newer file: err = %v, want one naming schema version 999", err)
	}
}
