package pgstore_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/pgstore"
	"github.com/pipeline-dev/pipeline/engine/state/statetest"
	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

// One PostgreSQL server for all the tests of this package.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestConformance(t *testing.T) {
	// A database per subtest, the same one each time it opens again.
	var mu sync.Mutex
	urls := map[string]string{}
	statetest.Run(t, func(t *testing.T) state.Store {
		mu.Lock()
		url, ok := urls[t.Name()]
		if !ok {
			url = pgtest.Start(t)
			urls[t.Name()] = url
		}
		mu.Unlock()
		s, err := pgstore.Open(t.Context(), url)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s
	})
}

func schemaVersions(t *testing.T, url string) []int {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, _ := conn.Query(t.Context(), "SELECT version FROM schema_version ORDER BY version")
	vs, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		t.Fatalf("read schema_version: %v", err)
	}
	return vs
}

// TestMigrationsOnce: processes starting together on a new database (here,
// pools opened at once) all succeed, and each migration is applied once.
func TestMigrationsOnce(t *testing.T) {
	url := pgtest.Start(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			s, err := pgstore.Open(t.Context(), url)
			if err != nil {
				t.Errorf("opener %d: %v", i, err)
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	got := schemaVersions(t, url)
	for i, v := range got {
		if v != i+1 {
			t.Errorf("schema versions %v, want each once, in order", got)
		}
	}
	if len(got) == 0 {
		t.Error("no schema version recorded")
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	url := pgtest.Start(t)
	s, err := pgstore.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(t.Context(), "INSERT INTO schema_version (version, name) VALUES (999, '0999_future.sql')")
	conn.Close(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, err = pgstore.Open(t.Context(), url)
	if err == nil || !strings.Contains(err.Error(), "schema version 999") {
		t.Fatalf("Open of a newer database: err = %v, want one naming schema version 999", err)
	}
}

// TestErrorsHidePassword: neither a bad URL nor a failed connection puts
// the password in the error.
func TestErrorsHidePassword(t *testing.T) {
	const secret = "s3cr3t-pw"
	for _, url := range []string{
		"postgres://app:" + secret + "@127.0.0.1:1/db?sslmode=disable&connect_timeout=2",
		"postgres://app:" + secret + "@127.0.0.1:1/db?sslmode=bogus",
	} {
		_, err := pgstore.Open(t.Context(), url)
		if err == nil {
			t.Fatalf("Open(unreachable): no error")
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error shows the password: %v", err)
		}
	}
}
