package testkit

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Start is when the connectors' virtual clocks begin unless a test says
// otherwise: a Monday morning, so business-day rules hold.
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Emulator is what every system emulator offers a connector test: it
// serves HTTP, counts requests per route and closes (Close releases the
// requests a timeout fault parked).
type Emulator interface {
	http.Handler
	Counts() map[string]int
	Close() error
}

// NewClock is a virtual clock at Start. The connector waits on it and the
// emulator reads it, so limits, token lifetimes and the emulator's own
// windows agree without the test sleeping.
func NewClock() *httpx.VirtualClock { return httpx.NewVirtualClock(Start) }

// Seed is seed as a reader, or fallback when the test gave none; the
// emulators take a nil reader to mean their built-in seed.
func Seed(seed []byte, fallback io.Reader) io.Reader {
	if seed == nil {
		return fallback
	}
	return bytes.NewReader(seed)
}

// Serve serves emu on loopback until the test ends and returns its URL.
// err is the emulator constructor's error, which fails the test.
func Serve(t testing.TB, emu Emulator, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() {
		emu.Close() // before srv.Close, which waits for parked requests
		srv.Close()
	})
	return srv.URL
}

// Token is the stored form of a token pair an emulator issued.
type Token struct {
	Access, Refresh string
	// Type is the token type as the system spells it ("bearer", "Bearer").
	Type string
	// Life is how long the access token lives from the clock's now.
	Life time.Duration
}

// Credentials writes a credentials file in the test's temporary folder
// with tok saved under connection, as `pipeline auth` would, and returns
// its path. err is the error of issuing tok, which fails the test.
func Credentials(t testing.TB, connection string, now time.Time, tok Token, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "credentials.json")
	store, err := httpx.NewFileStore(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Save(connection, &oauth2.Token{AccessToken: tok.Access, RefreshToken: tok.Refresh,
		TokenType: tok.Type, Expiry: now.Add(tok.Life), ExpiresIn: int64(tok.Life / time.Second)}); err != nil {
		t.Fatal(err)
	}
	return path
}
