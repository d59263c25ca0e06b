package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/oauth2"
)

// CredentialsEnv overrides the default credentials file path.
const CredentialsEnv = "PIPELINE_CREDENTIALS"

// DefaultCredentialsPath is $PIPELINE_CREDENTIALS when set, else
// $XDG_CONFIG_HOME/pipeline/credentials.json, else
// ~/.config/pipeline/credentials.json.
func DefaultCredentialsPath() (string, error) {
	if p := os.Getenv(CredentialsEnv); p != "" {
		return p, nil
	}
	if x := os.Getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "pipeline", "credentials.json"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("locating the credentials file: %w", err)
	}
	return filepath.Join(home, ".config", "pipeline", "credentials.json"), nil
}

// credFile is the on-disk layout. Versioned so that a later layout can be
// told apart rather than misread.
type credFile struct {
	Version     int                  `json:"version"`
	Connections map[string]*credConn `json:"connections"`
}

type credConn struct {
	Token   *oauth2.Token     `json:"token,omitempty"`
	Secrets map[string]string `json:"secrets,omitempty"`
}

// FileStore is a CredentialStore in one JSON file with mode 0600. Writes are
// atomic (temporary file, fsync, rename, fsync of the folder) and
// serialised within the process by a mutex and across processes by an
// exclusive lock on "<path>.lock", so two runs rotating tokens of different
// connections never lose each other's update. Besides tokens it holds
// named secrets per connection (client secrets).
type FileStore struct {
	path string
	mu   sync.Mutex
}

var _ CredentialStore = (*FileStore)(nil)

// NewFileStore opens the store at path; "" means DefaultCredentialsPath.
// The file need not exist yet.
func NewFileStore(path string) (*FileStore, error) {
	if path == "" {
		p, err := DefaultCredentialsPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	return &FileStore{path: path}, nil
}

// Path returns the file's path.
func (s *FileStore) Path() string { return s.path }

// Load implements CredentialStore.
func (s *FileStore) Load(conn string) (*oauth2.Token, error) {
	f, err := s.read()
	if err != nil {
		return nil, err
	}
	c := f.Connections[conn]
	if c == nil || c.Token == nil {
		return nil, noCredentials(conn)
	}
	return cloneToken(c.Token), nil
}

// Save implements CredentialStore.
func (s *FileStore) Save(conn string, tok *oauth2.Token) error {
	if tok == nil {
		return fmt.Errorf("connection %q: refusing to save a nil token", conn)
	}
	return s.update(func(f *credFile) {
		connOf(f, conn).Token = cloneToken(tok)
	})
}

// Secret returns the named secret of conn ("client_secret"), or an error
// wrapping ErrNoCredentials.
func (s *FileStore) Secret(conn, name string) (string, error) {
	f, err := s.read()
	if err != nil {
		return "", err
	}
	if c := f.Connections[conn]; c != nil {
		if v, ok := c.Secrets[name]; ok {
			return v, nil
		}
	}
	return "", fmt.Errorf("connection %q: secret %q: %w", conn, name, ErrNoCredentials)
}

// SetSecret stores a named secret of conn.
func (s *FileStore) SetSecret(conn, name, value string) error {
	return s.update(func(f *credFile) {
		c := connOf(f, conn)
		if c.Secrets == nil {
			c.Secrets = map[string]string{}
		}
		c.Secrets[name] = value
	})
}

func connOf(f *credFile, conn string) *credConn {
	c := f.Connections[conn]
	if c == nil {
		c = &credConn{}
		f.Connections[conn] = c
	}
	return c
}

// read loads the file, refusing one that others can read: a token there
// is as good as a password.
func (s *FileStore) read() (*credFile, error) {
	f := &credFile{Version: 1, Connections: map[string]*credConn{}}
	fh, err := os.Open(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("credentials file %s: %w", s.path, err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("credentials file %s: %w", s.path, err)
	}
	if err := checkPrivate(s.path, st.Mode()); err != nil {
		return nil, err
	}
	// Decode errors are reported without the decoder's text, which can
	// quote the file's content.
	if err := json.NewDecoder(fh).Decode(f); err != nil {
		return nil, fmt.Errorf("credentials file %s is not valid JSON; fix or remove it", s.path)
	}
	if f.Version != 1 {
		return nil, fmt.Errorf("credentials file %s has version %d; this build reads version 1", s.path, f.Version)
	}
	if f.Connections == nil {
		f.Connections = map[string]*credConn{}
	}
	return f, nil
}

// update is the read-modify-write under both locks.
func (s *FileStore) update(change func(*credFile)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("credentials folder: %w", err)
	}
	unlock, err := lockFile(s.path + ".lock")
	if err != nil {
		return fmt.Errorf("locking credentials file %s: %w", s.path, err)
	}
	defer unlock()
	f, err := s.read()
	if err != nil {
		return err
	}
	change(f)
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding credentials: %w", err)
	}
	return writeAtomic(s.path, append(data, '\n'))
}

// writeAtomic writes data to a temporary file beside path with mode 0600,
// syncs it, renames it over path and syncs the folder, so that a crash
// leaves either the old file or the new one, never a torn one.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".credentials-*.tmp")
	if err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	if d, derr := os.Open(dir); derr == nil {
		// Best effort: some file systems refuse fsync on folders.
		_ = d.Sync()
		d.Close()
	}
	return nil
}
