package eaccounting

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
)

func init() { connectors.MustRegister(Spec()) }

// Spec returns the eaccounting connector's spec, which init registers in
// connectors.Default; tests and tools use it to fill registries of their
// own.
func Spec() connectors.Spec {
	return connectors.Spec{
		Name:      "eaccounting",
		Summary:   "Reads and writes Visma eAccounting customers, articles, orders, invoices and vouchers through its API v2.",
		NewConfig: func() any { return new(Config) },
		NewReader: func(ctx context.Context, cfg any, opts connectors.Options) (connectors.Reader, error) {
			return openReader(ctx, cfg, opts, deps{})
		},
		NewWriter: func(ctx context.Context, cfg any, opts connectors.Options) (connectors.Writer, error) {
			return openWriter(ctx, cfg, opts, deps{})
		},
		RateLimits: []connectors.RateLimit{
			{Requests: minuteLimit, Per: time.Minute, Scope: "client and endpoint"},
		},
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
		return nil, fmt.Errorf("eaccounting: %w", err)
	}
	r, err := newReader(cn, opts.Since)
	if err != nil {
		return nil, fmt.Errorf("eaccounting: %w", err)
	}
	return r, nil
}

func openWriter(_ context.Context, cfg any, opts connectors.Options, d deps) (connectors.Writer, error) {
	c, err := configAs(cfg)
	if err != nil {
		return nil, err
	}
	e, err := lookupEntity(opts.Entity)
	if err != nil {
		return nil, fmt.Errorf("eaccounting: %w", err)
	}
	if err := checkWritable(e); err != nil {
		return nil, fmt.Errorf("eaccounting: %w", err)
	}
	cn, err := dial(c, opts, d)
	if err != nil {
		return nil, fmt.Errorf("eaccounting: %w", err)
	}
	return &writer{c: cn}, nil
}

// configAs checks that cfg is this connector's config and returns a
// defaulted, validated copy; the engine did both already, direct callers
// (tests, tools) may not have.
func configAs(cfg any) (Config, error) {
	p, ok := cfg.(*Config)
	if !ok || p == nil {
		return Config{}, fmt.Errorf("eaccounting: config is %T, want *eaccounting.Config", cfg)
	}
	c := *p
	c.Scopes = append([]string(nil), p.Scopes...)
	c.Defaults()
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("eaccounting: %w", err)
	}
	return c, nil
}
