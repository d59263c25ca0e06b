package emukit

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCounters(t *testing.T) {
	var c Counters
	if n := len(c.Snapshot()); n != 0 {
		t.Fatalf("zero value has %d counters", n)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 25; j++ {
				c.Add("GET /a")
			}
			c.Add("POST /a")
		}()
	}
	wg.Wait()
	snap := c.Snapshot()
	if diff := cmp.Diff(map[string]int{"GET /a": 200, "POST /a": 8}, snap); diff != "" {
		t.Errorf("wrong result (-want +got)\n%s", diff)
	}
	snap["GET /a"] = 0 // a snapshot is a copy
	if c.Snapshot()["GET /a"] != 200 {
		t.Error("changing a snapshot changed the counters")
	}
	c.Reset()
	if n := len(c.Snapshot()); n != 0 {
		t.Errorf("%d counters after Reset", n)
	}
	c.Add("GET /b")
	if c.Snapshot()["GET /b"] != 1 {
		t.Error("counting after Reset failed")
	}
}
