package exactonline

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
)

func init() { connectors.MustRegister(Spec()) }

// Spec returns the exactonline connector's spec, which init registers in
// connectors.Default; tests and tools use it to fill a registry of their
// own.
func Spec() connectors.Spec {
	return connectors.Spec{
		Name:      "exactonline",
		Summary:   "Reads and writes Exact Online entities (accounts, items, sales orders, invoices, stock, ...) through its REST API.",
		NewConfig: func() any { return new(Config) },
		NewReader: func(ctx context.Context, cfg any, opts connectors.Options) (connectors.Reader, error) {
			return openReader(ctx, cfg, opts, deps{})
		},
		NewWriter: func(ctx context.Context, cfg any, opts connectors.Options) (connectors.Writer, error) {
			return openWriter(ctx, cfg, opts, deps{})
		},
		RateLimits: []connectors.RateLimit{
			{Requests: 60, Per: time.Minute, Scope: "company (division)"},
			{Requests: 5000, Per: 24 * time.Hour, Scope: "company (division)"},
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

func openReader(ctx context.Context, cfg any, opts connectors.Options, d deps) (connectors.Reader, error) {
	c, err := configAs(cfg)
	if err != nil {
		return nil, err
	}
	e, err := lookupEntity(opts.Entity)
	if err != nil {
		return nil, fmt.Errorf("exactonline: %w", err)
	}
	plan, err := planRead(e, &c, opts.Since)
	if err != nil {
		return nil, fmt.Errorf("exactonline: %w", err)
	}
	cn, err := dial(ctx, c, opts, d)
	if err != nil {
		return nil, fmt.Errorf("exactonline: %w", err)
	}
	return newReader(cn, plan, opts.Since), nil
}

func openWriter(ctx context.Context, cfg any, opts connectors.Options, d deps) (connectors.Writer, error) {
	c, err := configAs(cfg)
	if err != nil {
		return nil, err
	}
	e, err := lookupEntity(opts.Entity)
	if err != nil {
		return nil, fmt.Errorf("exactonline: %w", err)
	}
	if err := checkWritable(e); err != nil {
		return nil, fmt.Errorf("exactonline: %w", err)
	}
	cn, err := dial(ctx, c, opts, d)
	if err != nil {
		return nil, fmt.Errorf("exactonline: %w", err)
	}
	return &writer{c: cn}, nil
}

// configAs checks that cfg is this connector's config and returns a
// defaulted, validated copy; the engine did both already, direct callers
// (tests, tools) may not have.
func configAs(cfg any) (Config, error) {
	p, ok := cfg.(*Config)
	if !ok || p == nil {
		return Config{}, fmt.Errorf("exactonline: config is %T, want *exactonline.Config", cfg)
	}
	c := *p
	c.Select = append([]string(nil), p.Select...)
	c.Defaults()
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("exactonline: %w", err)
	}
	return c, nil
}
