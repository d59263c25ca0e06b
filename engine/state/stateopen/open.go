package stateopen

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/pgstore"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
)

// Env is the environment variable naming the state location when the
// command line does not.
const Env = "PIPELINE_STATE"

// DefaultPath is where the state lives when nothing says otherwise,
// relative to the working directory.
var DefaultPath = filepath.Join(".pipeline", "state.db")

// Open opens the store at location (see the package documentation).
func Open(ctx context.Context, location string) (state.Store, error) {
	loc := Resolve(location)
	if isPostgres(loc) {
		s, err := pgstore.Open(ctx, loc)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	if scheme, _, ok := strings.Cut(loc, "://"); ok && !strings.ContainsAny(scheme, `/\`) {
		return nil, fmt.Errorf("state location %s: unsupported scheme %q (want a file path, postgres:// or postgresql://)",
			Redact(loc), scheme)
	}
	s, err := sqlitestore.Open(loc)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Resolve returns the location Open uses for location: itself if given,
// else $PIPELINE_STATE, else DefaultPath.
func Resolve(location string) string {
	if location != "" {
		return location
	}
	if env := os.Getenv(Env); env != "" {
		return env
	}
	return DefaultPath
}

func isPostgres(loc string) bool {
	l := strings.ToLower(loc)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Redact returns location fit for logs and errors: a URL's password (and
// any password query parameter) replaced by "xxxxx"; paths unchanged.
func Redact(location string) string {
	if !strings.Contains(location, "://") {
		return location
	}
	u, err := url.Parse(location)
	if err != nil {
		// Unparseable: the password cannot be told apart, so show only
		// the scheme.
		scheme, _, _ := strings.Cut(location, "://")
		return scheme + "://(unparseable)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
