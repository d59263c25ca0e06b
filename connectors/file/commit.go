package file

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors"
)

// The file writers are connectors.Transactional: nothing they write is the
// target's until they say so. In create mode that is Close, which renames
// the temporary file over the target, so Checkpoint has nothing to commit
// before it. In append mode Checkpoint flushes and syncs the file and
// returns its size with its path as the mark; Rollback cuts the file back
// to a mark's size, dropping what a run that stopped early appended after
// its last checkpoint (the state never recorded those records, so the next
// run writes them again). Standard output cannot be taken back, so a
// writer to "-" is not Transactional (see plain).

// checkpoint makes what was written so far durable; ok is false when the
// output is published only by Close.
func (s *sink) checkpoint(ctx context.Context) (string, bool, error) {
	if s.f == nil || s.tmpName != "" {
		return "", false, nil
	}
	if err := s.check(ctx); err != nil {
		return "", false, err
	}
	if err := s.w.Flush(); err != nil {
		s.err = fmt.Errorf("write %s: %w", s.name, err)
		return "", false, s.err
	}
	if err := s.f.Sync(); err != nil {
		s.err = fmt.Errorf("sync %s: %w", s.name, err)
		return "", false, s.err
	}
	info, err := s.f.Stat()
	if err != nil {
		return "", false, fmt.Errorf("stat %s: %w", s.name, err)
	}
	return strconv.FormatInt(info.Size(), 10) + " " + s.final, true, nil
}

// rollback cuts an appended file back to mark. A mark naming another file
// (the pipeline's path changed since) or a file now shorter than the mark
// (changed by hand since) is left alone: there is nothing of this
// pipeline's to take back.
func (s *sink) rollback(mark string) error {
	if s.f == nil || s.tmpName != "" || s.closed {
		return nil
	}
	sizeText, path, ok := strings.Cut(mark, " ")
	size, err := strconv.ParseInt(sizeText, 10, 64)
	if !ok || err != nil || size < 0 {
		return fmt.Errorf("%s: unreadable checkpoint %q in the sync state", s.name, mark)
	}
	if path != s.final {
		return nil
	}
	info, err := s.f.Stat()
	if err != nil {
		return fmt.Errorf("stat %s: %w", s.name, err)
	}
	if info.Size() <= size {
		return nil
	}
	if err := s.f.Truncate(size); err != nil {
		return fmt.Errorf("cut %s back to its last checkpoint: %w", s.name, err)
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", s.name, err)
	}
	s.fresh = size == 0
	return nil
}

// abandon makes Close throw away a file that would replace the target:
// the run stopped early, and the target keeps what it held. An appended
// file keeps what was written (the engine's mark takes back what the state
// does not record).
func (s *sink) abandon() {
	if s.tmpName != "" {
		s.aborted = true
	}
}

// syncDir makes a file's creation or rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

func (w *ndjsonWriter) Checkpoint(ctx context.Context) (string, bool, error) {
	return w.out.checkpoint(ctx)
}

func (w *ndjsonWriter) Rollback(_ context.Context, mark string) error { return w.out.rollback(mark) }

func (w *jsonWriter) Checkpoint(ctx context.Context) (string, bool, error) {
	return w.out.checkpoint(ctx)
}

func (w *jsonWriter) Rollback(_ context.Context, mark string) error { return w.out.rollback(mark) }

// Checkpoint flushes the CSV encoder's own buffer into the sink first.
func (w *csvWriter) Checkpoint(ctx context.Context) (string, bool, error) {
	if w.out.f != nil && w.out.tmpName == "" {
		w.cw.Flush()
	}
	return w.out.checkpoint(ctx)
}

// Rollback writes the header again when it cut the file back to nothing.
func (w *csvWriter) Rollback(_ context.Context, mark string) error {
	wasFresh := w.out.fresh
	if err := w.out.rollback(mark); err != nil {
		return err
	}
	if w.header && w.out.fresh && !wasFresh {
		w.cw.Write(w.cols)
	}
	return nil
}

func (w *ndjsonWriter) Abandon() { w.out.abandon() }
func (w *jsonWriter) Abandon()   { w.out.abandon() }
func (w *csvWriter) Abandon()    { w.out.abandon() }

// plain hides a writer's Transactional methods: output to standard output
// is the reader's as soon as it is written and cannot be taken back.
type plain struct{ connectors.Writer }

// transactional returns w as is for a file, hidden behind plain for "-".
func transactional(w connectors.Writer, path string) connectors.Writer {
	if path == StdioPath {
		return plain{w}
	}
	return w
}

var (
	_ connectors.Transactional = (*ndjsonWriter)(nil)
	_ connectors.Transactional = (*jsonWriter)(nil)
	_ connectors.Transactional = (*csvWriter)(nil)
	_ connectors.Abandoner     = (*ndjsonWriter)(nil)
	_ connectors.Abandoner     = (*jsonWriter)(nil)
	_ connectors.Abandoner     = (*csvWriter)(nil)
)
