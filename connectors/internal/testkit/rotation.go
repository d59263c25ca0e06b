package testkit

import (
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Rotation is the refresh-mid-run scenario of a connector whose OAuth
// refresh tokens rotate: a writer's access token runs out during a run, is
// refreshed once due (not before), the rotated refresh token is in the
// credentials file before it is used, the next refresh uses the rotated
// one, and a second process starting from the file needs no refresh.
type Rotation struct {
	Clock       *httpx.VirtualClock
	Credentials string
	Connection  string
	// Initial is the refresh token the fixture stored.
	Initial string
	// Open opens a writer: write writes one record with the given code,
	// refreshes counts the writer's token refreshes.
	Open func() (write func(code string) error, refreshes func() int)
	// Fresh is how long the token still serves without a refresh; Due
	// more makes it due; Again more makes the rotated one due.
	Fresh, Due, Again time.Duration
}

// Run plays the scenario and returns the credentials file's store.
func (r Rotation) Run(t *testing.T) *httpx.FileStore {
	t.Helper()
	store, err := httpx.NewFileStore(r.Credentials)
	if err != nil {
		t.Fatal(err)
	}
	write, refreshes := r.Open()
	must := func(code string) {
		t.Helper()
		if err := write(code); err != nil {
			t.Fatal(err)
		}
	}
	must("R1")
	r.Clock.Advance(r.Fresh)
	must("R2")
	if n := refreshes(); n != 0 {
		t.Fatalf("%d refreshes after %v, want 0", n, r.Fresh)
	}
	r.Clock.Advance(r.Due)
	must("R3")
	tok1, _ := store.Load(r.Connection)
	if n := refreshes(); n != 1 || tok1 == nil || tok1.RefreshToken == r.Initial {
		t.Fatalf("after %v: %d refreshes, stored refresh token rotated: %v", r.Fresh+r.Due, n, tok1 != nil && tok1.RefreshToken != r.Initial)
	}
	r.Clock.Advance(r.Again)
	must("R4")
	tok2, _ := store.Load(r.Connection)
	if n := refreshes(); n != 2 || tok2 == nil || tok2.RefreshToken == tok1.RefreshToken {
		t.Fatalf("after another %v: %d refreshes", r.Again, n)
	}
	write2, refreshes2 := r.Open()
	if err := write2("R5"); err != nil {
		t.Fatal(err)
	}
	if refreshes2() != 0 {
		t.Error("a fresh writer refreshed a token that was still valid")
	}
	return store
}
