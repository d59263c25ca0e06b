package file

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pipeline-dev/pipeline/connectors"
)

// sink is an open output shared by the three writers. In create mode it
// writes to a temporary file in the target's folder and renames it over the
// target on Close: a rename within one folder is atomic, so the target holds
// either its old content or the complete new one, never half a file. A
// temporary file left by a killed process is hidden (dot-prefixed) and never
// mistaken for output.
type sink struct {
	name    string // path as configured, for error messages
	final   string // resolved target path; "" for stdout
	tmpName string // temporary file renamed to final on Close; "" when writing in place
	f       *os.File
	w       *bufio.Writer

	// fresh reports that the output starts empty, so a header belongs at
	// the top; false when appending to a file that already has content.
	fresh bool

	err      error // first write error; the output is discarded on Close
	aborted  bool  // a Write saw a cancelled context; discard on Close
	closed   bool
	closeErr error
}

func openSink(ctx context.Context, path, mode string, opts connectors.Options) (*sink, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if path == StdioPath {
		if opts.Stdout == nil {
			return nil, errors.New(`path "-": no standard output available`)
		}
		return &sink{name: "stdout", w: bufio.NewWriterSize(opts.Stdout, 64<<10), fresh: true}, nil
	}
	final := resolve(path, opts)
	s := &sink{name: path, final: final}
	// An output folder that does not exist yet is created, as users expect
	// of a run that writes to out/orders.ndjson on a fresh checkout.
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if mode == ModeAppend {
		f, err := os.OpenFile(final, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return nil, err
		}
		// Held until Close, so that no other run appends between this
		// one's checkpoints and its rollback.
		if err := lockAppend(f, path); err != nil {
			f.Close()
			return nil, err
		}
		info, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		s.f, s.fresh = f, info.Size() == 0
		if s.fresh {
			// The file may be new: its name must survive a power cut as
			// surely as the records a checkpoint syncs into it.
			if err := syncDir(filepath.Dir(final)); err != nil {
				f.Close()
				return nil, fmt.Errorf("create %s: %w", path, err)
			}
		}
	} else {
		f, err := os.CreateTemp(filepath.Dir(final), "."+filepath.Base(final)+".tmp-*")
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
		s.f, s.tmpName, s.fresh = f, f.Name(), true
	}
	s.w = bufio.NewWriterSize(s.f, 64<<10)
	return s, nil
}

// Write implements io.Writer for the format encoders. After the first error
// every call fails the same way.
func (s *sink) Write(p []byte) (int, error) {
	if s.closed {
		return 0, errClosed
	}
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.err = fmt.Errorf("write %s: %w", s.name, err)
	}
	return n, s.err
}

// check is called at the start of every record Write: it refuses work after
// Close, and on a cancelled context marks the output as abandoned so that
// Close does not publish a partial file.
func (s *sink) check(ctx context.Context) error {
	if s.closed {
		return errClosed
	}
	if err := ctx.Err(); err != nil {
		s.aborted = true
		return err
	}
	return s.err
}

// discarding reports whether Close will throw the output away.
func (s *sink) discarding() bool { return s.aborted || s.err != nil }

// Close flushes and publishes the output, or removes the temporary file when
// the output was abandoned. It is idempotent: later calls return the first
// call's result.
func (s *sink) Close() error {
	if s.closed {
		return s.closeErr
	}
	s.closed = true
	s.closeErr = s.finish()
	return s.closeErr
}

func (s *sink) finish() error {
	var err error
	if !s.discarding() {
		if ferr := s.w.Flush(); ferr != nil {
			s.err = fmt.Errorf("write %s: %w", s.name, ferr)
		}
	}
	err = s.err
	if s.f == nil { // stdout belongs to the process
		return err
	}
	if s.tmpName == "" { // append mode: synced, as a checkpoint would be
		if err == nil && !s.discarding() {
			if serr := s.f.Sync(); serr != nil {
				err = fmt.Errorf("sync %s: %w", s.name, serr)
			}
		}
		return errors.Join(err, s.f.Close())
	}
	if s.discarding() {
		s.f.Close()
		os.Remove(s.tmpName)
		return err
	}
	if err := publish(s.f, s.final); err != nil {
		os.Remove(s.tmpName)
		return fmt.Errorf("write %s: %w", s.name, err)
	}
	return nil
}

// publish makes the temporary file f durable and renames it to final,
// keeping the permissions of a file it replaces.
func publish(f *os.File, final string) error {
	perm := os.FileMode(0o644)
	if info, err := os.Stat(final); err == nil {
		perm = info.Mode().Perm()
	}
	err := errors.Join(f.Chmod(perm), f.Sync())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(f.Name(), final); err != nil {
		return err
	}
	return syncDir(filepath.Dir(final))
}

var _ io.Writer = (*sink)(nil)
