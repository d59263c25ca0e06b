package emulator

import (
	"strconv"
	"strings"
	"sync"
)

// counters counts requests per "METHOD /normalised/path".
type counters struct {
	mu sync.Mutex
	m  map[string]int
}

func newCounters() *counters { return &counters{m: map[string]int{}} }

func (c *counters) add(key string) {
	c.mu.Lock()
	c.m[key]++
	c.mu.Unlock()
}

// Counts returns the number of requests per endpoint and method since the
// start or the last ResetCounts. Keys look like
// "GET /api/v1/{division}/crm/Accounts": the division is replaced, a
// (guid'…') key and what follows it are dropped, and known endpoints are
// spelled as in Exact's reference whatever case the client used.
func (e *Emulator) Counts() map[string]int {
	e.counts.mu.Lock()
	defer e.counts.mu.Unlock()
	out := make(map[string]int, len(e.counts.m))
	for k, v := range e.counts.m {
		out[k] = v
	}
	return out
}

// ResetCounts sets every counter back to zero.
func (e *Emulator) ResetCounts() {
	e.counts.mu.Lock()
	defer e.counts.mu.Unlock()
	e.counts.m = map[string]int{}
}

// endpointKey normalises a request to its counter key.
func endpointKey(method, path string) string {
	if i := strings.IndexByte(path, '('); i >= 0 {
		path = path[:i]
	}
	rest, ok := strings.CutPrefix(path, "/api/v1/")
	if !ok {
		return method + " " + path
	}
	div, tail, _ := strings.Cut(rest, "/")
	if _, err := strconv.Atoi(div); err == nil {
		div = "{division}"
	}
	if s := specByPath[strings.ToLower(tail)]; s != nil {
		tail = s.Path
	} else if v := viewByPath[strings.ToLower(tail)]; v != nil {
		tail = v.Path
	}
	return method + " /api/v1/" + div + "/" + tail
}
