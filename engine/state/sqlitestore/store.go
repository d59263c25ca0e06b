package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

var _ state.Store = (*Store)(nil)

// busyTimeout is how long a statement waits for another process's lock
// (a second CLI run on the same file, a WAL checkpoint) before failing.
const busyTimeout = 10 * time.Second

// Store is a state.Store in one SQLite file.
//
// All writes go through one connection, so database/sql queues concurrent
// writers in this process instead of SQLite failing them with "database is
// locked"; reads use a pool of their own, which WAL lets run alongside the
// writer. Transactions begin IMMEDIATE so that a second process on the same
// file waits for the write lock up front (busy timeout) rather than failing
// halfway through a transaction that started as a reader.
type Store struct {
	path  string
	write *sql.DB
	read  *sql.DB
	now   func() time.Time
	stmts statements

	closeOnce sync.Once
	closeErr  error
}

// Open opens the state file at path, creating it (0600) and its missing
// parent directories (0700) if needed, and brings its schema up to date.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlitestore: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("sqlitestore: %w", err)
	}
	// Create the file ourselves so it gets 0600: SQLite would use 0644, and
	// its -wal and -shm files copy the database file's mode.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: %w", err)
	}
	f.Close()

	s := &Store{path: abs, now: time.Now}
	s.write, err = sql.Open("sqlite", dsn(abs, true))
	if err == nil {
		s.read, err = sql.Open("sqlite", dsn(abs, false))
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlitestore: open %s: %w", abs, err)
	}
	s.write.SetMaxOpenConns(1)
	s.read.SetMaxOpenConns(4)

	ctx, cancel := context.WithTimeout(context.Background(), busyTimeout+5*time.Second)
	defer cancel()
	// journal_mode is a property of the file, not of a connection: set it
	// once, on the writer, before anything reads.
	var mode string
	if err := s.write.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil || mode != "wal" {
		s.Close()
		return nil, fmt.Errorf("sqlitestore: %s: cannot switch to WAL mode (got %q): %v", abs, mode, err)
	}
	if err := migrate(ctx, s.write); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlitestore: %s: %w", abs, err)
	}
	if err := s.prepareStatements(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlitestore: %s: %w", abs, err)
	}
	return s, nil
}

// dsn is the driver's name for the file at abs, with the pragmas every
// connection needs. synchronous=FULL: a commit that returned is on disk,
// because a cursor or cross-reference lost to a power cut means records
// written twice; commits are per batch, so the fsync is cheap.
func dsn(abs string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	if writer {
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	// The "file:" form hands the name to SQLite as a URI, so the path is
	// escaped ("?" and "#" in a directory name stay part of the path).
	return "file:" + (&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath() + "?" + q.Encode()
}

// Path is the absolute path of the state file.
func (s *Store) Path() string { return s.path }

// Close closes the file; calling it again does nothing.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		errs := []error{s.stmts.close()}
		if s.read != nil {
			errs = append(errs, s.read.Close())
		}
		if s.write != nil {
			errs = append(errs, s.write.Close())
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// micros and fromMicros convert between times and the INTEGER columns.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

func fromNullMicros(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromMicros(n.Int64)
}
