package stampcursor

import (
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestCursor: a read hands over records at two stamps; the next read from
// its cursor skips the ids it handed over at the latest stamp and keeps
// a record that arrived later at that stamp; a read with nothing new
// keeps the cursor as it was.
func TestCursor(t *testing.T) {
	c, err := Parse("")
	if err != nil || c.String() != "" || !c.From().IsZero() {
		t.Fatalf("empty cursor: %v %q", err, c.String())
	}
	c.Advance(at("2026-01-01T10:00:00.000Z"), "2026-01-01T10:00:00.000Z", "1")
	c.Advance(at("2026-01-01T11:00:00.000Z"), "2026-01-01T11:00:00.000Z", "3")
	c.Advance(at("2026-01-01T11:00:00.000Z"), "2026-01-01T11:00:00.000Z", "2")
	cur := c.String()
	if cur != "2026-01-01T11:00:00.000Z;2,3" {
		t.Fatalf("cursor %q", cur)
	}

	next, err := Parse(cur)
	if err != nil {
		t.Fatal(err)
	}
	if next.FromText() != "2026-01-01T11:00:00.000Z" {
		t.Errorf("from text %q", next.FromText())
	}
	eleven := at("2026-01-01T11:00:00Z")
	if !next.Seen(eleven, "2") || !next.Seen(eleven, "3") || next.Seen(eleven, "4") || next.Seen(at("2026-01-01T12:00:00Z"), "2") {
		t.Error("Seen: want ids 2 and 3 at the boundary only")
	}
	if next.String() != cur {
		t.Errorf("nothing read: cursor %q, want %q", next.String(), cur)
	}
	next.Advance(eleven, "2026-01-01T11:00:00.000Z", "4") // a late write at the same stamp
	if next.String() != "2026-01-01T11:00:00.000Z;2,3,4" {
		t.Errorf("after a record at the boundary: %q", next.String())
	}
	next.Advance(at("2026-01-01T12:00:00.5Z"), "2026-01-01T12:00:00.5Z", "2")
	if next.String() != "2026-01-01T12:00:00.5Z;2" {
		t.Errorf("after a newer record: %q", next.String())
	}

	old, err := Parse("2026-01-01T11:00:00Z") // written before ids were kept
	if err != nil || old.Seen(eleven, "2") {
		t.Errorf("a bare stamp: %v, skips %v", err, old.skip)
	}
	if _, err := Parse("yesterday;1"); err == nil {
		t.Error("a cursor that is no time was accepted")
	}
}
