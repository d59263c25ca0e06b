// Package pgtest gives tests a throwaway PostgreSQL server: initdb into a
// temporary directory, postgres on a free loopback port, one server per
// test binary, a fresh schema per Start, everything removed at the end.
//
// It owns only the server's lifetime. It needs the PostgreSQL server
// programs (initdb, postgres) on PATH or in /usr/lib/postgresql/*/bin —
// on Debian/Ubuntu, `apt-get install -y postgresql` — and fails the test,
// never skips it, when they are missing: a store that is not tested is not
// known to work. When the tests run as root, the server runs as the
// "postgres" account (or "nobody"), because PostgreSQL refuses root.
//
// It is imported only from _test.go files.
package pgtest
