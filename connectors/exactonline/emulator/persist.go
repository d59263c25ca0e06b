package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// stateVersion is bumped when the state file layout changes.
const stateVersion = 1

// stateFile is the on-disk form of the emulator: divisions with their
// tables, sequences and row-version counters, and the OAuth store, so that
// a restarted emulator accepts the refresh token a connector kept.
type stateFile struct {
	Version   int             `json:"version"`
	Divisions []stateDivision `json:"divisions"`
	OAuth     *oauthStore     `json:"oauth"`
}

type stateDivision struct {
	Code        int                  `json:"code"`
	Description string               `json:"description"`
	TS          int64                `json:"ts"`
	Seq         map[string]int64     `json:"seq"`
	Tables      map[string][]*record `json:"tables"`
}

// SaveState writes the state file now (a no-op without Options.StatePath).
func (e *Emulator) SaveState() error {
	if e.opts.StatePath == "" {
		return nil
	}
	return e.saveState(e.opts.StatePath)
}

func (e *Emulator) saveState(path string) error {
	e.mu.Lock()
	st := stateFile{Version: stateVersion}
	for _, code := range e.divOrder {
		d := e.divs[code]
		sd := stateDivision{Code: d.Code, Description: d.Description, TS: d.ts, Seq: d.seq, Tables: map[string][]*record{}}
		for name, t := range d.tables {
			if len(t.rows) > 0 {
				sd.Tables[name] = t.all()
			}
		}
		st.Divisions = append(st.Divisions, sd)
	}
	e.oauth.mu.Lock()
	st.OAuth = e.oauth
	data, err := json.Marshal(st)
	e.oauth.mu.Unlock()
	e.mu.Unlock()
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	// Write beside the target and rename, so a crash never leaves half a file.
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

// loadState reads a state file; false when there is none yet.
func (e *Emulator) loadState(path string) (bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("state: %w", err)
	}
	var st stateFile
	st.OAuth = newOAuthStore(e)
	if err := unmarshalNumbers(data, &st); err != nil {
		return false, fmt.Errorf("state %s: %w", path, err)
	}
	if st.Version != stateVersion {
		return false, fmt.Errorf("state %s: version %d, this emulator reads %d", path, st.Version, stateVersion)
	}
	divs := map[int]*division{}
	var order []int
	for _, sd := range st.Divisions {
		d := newDivision(sd.Code, sd.Description)
		d.ts = sd.TS
		if sd.Seq != nil {
			d.seq = sd.Seq
		}
		for name, recs := range sd.Tables {
			// Replaying in row-version order rebuilds the version log.
			sort.Slice(recs, func(i, j int) bool { return recs[i].TS < recs[j].TS })
			t := d.table(name)
			key := tableKey(name)
			for _, r := range recs {
				t.put(str(r.F[key]), r.F, r.TS)
			}
		}
		rebuildIndexes(e, d)
		divs[d.Code] = d
		order = append(order, d.Code)
	}
	e.divs, e.divOrder = divs, order
	st.OAuth.e = e
	e.oauth = st.OAuth
	return true, nil
}

// persister saves the state at most every saveInterval after a change, and
// once more on close.
type persister struct {
	e       *Emulator
	path    string
	kick    chan struct{}
	done    chan struct{}
	stopped chan struct{}
	mu      sync.Mutex
	err     error
}

const saveInterval = 200 * time.Millisecond

func newPersister(e *Emulator, path string) *persister {
	p := &persister{e: e, path: path, kick: make(chan struct{}, 1), done: make(chan struct{}), stopped: make(chan struct{})}
	go p.loop()
	return p
}

// dirty schedules a save.
func (p *persister) dirty() {
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

func (p *persister) loop() {
	defer close(p.stopped)
	for {
		select {
		case <-p.kick:
			p.record(p.e.saveState(p.path))
			select {
			case <-time.After(saveInterval):
			case <-p.done:
				return
			}
		case <-p.done:
			return
		}
	}
}

func (p *persister) record(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.err = err
	}
}

// close stops the loop and saves a final time; it reports the first save
// error seen.
func (p *persister) close() error {
	close(p.done)
	<-p.stopped
	p.record(p.e.saveState(p.path))
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

func unmarshalNumbers(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}
