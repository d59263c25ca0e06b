package pgtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestStart: two schemas on one server, each reachable and separate,
// and the server gone once the last user lets go.
func TestStart(t *testing.T) {
	var dir string
	t.Run("use", func(t *testing.T) {
		a, b := Start(t), Start(t)
		if a == b {
			t.Fatalf("Start returned %q twice, want a schema per call", a)
		}
		if !strings.Contains(a, "127.0.0.1") {
			t.Errorf("url %q: want a loopback address", a)
		}
		ctx := context.Background()
		for _, url := range []string{a, b} {
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				t.Fatalf("connect: %v", err)
			}
			if _, err := conn.Exec(ctx, "CREATE TABLE t (x int)"); err != nil {
				t.Errorf("create table in %s: %v (schemas not separate?)", url, err)
			}
			conn.Close(ctx)
		}
		mu.Lock()
		dir = srv.dir
		mu.Unlock()
	})
	mu.Lock()
	defer mu.Unlock()
	if srv != nil {
		t.Error("server still running after its last user ended")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("server directory %s still there after stop (stat: %v)", dir, err)
	}
}

// TestFindBinMessage: with no server programs anywhere, the error says
// what to install.
func TestFindBinMessage(t *testing.T) {
	empty := t.TempDir()
	t.Setenv("PATH", empty)
	old := libDirs
	libDirs = empty + "/*/bin"
	defer func() { libDirs = old }()
	_, err := findBin()
	if err == nil || !strings.Contains(err.Error(), Install) {
		t.Errorf("findBin error = %v, want one saying %q", err, Install)
	}
}

func TestFindBin(t *testing.T) {
	dir, err := findBin()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"initdb", "postgres"} {
		if !isExec(dir + "/" + name) {
			t.Errorf("findBin = %q, which has no %s", dir, name)
		}
	}
}

// TestFindBinFallback: off PATH, the newest /usr/lib/postgresql/N/bin
// holding both programs is used (numerically newest: 15 over 9.6).
func TestFindBinFallback(t *testing.T) {
	root := t.TempDir()
	for _, v := range []string{"9.6", "15", "16"} {
		dir := filepath.Join(root, v, "bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		names := []string{"initdb", "postgres"}
		if v == "16" {
			names = names[:1] // incomplete: initdb only
		}
		for _, name := range names {
			if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Setenv("PATH", t.TempDir())
	old := libDirs
	libDirs = filepath.Join(root, "*", "bin")
	defer func() { libDirs = old }()
	got, err := findBin()
	if want := filepath.Join(root, "15", "bin"); err != nil || got != want {
		t.Errorf("findBin() = %q, %v; want %q", got, err, want)
	}
}
