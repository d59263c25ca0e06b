package accountview

import (
	"context"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
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
		NewReader: httpx.Production(openReader),
		NewWriter: httpx.Production(openWriter),
		// AccountView publishes no limit; this is the one the connector
		// assumes and keeps to (calls_per_minute).
		RateLimits: []connectors.RateLimit{{Requests: maxPerMinute, Per: time.Minute, Scope: "app and company (assumed)"}},
		Authorize:  httpx.AuthorizeWith(configAs, Authorize),
	}
}

func openReader(_ context.Context, cfg any, opts connectors.Options, d deps) (connectors.Reader, error) {
	return httpx.Opened("accountview", configAs, cfg, func(c Config) (connectors.Reader, error) {
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
	return httpx.Opened("accountview", configAs, cfg, func(c Config) (connectors.Writer, error) {
		cn, err := dial(c, opts, d)
		if err != nil {
			return nil, err
		}
		if err := checkWritable(cn.ent); err != nil {
			return nil, err
		}
		return &writer{c: cn}, nil
	})
}

// configAs checks that cfg is this connector's config and returns a
// defaulted, validated copy; the engine did both already, direct callers
// (tests, tools) may not have.
func configAs(cfg any) (Config, error) {
	return httpx.ConfigAs[Config]("accountview", cfg, nil)
}
