package emukit

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type testState struct {
	Rows  []map[string]any `json:"rows"`
	OAuth *OAuthState      `json:"oauth,omitempty"`
}

func TestStateFileRoundTrip(t *testing.T) {
	f := StateFile{Path: filepath.Join(t.TempDir(), "state.json"), Version: 3}
	var empty testState
	if ok, err := f.Load(&empty); ok || err != nil {
		t.Fatalf("Load without a file: %v %v, want false, nil", ok, err)
	}
	data, err := f.Marshal(testState{Rows: []map[string]any{{"amount": json.Number("0.10")}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"version":3,"rows":[{"amount":0.10}]}`; string(data) != want {
		t.Errorf("Marshal = %s, want %s", data, want)
	}
	if err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if leftovers, _ := filepath.Glob(f.Path + ".tmp*"); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	var got testState
	if ok, err := f.Load(&got); !ok || err != nil {
		t.Fatalf("Load: %v %v", ok, err)
	}
	if n, _ := got.Rows[0]["amount"].(json.Number); n != "0.10" {
		t.Errorf("amount = %#v, want json.Number 0.10", got.Rows[0]["amount"])
	}
	if empty, err := f.Marshal(struct{}{}); err != nil || string(empty) != `{"version":3}` {
		t.Errorf("empty state: %s %v", empty, err)
	}
}

func TestStateFileErrors(t *testing.T) {
	dir := t.TempDir()
	f := StateFile{Path: filepath.Join(dir, "s.json"), Version: 1}
	if _, err := f.Marshal([]int{1}); err == nil {
		t.Error("a state that is not an object was accepted")
	}
	if _, err := f.Marshal(map[string]any{"x": make(chan int)}); err == nil || !strings.HasPrefix(err.Error(), "state: ") {
		t.Errorf("unencodable state: %v", err)
	}
	os.WriteFile(f.Path, []byte(`{"version": 99}`), 0o600)
	var v testState
	if _, err := f.Load(&v); err == nil || !strings.Contains(err.Error(), "version 99, this emulator reads 1") {
		t.Errorf("other version: %v", err)
	}
	os.WriteFile(f.Path, []byte(`not json`), 0o600)
	if _, err := f.Load(&v); err == nil || !strings.Contains(err.Error(), f.Path) {
		t.Errorf("corrupt file: %v", err)
	}
	bad := StateFile{Path: filepath.Join(dir, "missing-dir", "s.json")}
	if err := bad.Write([]byte("{}")); err == nil {
		t.Error("Write into a missing directory succeeded")
	}
}

func TestSaver(t *testing.T) {
	var mu sync.Mutex
	saves := 0
	fail := errors.New("disk full")
	var failNext bool
	s := NewSaver(func() error {
		mu.Lock()
		defer mu.Unlock()
		saves++
		if failNext {
			failNext = false
			return fail
		}
		return nil
	}, 10*time.Millisecond)
	count := func() int { mu.Lock(); defer mu.Unlock(); return saves }

	s.Dirty()
	deadline := time.Now().Add(5 * time.Second)
	for count() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("Dirty did not lead to a save")
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	failNext = true
	mu.Unlock()
	s.Dirty()
	for count() < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the second Dirty did not lead to a save")
		}
		time.Sleep(5 * time.Millisecond)
	}
	before := count()
	if err := s.Close(); !errors.Is(err, fail) {
		t.Errorf("Close = %v, want the earlier save error", err)
	}
	if count() != before+1 {
		t.Errorf("Close saved %d times, want once", count()-before)
	}
	if err := s.Close(); !errors.Is(err, fail) || count() != before+1 {
		t.Errorf("second Close: %v, %d saves", err, count()-before)
	}
}
