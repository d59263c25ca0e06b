package pgtest

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

// The one server of this test binary, shared by the tests that run while
// it is up. users counts the tests holding it (plus Main, if the package
// uses it): the last to let go stops it.
var (
	mu    sync.Mutex
	srv   *server
	users int
)

// Start returns a URL to this test binary's PostgreSQL server, starting
// the server if it is not running. Each call gets a new, empty schema of
// its own, which the URL makes the connections' search_path, so tests that
// create tables without naming a schema are isolated and may run in
// parallel.
//
// The server listens on a free port of 127.0.0.1 and on a socket in its
// own temporary directory, runs as an unprivileged user when the test runs
// as root, and stops when the last test using it ends; with Main in the
// package's TestMain, it stops when all tests have ended, so one server
// serves the whole package. The test fails, naming what to install, if
// the server programs are missing.
func Start(t testing.TB) string {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if srv == nil {
		s, err := startServer()
		if err != nil {
			t.Fatalf("pgtest: %v", err)
		}
		srv = s
	}
	users++
	t.Cleanup(release)
	url, err := srv.newSchema()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return url
}

// Main runs the tests of a package whose tests share one server, and stops
// it at the end:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
func Main(m *testing.M) int {
	mu.Lock()
	users++
	mu.Unlock()
	code := m.Run()
	release()
	return code
}

func release() {
	mu.Lock()
	defer mu.Unlock()
	users--
	if users > 0 || srv == nil {
		return
	}
	if err := srv.stop(); err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
	}
	srv = nil
}
