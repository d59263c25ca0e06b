package schemas

import (
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// recursive holds a binary tree whose nodes carry personal data and an
// array whose elements are arrays of the same schema.
var recursive = fstest.MapFS{
	"t/tree.schema.json": file(`{
		"$id": "schema://t/tree",
		"$ref": "#/$defs/node",
		"$defs": {
			"node": {"type": "object", "properties": {
				"owner": {"type": "string", "x-personal-data": true},
				"left": {"$ref": "#/$defs/node"},
				"right": {"$ref": "#/$defs/node", "description": "the right subtree"},
				"grid": {"$ref": "#/$defs/grid"}}},
			"grid": {"type": "array", "items": {"$ref": "#/$defs/grid"}}
		}
	}`),
}

func TestFieldRecursionToAnyDepth(t *testing.T) {
	set, err := Load(recursive)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := set.Lookup("t/tree")
	root := s.Root()
	path := "left.right.left.left.right.right.left.owner"
	var wg sync.WaitGroup
	for range 4 { // first use builds the fields: concurrent callers (go test -race) must agree
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, ok := root.Lookup(strings.Split(path, "."))
			if !ok || !f.Personal || f.Path != path {
				t.Errorf("Lookup(%s) = %+v, %v; want a personal field with that path", path, f, ok)
			}
		}()
	}
	wg.Wait()
	grid, ok := root.Lookup([]string{"right", "grid", "#", "#", "0"})
	if !ok || grid.Items == nil || grid.Items != grid {
		t.Errorf("an array of arrays of itself: %+v, %v; want a field that is its own Items", grid, ok)
	}

	// A walk that stops where an identity repeats on its way down ends,
	// however the recursion branches.
	visited := 0
	var walk func(f *Field, inside map[string]bool)
	walk = func(f *Field, inside map[string]bool) {
		if inside[f.Identity()] {
			return
		}
		visited++
		inside[f.Identity()] = true
		defer delete(inside, f.Identity())
		for _, n := range f.Names() {
			c, _ := f.Child(n)
			walk(c, inside)
		}
		if f.Items != nil {
			walk(f.Items, inside)
		}
	}
	walk(root, map[string]bool{})
	// root, owner, grid and its items (its own Items: not again), then
	// left and right: each has owner, grid, items and the other subtree
	// (whose own children left and right are inside already): 4 + 2*8.
	if visited != 20 {
		t.Errorf("the walk visited %d fields, want 20", visited)
	}
}
