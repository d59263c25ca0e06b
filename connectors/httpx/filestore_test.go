package httpx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"
)

func TestFileStoreRoundTripAndPermissions(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pipeline", "credentials.json")
	s, err := NewFileStore(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load("exact_prod"); !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("Load of a missing file: got %v, want ErrNoCredentials", err)
	}
	want := &oauth2.Token{AccessToken: "at-1", TokenType: "bearer", RefreshToken: "rt-1", Expiry: t0.Add(600e9), ExpiresIn: 600}
	if err := s.Save("exact_prod", want); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSecret("exact_prod", "client_secret", "cs-1"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load("exact_prod")
	if err != nil {
		t.Fatal(err)
	}
	if got.AccessToken != "at-1" || got.RefreshToken != "rt-1" || !got.Expiry.Equal(want.Expiry) || got.ExpiresIn != 600 {
		t.Errorf("round trip changed the token: %+v", got)
	}
	if sec, err := s.Secret("exact_prod", "client_secret"); err != nil || sec != "cs-1" {
		t.Errorf("Secret = %q, %v", sec, err)
	}
	if _, err := s.Secret("exact_prod", "other"); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("missing secret: %v", err)
	}
	if _, err := s.Load("visma"); !errors.Is(err, ErrNoCredentials) || !strings.Contains(err.Error(), "pipeline auth visma") {
		t.Errorf("unknown connection: %v", err)
	}

	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %04o, want 0600", st.Mode().Perm())
	}
	dst, _ := os.Stat(filepath.Dir(path))
	if dst.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %04o, want 0700", dst.Mode().Perm())
	}
	// No temporary files may be left behind.
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestFileStoreRefusesReadableFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.json")
	s, _ := NewFileStore(path)
	if err := s.Save("c", &oauth2.Token{AccessToken: "at", RefreshToken: "rt"}); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := s.Load("c")
	if err == nil || !strings.Contains(err.Error(), "chmod 600") || !strings.Contains(err.Error(), "0644") {
		t.Fatalf("Load of a 0644 file: got %v, want a refusal naming the mode and the fix", err)
	}
	if err := s.Save("c", &oauth2.Token{AccessToken: "x"}); err == nil {
		t.Fatal("Save over a 0644 file succeeded; it must refuse like Load")
	}
}

func TestFileStoreCorruptFileErrorHidesContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.json")
	if err := os.WriteFile(path, []byte(`{"connections": {"c": {"token": {"refresh_token": "rt-LEAK"`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, _ := NewFileStore(path)
	_, err := s.Load("c")
	if err == nil || strings.Contains(err.Error(), "rt-LEAK") {
		t.Fatalf("corrupt file: got %v; want an error without the file's content", err)
	}
}

// Two stores on one path stand in for two processes: flock locks belong to
// the open file, so they exclude each other even within one process. Each
// writer does read-modify-write of a different connection; without the
// lock some updates would be lost.
func TestFileStoreConcurrentWritersLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.json")
	a, _ := NewFileStore(path)
	b, _ := NewFileStore(path)
	var wg sync.WaitGroup
	const n = 12
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			conn := fmt.Sprintf("conn_%d", i)
			if err := s.Save(conn, &oauth2.Token{AccessToken: "at-" + conn, RefreshToken: "rt-" + conn}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for i := range n {
		conn := fmt.Sprintf("conn_%d", i)
		tok, err := a.Load(conn)
		if err != nil || tok.RefreshToken != "rt-"+conn {
			t.Errorf("%s: %v, %+v", conn, err, tok)
		}
	}
}

func TestDefaultCredentialsPath(t *testing.T) {
	t.Setenv(CredentialsEnv, "")
	t.Setenv("XDG_CONFIG_HOME", "/xdg")
	if p, _ := DefaultCredentialsPath(); p != "/xdg/pipeline/credentials.json" {
		t.Errorf("with XDG_CONFIG_HOME: %s", p)
	}
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "/home/u")
	if p, _ := DefaultCredentialsPath(); p != "/home/u/.config/pipeline/credentials.json" {
		t.Errorf("without XDG_CONFIG_HOME: %s", p)
	}
	t.Setenv(CredentialsEnv, "/etc/x.json")
	if p, _ := DefaultCredentialsPath(); p != "/etc/x.json" {
		t.Errorf("with %s: %s", CredentialsEnv, p)
	}
}
