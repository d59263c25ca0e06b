package emukit

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bootFixture records which source a Boot loaded.
type bootFixture struct {
	stateExists bool
	stateErr    error
	loaded      string
	saves       int
}

func (f *bootFixture) boot(path string, seed io.Reader) Boot {
	return Boot{
		StatePath:   path,
		LoadState:   func() (bool, error) { f.loaded = "state"; return f.stateExists, f.stateErr },
		Seed:        seed,
		BuiltinSeed: func() io.Reader { return strings.NewReader("builtin") },
		LoadSeed: func(r io.Reader) error {
			b, _ := io.ReadAll(r)
			if string(b) == "bad" {
				return errors.New("not JSON")
			}
			f.loaded = "seed " + string(b)
			return nil
		},
		SaveState: func() error { f.saves++; return nil },
		SaveEvery: time.Millisecond,
	}
}

func TestBootPicksTheSource(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	for name, tc := range map[string]struct {
		path   string
		exists bool
		seed   io.Reader
		want   string
		saver  bool
	}{
		"built-in seed":     {"", false, nil, "seed builtin", false},
		"given seed":        {"", false, strings.NewReader("mine"), "seed mine", false},
		"no state file yet": {path, false, nil, "seed builtin", true},
		"state file":        {path, true, strings.NewReader("mine"), "state", true},
	} {
		f := &bootFixture{stateExists: tc.exists}
		s, err := f.boot(tc.path, tc.seed).Start()
		if err != nil || f.loaded != tc.want || (s != nil) != tc.saver {
			t.Errorf("%s: loaded %q, saver %v, %v", name, f.loaded, s != nil, err)
		}
		if s != nil {
			s.Close()
		}
	}
	f := &bootFixture{}
	if _, err := f.boot("", strings.NewReader("bad")).Start(); err == nil || err.Error() != "seed: not JSON" {
		t.Errorf("bad seed: %v", err)
	}
	f = &bootFixture{stateErr: errors.New("state: version 9")}
	if _, err := f.boot(path, nil).Start(); err == nil || err.Error() != "state: version 9" || f.loaded != "state" {
		t.Errorf("bad state file: %v", err)
	}
}

func TestClosingRunsOnce(t *testing.T) {
	var c Closing
	releases := 0
	for i := 0; i < 3; i++ {
		if err := c.Close(func() { releases++ }, nil); err != nil {
			t.Fatal(err)
		}
	}
	if releases != 1 {
		t.Errorf("released %d times", releases)
	}
}
