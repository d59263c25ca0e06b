package accountview

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
)

func init() { connectors.MustRegister(Spec()) }

// Spec returns the accountview connector's spec, which init registers in
// connectors.Default; tests and tools use it to fill a registry of their
// own.
func Spec() connectors.Spec {
	return connectors.Spec{
		Name:      "accountview",
		Summary:   "Reads and writes AccountView business objects (debtors, articles, sales orders, journal pages, VAT codes, ledger accounts) through the accountview.net API.",
		NewConfig: func() any { return new(Config) },
		NewReader: func(ctx context.Context, cfg any, opts connectors.Options) (connectors.Reader, error) {
			return openReader(ctx, cfg, opts, deps{})
		},
		NewWriter: func(ctx context.Context, cfg any, opts connectors.Options) (connectors.Writer, error) {
			return openWriter(ctx, cfg, opts, deps{})
		},
		// AccountView publishes no limit; this is the one the connector
		// assumes and keeps to (calls_per_minute).
		RateLimits: []connectors.RateLimit{{Requests: maxPerMinute, Per: time.Minute, Scope: "app and company (assumed)"}},
		Authorize: func(ctx context.Context, cfg any, prompt io.Writer, input io.Reader) error {
			c, err := configAs(cfg)
			if err != nil {
				return err
			}
			return Authorize(ctx, &c, prompt, input)
		},
	}
}

func openReader(_ context.Context, cfg any, opts connectors.Options, d deps) (connectors.Reader, error) {
	c, err := configAs(cfg)
	if err != nil {
		return nil, err
	}
	cn, err := dial(c, opts, d)
	if err != nil {
		return nil, fmt.Errorf("accountview: %w", err)
	}
	r, err := newReader(cn, opts.Since)
	if err != nil {
		return nil, fmt.Errorf("accountview: %w", err)
	}
	return r, nil
}

func openWriter(_ context.Context, cfg any, opts connectors.Options, d deps) (connectors.Writer, error) {
	c, err := configAs(cfg)
	if err != nil {
		return nil, err
	}
	cn, err := dial(c, opts, d)
	if err != nil {
		return nil, fmt.Errorf("accountview: %w", err)
	}
	if err := checkWritable(cn.ent); err != nil {
		return nil, fmt.Errorf("accountview: %w", err)
	}
	return &writer{c: cn}, nil
}

// configAs checks that cfg is this connector's config and returns a
// defaulted, validated copy; the engine did both already, direct callers
// (tests, tools) may not have.
func configAs(cfg any) (Config, error) {
	p, ok := cfg.(*Config)
	if !ok || p == nil {
		return Config{}, fmt.Errorf("accountview: config is %T, want *accountview.Config", cfg)
	}
	c := *p
	c.Defaults()
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("accountview: %w", err)
	}
	return c, nil
}
