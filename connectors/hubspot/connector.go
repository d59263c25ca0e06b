package hubspot

import (
	"context"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

func init() { connectors.MustRegister(Spec()) }

// Spec returns the hubspot connector's spec, which init registers in
// connectors.Default.
func Spec() connectors.Spec {
	return connectors.Spec{
		Name:      "hubspot",
		Summary:   "Reads and writes HubSpot CRM objects (contacts, companies, products, deals, line items) through the CRM API v3, in batches.",
		NewConfig: func() any { return new(Config) },
		NewReader: httpx.Production(openReader),
		NewWriter: httpx.Production(openWriter),
		RateLimits: []connectors.RateLimit{
			{Requests: privateTenSecondLimit, Per: 10 * time.Second, Scope: "portal (private apps; OAuth apps 110 per installing portal)"},
			{Requests: dailyLimit, Per: 24 * time.Hour, Scope: "portal (private apps)"},
			{Requests: searchPerSecond, Per: time.Second, Scope: "token (search)"},
		},
		Authorize: httpx.AuthorizeWith(configAs, Authorize),
	}
}

func openReader(_ context.Context, cfg any, opts connectors.Options, d deps) (connectors.Reader, error) {
	return httpx.Opened("hubspot", configAs, cfg, func(c Config) (connectors.Reader, error) {
		cn, err := dial(c, opts, d)
		if err != nil {
			return nil, err
		}
		r, err := newReader(cn, opts.Since)
		if err != nil {
			return nil, err
		}
		return r, nil
	})
}

func openWriter(_ context.Context, cfg any, opts connectors.Options, d deps) (connectors.Writer, error) {
	return httpx.Opened("hubspot", configAs, cfg, func(c Config) (connectors.Writer, error) {
		cn, err := dial(c, opts, d)
		if err != nil {
			return nil, err
		}
		return &writer{c: cn}, nil
	})
}

// configAs checks that cfg is this connector's config and returns a
// defaulted, validated copy.
func configAs(cfg any) (Config, error) {
	return httpx.ConfigAs("hubspot", cfg, func(c *Config) {
		c.Properties, c.Associations = append([]string(nil), c.Properties...), append([]string(nil), c.Associations...)
	})
}
