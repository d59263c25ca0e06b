package eaccounting

import (
	"context"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
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
		NewReader: httpx.Production(openReader),
		NewWriter: httpx.Production(openWriter),
		RateLimits: []connectors.RateLimit{
			{Requests: minuteLimit, Per: time.Minute, Scope: "client and endpoint"},
		},
		Authorize: httpx.AuthorizeWith(configAs, Authorize),
	}
}

func openReader(_ context.Context, cfg any, opts connectors.Options, d deps) (connectors.Reader, error) {
	return httpx.Opened("eaccounting", configAs, cfg, func(c Config) (connectors.Reader, error) {
		cn, err := dial(c, opts, d)
		if err != nil {
			return nil, err
		}
		return newReader(cn, opts.Since)
	})
}

func openWriter(_ context.Context, cfg any, opts connectors.Options, d deps) (connectors.Writer, error) {
	return httpx.Opened("eaccounting", configAs, cfg, func(c Config) (connectors.Writer, error) {
		e, err := lookupEntity(opts.Entity)
		if err != nil {
			return nil, err
		}
		if err := checkWritable(e); err != nil {
			return nil, err
		}
		cn, err := dial(c, opts, d)
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
	return httpx.ConfigAs("eaccounting", cfg, func(c *Config) { c.Scopes = append([]string(nil), c.Scopes...) })
}
