package exactonline

import (
	"context"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
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
		NewReader: httpx.Production(openReader),
		NewWriter: httpx.Production(openWriter),
		RateLimits: []connectors.RateLimit{
			{Requests: 60, Per: time.Minute, Scope: "company (division)"},
			{Requests: 5000, Per: 24 * time.Hour, Scope: "company (division)"},
		},
		Authorize: httpx.AuthorizeWith(configAs, Authorize),
	}
}

func openReader(ctx context.Context, cfg any, opts connectors.Options, d deps) (connectors.Reader, error) {
	return httpx.Opened("exactonline", configAs, cfg, func(c Config) (connectors.Reader, error) {
		e, err := lookupEntity(opts.Entity)
		if err != nil {
			return nil, err
		}
		plan, err := planRead(e, &c, opts.Since)
		if err != nil {
			return nil, err
		}
		cn, err := dial(ctx, c, opts, d)
		if err != nil {
			return nil, err
		}
		return newReader(cn, plan, opts.Since), nil
	})
}

func openWriter(ctx context.Context, cfg any, opts connectors.Options, d deps) (connectors.Writer, error) {
	return httpx.Opened("exactonline", configAs, cfg, func(c Config) (connectors.Writer, error) {
		e, err := lookupEntity(opts.Entity)
		if err != nil {
			return nil, err
		}
		if err := checkWritable(e); err != nil {
			return nil, err
		}
		cn, err := dial(ctx, c, opts, d)
		if err != nil {
			return nil, err
		}
		return &writer{c: cn}, nil
	})
}

// configAs checks that cfg is this connector's config and returns a
// defaulted, validated copy; the engine did both already, direct callers
// (tests, tools) may not have.
func configAs(cfg any) (Config, error) {
	return httpx.ConfigAs("exactonline", cfg, func(c *Config) { c.Select = append([]string(nil), c.Select...) })
}
