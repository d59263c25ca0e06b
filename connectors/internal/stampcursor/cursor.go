package stampcursor

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Cursor is "<stamp>" or "<stamp>;<id>,<id>…". A cursor written before
// ids were kept (a bare stamp) still reads: nothing is skipped once.
type Cursor struct {
	since    string
	from     time.Time       // the stamp the read starts at (inclusive)
	fromText string          // as written in the cursor
	skip     map[string]bool // ids at from handed over before

	max     time.Time // the latest stamp handed over in this read
	maxText string
	ids     []string // the ids handed over at max
}

// Parse reads a cursor; "" is the start of a full read.
func Parse(s string) (*Cursor, error) {
	c := &Cursor{since: s, skip: map[string]bool{}}
	if s == "" {
		return c, nil
	}
	stamp, ids, _ := strings.Cut(s, ";")
	t, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil {
		return nil, fmt.Errorf("cursor %q is not an RFC 3339 instant with a time zone, optionally followed by \";<ids>\"", s)
	}
	c.from, c.fromText = t, stamp
	for _, id := range strings.Split(ids, ",") {
		if id != "" {
			c.skip[id] = true
		}
	}
	return c, nil
}

// From is the stamp the read starts at; zero for a full read.
func (c *Cursor) From() time.Time { return c.from }

// FromText is that stamp as the cursor holds it, for systems that take
// it back verbatim; "" for a full read.
func (c *Cursor) FromText() string { return c.fromText }

// Seen reports whether the record stamped ts with id was handed over by
// the read that left the cursor.
func (c *Cursor) Seen(ts time.Time, id string) bool {
	return ts.Equal(c.from) && c.skip[id]
}

// Advance moves the cursor past a record handed over now. text is how
// the stamp is written into the cursor: it must parse as RFC 3339 and be
// what the system accepts back.
func (c *Cursor) Advance(ts time.Time, text, id string) {
	switch {
	case ts.After(c.max):
		c.max, c.maxText, c.ids = ts, text, []string{id}
	case ts.Equal(c.max):
		c.ids = append(c.ids, id)
	}
}

// String is the cursor to resume from: the cursor read from while
// nothing newer was handed over.
func (c *Cursor) String() string {
	if c.max.IsZero() {
		return c.since
	}
	ids := append([]string(nil), c.ids...)
	if c.max.Equal(c.from) {
		// Nothing newer arrived: the ids skipped this time stay skipped.
		for id := range c.skip {
			ids = append(ids, id)
		}
	}
	// Sorted and without repeats, so that one position always reads the
	// same (the skip set is a map).
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return c.maxText + ";" + strings.Join(ids, ",")
}
