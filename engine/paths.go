package engine

import (
	"strconv"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/schemas"
)

// pathSet is the set of gjson paths the expressions of one scope read (the
// record, or the current element of an each block). Each path is resolved
// once per record or element, however many expressions use it.
type pathSet struct {
	prefix string
	paths  []string
	keys   []string
	index  map[string]int
	fields []*schemas.Field // schema of each path's value, nil when unknown

	// needValue marks paths some expression evaluates; paths only ever
	// copied as raw JSON are never converted to expression values.
	needValue []bool
}

func newPathSet(prefix string) *pathSet {
	return &pathSet{prefix: prefix, index: map[string]int{}}
}

// add returns the index of path, adding it when new. The empty path stands
// for the whole value.
func (ps *pathSet) add(path string) int {
	if i, ok := ps.index[path]; ok {
		return i
	}
	i := len(ps.paths)
	ps.index[path] = i
	ps.paths = append(ps.paths, path)
	ps.keys = append(ps.keys, ps.prefix+strconv.Itoa(i))
	ps.fields = append(ps.fields, nil)
	ps.needValue = append(ps.needValue, false)
	return i
}

func (ps *pathSet) key(i int) string { return ps.keys[i] }

// resolve looks every path up in raw. out must have len(ps.paths).
func (ps *pathSet) resolve(raw []byte, out []gjson.Result) {
	for i, p := range ps.paths {
		if p == "" {
			out[i] = gjson.ParseBytes(raw)
			continue
		}
		out[i] = gjson.GetBytes(raw, p)
	}
}

// resolveString is resolve for a value held as a string (an array element
// handed over by gjson), which avoids copying it into a byte slice.
func (ps *pathSet) resolveString(raw string, out []gjson.Result) {
	for i, p := range ps.paths {
		if p == "" {
			out[i] = gjson.Parse(raw)
			continue
		}
		out[i] = gjson.Get(raw, p)
	}
}
