package httpx

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
)

// The plumbing every HTTP connector's spec and dial did alike: production
// dependencies for the spec's openers, the config check, the exchange
// observer, the credentials path and the per-attempt timeout.

// Production is a connector's opener with its test dependencies D at their
// zero value, which is production (real time, process-wide limiters): the
// spec's NewReader or NewWriter.
func Production[D, X any](open func(context.Context, any, connectors.Options, D) (X, error)) func(context.Context, any, connectors.Options) (X, error) {
	return func(ctx context.Context, cfg any, opts connectors.Options) (X, error) {
		var d D
		return open(ctx, cfg, opts, d)
	}
}

// AuthorizeWith is the spec's Authorize: the config is checked by configAs
// (defaulted and validated) before authorize runs the consent flow on it.
func AuthorizeWith[C any](configAs func(any) (C, error), authorize func(context.Context, *C, io.Writer, io.Reader) error) func(context.Context, any, io.Writer, io.Reader) error {
	return func(ctx context.Context, cfg any, prompt io.Writer, input io.Reader) error {
		c, err := configAs(cfg)
		if err != nil {
			return err
		}
		return authorize(ctx, &c, prompt, input)
	}
}

// Opened is the frame of a connector's openReader and openWriter: cfg is
// checked by configAs, whose errors name the connector already, and open
// runs on the checked copy, its error prefixed with the connector's name.
func Opened[C, X any](connector string, configAs func(any) (C, error), cfg any, open func(C) (X, error)) (X, error) {
	var zero X
	c, err := configAs(cfg)
	if err != nil {
		return zero, err
	}
	x, err := open(c)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", connector, err)
	}
	return x, nil
}

// ConfigAs checks that cfg is connector's *C and returns a defaulted,
// validated copy; the engine did both already, direct callers (tests,
// tools) may not have. clone, when not nil, gives the copy slices of its
// own so that defaulting cannot change the caller's config.
func ConfigAs[C any, P interface {
	*C
	Defaults()
	Validate() error
}](connector string, cfg any, clone func(*C)) (C, error) {
	var zero C
	p, ok := cfg.(P)
	if !ok || p == nil {
		return zero, fmt.Errorf("%s: config is %T, want %T", connector, cfg, P(nil))
	}
	c := *p
	if clone != nil {
		clone(&c)
	}
	P(&c).Defaults()
	if err := P(&c).Validate(); err != nil {
		return zero, fmt.Errorf("%s: %w", connector, err)
	}
	return c, nil
}

// ExchangeObserver translates the toolkit's exchanges, already redacted,
// into the connector contract's; nil when f is nil, so that nothing is
// copied for a run that does not observe.
func ExchangeObserver(f func(connectors.Exchange)) Observer {
	if f == nil {
		return nil
	}
	return func(x Exchange) {
		f(connectors.Exchange{
			Method: x.Method, URL: x.URL, Status: x.Status, Attempt: x.Attempt, Duration: x.Duration,
			Request: bytes.Clone(x.RequestBody), Response: bytes.Clone(x.ResponseBody), Err: x.Err,
		})
	}
}

// CredentialsPath is a config's credentials file: a relative path is taken
// from the pipeline file's folder (baseDir) when there is one, so a run
// finds the file `pipeline auth` wrote wherever it is started from.
func CredentialsPath(path, baseDir string) string {
	if path != "" && !filepath.IsAbs(path) && baseDir != "" {
		return filepath.Join(baseDir, path)
	}
	return path
}

// RequestTimeout is the per-attempt timeout: the test dependency when set,
// else the config's duration, else zero (Client's default).
func RequestTimeout(override time.Duration, configured string) time.Duration {
	if override != 0 {
		return override
	}
	if t, err := time.ParseDuration(configured); err == nil {
		return t
	}
	return 0
}
