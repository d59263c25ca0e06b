package hubspot

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
)

func init() { connectors.MustRegister(Spec()) }

// Spec returns the hubspot connector's spec, which init registers in
// connectors.Default.
func Spec() connectors.Spec {
	return connectors.Spec{
		Name:      "hubspot",
		Summary:   "Reads and writes HubSpot CRM objects (contacts, companies, products, deals, line items) through the CRM API v3, in batches.",
		NewConfig: func() any { return new(Config) },
		NewReader: func(ctx context.Context, cfg any, opts connectors.Options) (connectors.Reader, error) {
			return openReader(ctx, cfg, opts, deps{})
		},
		NewWriter: func(ctx context.Context, cfg any, opts connectors.Options) (connectors.Writer, error) {
			return openWriter(ctx, cfg, opts, deps{})
		},
		RateLimits: []connectors.RateLimit{
			{Requests: privateTenSecondLimit, Per: 10 * time.Second, Scope: "portal (private apps; OAuth apps 110 per installing portal)"},
			{Requests: dailyLimit, Per: 24 * time.Hour, Scope: "portal (private apps)"},
			{Requests: searchPerSecond, Per: time.Second, Scope: "token (search)"},
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
		return nil, fmt.Errorf("hubspot: %w", err)
	}
	r, err := newReader(cn, opts.Since)
	if err != nil {
		return nil, fmt.Errorf("hubspot: %w", err)
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
		return nil, fmt.Errorf("hubspot: %w", err)
	}
	return &writer{c: cn}, nil
}

// configAs checks that cfg is this connector's config and returns a
// defaulted, validated copy.
func configAs(cfg any) (Config, error) {
	p, ok := cfg.(*Config)
	if !ok || p == nil {
		return Config{}, fmt.Errorf("hubspot: config is %T, want *hubspot.Config", cfg)
	}
	c := *p
	c.Properties = append([]string(nil), p.Properties...)
	c.Associations = append([]string(nil), p.Associations...)
	c.Defaults()
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("hubspot: %w", err)
	}
	return c, nil
}
