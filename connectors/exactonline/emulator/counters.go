package emulator

import (
	"strconv"
	"strings"
)

// Counts returns the number of requests per endpoint and method since the
// start or the last ResetCounts. Keys look like
// "GET /api/v1/{division}/crm/Accounts": the division is replaced, a
// (guid'…') key and what follows it are dropped, and known endpoints are
// spelled as in Exact's reference whatever case the client used.
func (e *Emulator) Counts() map[string]int { return e.front.Counters.Snapshot() }

// ResetCounts sets every counter back to zero.
func (e *Emulator) ResetCounts() { e.front.Counters.Reset() }

// endpointRoute normalises a request path to the route that counters and
// fault scopes use.
func endpointRoute(path string) string {
	if i := strings.IndexByte(path, '('); i >= 0 {
		path = path[:i]
	}
	rest, ok := strings.CutPrefix(path, "/api/v1/")
	if !ok {
		return path
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
	return "/api/v1/" + div + "/" + tail
}
