package emukit

import "sync"

// Counters counts requests per key; Front uses "METHOD /normalised/route"
// keys, so that tests can assert how many calls a connector made to each
// endpoint ("GET /api/v1/{division}/crm/Accounts": 3). The zero value is
// ready to use and Counters is safe for concurrent use.
type Counters struct {
	mu sync.Mutex
	m  map[string]int
}

// Add counts one request under key.
func (c *Counters) Add(key string) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]int{}
	}
	c.m[key]++
	c.mu.Unlock()
}

// Snapshot returns a copy of the counters.
func (c *Counters) Snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.m))
	for k, v := range c.m {
		out[k] = v
	}
	return out
}

// Reset sets every counter back to zero.
func (c *Counters) Reset() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}
