package engine

import (
	"strconv"
	"unsafe"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/schemas"
)

// pathSet is the set of gjson paths the expressions of one scope read (the
// record, or the current element of an each block). Each path is resolved
// once per record or element, however many expressions use it.
//
// Plain dotted paths (source.customer.email) are resolved together in one
// walk over the document, descending only into the objects some path needs
// and stopping as soon as every path is found: reading each path with its
// own gjson.Get would scan the document once per path. Paths that use gjson
// syntax (get('line_items.#.sku')) or array positions are read with
// gjson.Get.
type pathSet struct {
	prefix string
	paths  []string
	keys   []string
	index  map[string]int
	fields []*schemas.Field // schema of each path's value, nil when unknown

	// needValue marks paths some expression evaluates; paths only ever
	// copied as raw JSON are never converted to expression values. inMap
	// marks those an expression run by the VM reads from the env map; the
	// others are only read by native calls, from the runner's value slices.
	needValue []bool
	inMap     []bool

	// id indexes the runner's value slices.
	id int

	// uses counts the places each path is read; projected counts those
	// that read it only through a predicate, with the members it reads in
	// members. A path read only that way is converted to a value holding
	// just those members.
	uses      []int
	projected []int
	members   []map[string]bool
	proj      [][]string // set by finalize: members to convert, nil for all

	segs    [][]string // the segments of plain paths, nil for others
	trie    *pathNode  // built by finalize from the plain paths
	simple  int        // number of plain paths in the trie
	complex []int      // indexes of the other paths
	whole   []int      // indexes of the empty path (the whole value)
}

type pathNode struct {
	children map[string]*pathNode
	idx      int // index of the path ending here, or -1
}

func newPathSet(prefix string) *pathSet {
	return &pathSet{prefix: prefix, index: map[string]int{}}
}

// add returns the index of path, adding it when new. The empty path stands
// for the whole value. segs are the path's plain segments, or nil when the
// path uses gjson syntax.
func (ps *pathSet) add(path string, segs []string) int {
	if i, ok := ps.index[path]; ok {
		return i
	}
	i := len(ps.paths)
	ps.index[path] = i
	ps.paths = append(ps.paths, path)
	ps.keys = append(ps.keys, ps.prefix+strconv.Itoa(i))
	ps.fields = append(ps.fields, nil)
	ps.needValue = append(ps.needValue, false)
	ps.inMap = append(ps.inMap, false)
	ps.uses = append(ps.uses, 0)
	ps.projected = append(ps.projected, 0)
	ps.members = append(ps.members, nil)
	for _, s := range segs {
		if _, err := strconv.Atoi(s); err == nil {
			segs = nil // array positions are left to gjson
			break
		}
	}
	ps.segs = append(ps.segs, segs)
	return i
}

func (ps *pathSet) key(i int) string { return ps.keys[i] }

// project records one read of path i through a predicate reading keys.
func (ps *pathSet) project(i int, keys []string) {
	ps.projected[i]++
	if ps.members[i] == nil {
		ps.members[i] = map[string]bool{}
	}
	for _, k := range keys {
		ps.members[i][k] = true
	}
}

// finalize builds the lookup trie once every path is known.
func (ps *pathSet) finalize() {
	ps.proj = make([][]string, len(ps.paths))
	for i := range ps.paths {
		if ps.uses[i] > 0 && ps.projected[i] == ps.uses[i] {
			for k := range ps.members[i] {
				ps.proj[i] = append(ps.proj[i], k)
			}
		}
	}
	ps.trie = &pathNode{idx: -1}
	ps.simple, ps.complex, ps.whole = 0, nil, nil
	for i, p := range ps.paths {
		switch {
		case p == "":
			ps.whole = append(ps.whole, i)
		case ps.segs[i] == nil:
			ps.complex = append(ps.complex, i)
		default:
			n := ps.trie
			for _, s := range ps.segs[i] {
				if n.children == nil {
					n.children = map[string]*pathNode{}
				}
				c := n.children[s]
				if c == nil {
					c = &pathNode{idx: -1}
					n.children[s] = c
				}
				n = c
			}
			n.idx = i
			ps.simple++
		}
	}
}

// resolve looks every path up in raw. out must have len(ps.paths). The
// results point into raw, which must not change while they are in use.
func (ps *pathSet) resolve(raw []byte, out []gjson.Result) {
	if len(raw) == 0 {
		clear(out)
		return
	}
	ps.resolveString(unsafe.String(&raw[0], len(raw)), out)
}

// resolveString is resolve for a value held as a string.
func (ps *pathSet) resolveString(raw string, out []gjson.Result) {
	clear(out)
	if ps.simple > 0 {
		remaining := ps.simple
		ps.trie.walk(gjson.Parse(raw), out, &remaining)
	}
	for _, i := range ps.complex {
		out[i] = gjson.Get(raw, ps.paths[i])
	}
	for _, i := range ps.whole {
		out[i] = gjson.Parse(raw)
	}
}

// walk visits the members of obj once, recording the values of wanted
// paths and descending only where a wanted path continues. The first
// occurrence of a duplicated key wins, as with gjson.Get.
func (n *pathNode) walk(obj gjson.Result, out []gjson.Result, remaining *int) {
	if !obj.IsObject() {
		return
	}
	obj.ForEach(func(k, v gjson.Result) bool {
		c := n.children[k.Str]
		if c == nil {
			return true
		}
		if c.idx >= 0 && out[c.idx].Type == gjson.Null && out[c.idx].Raw == "" {
			out[c.idx] = v
			*remaining--
		}
		if c.children != nil {
			c.walk(v, out, remaining)
		}
		return *remaining > 0
	})
}
