package stateopen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/engine/state/pgstore"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// The cases below change the working directory and environment: no
// t.Parallel.

func TestDefaultIsSQLiteUnderWorkingDir(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv(Env, "")
	s, err := Open(t.Context(), "")
	if err != nil {
		t.Fatalf("Open(\"\"): %v", err)
	}
	defer s.Close()
	sq, ok := s.(*sqlitestore.Store)
	if !ok {
		t.Fatalf("Open(\"\") = %T, want *sqlitestore.Store", s)
	}
	want, _ := filepath.EvalSymlinks(filepath.Join(dir, ".pipeline", "state.db"))
	if got, _ := filepath.EvalSymlinks(sq.Path()); got != want {
		t.Errorf("default path = %q, want %q", got, want)
	}
}

func TestEnvAndFlag(t *testing.T) {
	dir := t.TempDir()
	fromEnv, fromFlag := filepath.Join(dir, "env.db"), filepath.Join(dir, "flag.db")
	t.Setenv(Env, fromEnv)
	for loc, want := range map[string]string{"": fromEnv, fromFlag: fromFlag} {
		s, err := Open(t.Context(), loc)
		if err != nil {
			t.Fatalf("Open(%q): %v", loc, err)
		}
		if got := s.(*sqlitestore.Store).Path(); got != want {
			t.Errorf("Open(%q) with %s set: file %q, want %q", loc, Env, got, want)
		}
		s.Close()
	}
}

func TestPostgres(t *testing.T) {
	url := pgtest.Start(t)
	for _, loc := range []string{url, "postgresql" + strings.TrimPrefix(url, "postgres")} {
		s, err := Open(t.Context(), loc)
		if err != nil {
			t.Fatalf("Open(%q): %v", loc, err)
		}
		if _, ok := s.(*pgstore.Store); !ok {
			t.Errorf("Open(%q) = %T, want *pgstore.Store", loc, s)
		}
		s.Close()
	}
	t.Setenv(Env, url)
	s, err := Open(t.Context(), "")
	if err != nil {
		t.Fatalf("Open with %s a URL: %v", Env, err)
	}
	if _, ok := s.(*pgstore.Store); !ok {
		t.Errorf("Open with %s a URL = %T, want *pgstore.Store", Env, s)
	}
	s.Close()
}

func TestUnsupportedScheme(t *testing.T) {
	_, err := Open(t.Context(), "mysql://app:s3cr3t@db/state")
	if err == nil || !strings.Contains(err.Error(), `"mysql"`) {
		t.Fatalf("Open(mysql://…): err = %v, want unsupported scheme", err)
	}
	if strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error shows the password: %v", err)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://app:s3cr3t@db:5432/state?sslmode=require": "postgres://app:xxxxx@db:5432/state?sslmode=require",
		"postgres://db/state?password=s3cr3t&user=app":        "postgres://db/state?password=xxxxx&user=app",
		"postgres://app@db/state":                             "postgres://app@db/state",
		"postgres://app:s3cr3t@[::1":                          "postgres://(unparseable)",
		"/var/lib/pipeline/state.db":                          "/var/lib/pipeline/state.db",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
