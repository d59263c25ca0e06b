package httpx

import (
	"errors"
	"fmt"
	"sync"

	"golang.org/x/oauth2"
)

// CredentialStore keeps OAuth tokens outside pipeline files, by connection
// name. Save must be durable when it returns: the OAuth source relies on it
// to hold a rotated refresh token before the matching access token is used.
type CredentialStore interface {
	// Load returns the stored token of conn, or an error wrapping
	// ErrNoCredentials when there is none.
	Load(conn string) (*oauth2.Token, error)
	// Save replaces the stored token of conn.
	Save(conn string, tok *oauth2.Token) error
}

// ErrNoCredentials is wrapped by Load when a connection has never been
// authorised.
var ErrNoCredentials = errors.New("no stored credentials")

func noCredentials(conn string) error {
	return fmt.Errorf("connection %q: %w (run `pipeline auth %s`)", conn, ErrNoCredentials, conn)
}

// cloneToken copies the exported fields; stores never hand out or keep a
// pointer the caller might mutate.
func cloneToken(t *oauth2.Token) *oauth2.Token {
	if t == nil {
		return nil
	}
	return &oauth2.Token{
		AccessToken:  t.AccessToken,
		TokenType:    t.TokenType,
		RefreshToken: t.RefreshToken,
		Expiry:       t.Expiry,
		ExpiresIn:    t.ExpiresIn,
	}
}

// MemoryStore is a CredentialStore in memory, for tests and for tokens
// handed in by a caller that persists them elsewhere.
type MemoryStore struct {
	mu     sync.Mutex
	tokens map[string]*oauth2.Token
	saves  int
}

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore { return &MemoryStore{tokens: map[string]*oauth2.Token{}} }

// Load implements CredentialStore.
func (s *MemoryStore) Load(conn string) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[conn]
	if !ok {
		return nil, noCredentials(conn)
	}
	return cloneToken(t), nil
}

// Save implements CredentialStore.
func (s *MemoryStore) Save(conn string, tok *oauth2.Token) error {
	if tok == nil {
		return fmt.Errorf("connection %q: refusing to save a nil token", conn)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[conn] = cloneToken(tok)
	s.saves++
	return nil
}

// Saves counts successful Save calls, so tests can check that a refresh
// was persisted exactly once.
func (s *MemoryStore) Saves() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saves
}
