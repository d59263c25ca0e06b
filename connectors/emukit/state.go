package emukit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// StateFile is an emulator's JSON state on disk, stamped with a layout
// version that Load insists on: {"version": N, …the state's own members…}.
type StateFile struct {
	Path    string
	Version int
}

// Marshal encodes v, which must encode as a JSON object without a
// "version" member, with the version as its first member. It is separate
// from Write so that an emulator can encode under its lock and write after
// releasing it.
func (f StateFile) Marshal(v any) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	body = bytes.TrimSpace(body)
	if len(body) < 2 || body[0] != '{' {
		return nil, fmt.Errorf("state: %T does not encode as a JSON object", v)
	}
	out := []byte(`{"version":` + strconv.Itoa(f.Version))
	if rest := bytes.TrimSpace(body[1:]); len(rest) > 0 && rest[0] != '}' {
		out = append(out, ',')
	}
	return append(out, body[1:]...), nil
}

// Write replaces the file atomically with data.
func (f StateFile) Write(data []byte) error {
	if err := WriteFileAtomic(f.Path, data); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

// Load decodes the file into v, numbers as json.Number; false when there
// is no file yet. A file of another version is an error, not a silent
// reset, so that no one loses data to an upgrade.
func (f StateFile) Load(v any) (bool, error) {
	data, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("state: %w", err)
	}
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return false, fmt.Errorf("state %s: %w", f.Path, err)
	}
	if head.Version != f.Version {
		return false, fmt.Errorf("state %s: version %d, this emulator reads %d", f.Path, head.Version, f.Version)
	}
	if err := DecodeNumbers(data, v); err != nil {
		return false, fmt.Errorf("state %s: %w", f.Path, err)
	}
	return true, nil
}

// WriteFileAtomic writes data beside path and renames it into place, so a
// crash never leaves half a file.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// Saver runs save in the background soon after each Dirty, at most once
// per interval, and once more on Close, so that a burst of writes costs
// one save rather than one each.
type Saver struct {
	save     func() error
	interval time.Duration
	kick     chan struct{}
	done     chan struct{}
	stopped  chan struct{}
	once     sync.Once
	mu       sync.Mutex
	err      error
}

// NewSaver starts the background saver.
func NewSaver(save func() error, interval time.Duration) *Saver {
	s := &Saver{save: save, interval: interval, kick: make(chan struct{}, 1),
		done: make(chan struct{}), stopped: make(chan struct{})}
	go s.loop()
	return s
}

// Dirty schedules a save.
func (s *Saver) Dirty() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *Saver) loop() {
	defer close(s.stopped)
	for {
		select {
		case <-s.kick:
			s.record(s.save())
			select {
			case <-time.After(s.interval):
			case <-s.done:
				return
			}
		case <-s.done:
			return
		}
	}
}

func (s *Saver) record(err error) {
	if err == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = err
	}
}

// Close stops the loop and saves a final time; it reports the first save
// error seen. Later calls only report that error again.
func (s *Saver) Close() error {
	s.once.Do(func() {
		close(s.done)
		<-s.stopped
		s.record(s.save())
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
