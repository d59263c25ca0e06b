package file

import (
	"context"
	"fmt"

	"github.com/pipeline-dev/pipeline/connectors"
)

func init() {
	for _, s := range Specs() {
		connectors.MustRegister(s)
	}
}

// Specs returns the specs of the file connectors, which init registers in
// connectors.Default; tests and tools use it to fill a registry of their own.
func Specs() []connectors.Spec {
	return []connectors.Spec{
		{
			Name:      "ndjson",
			Summary:   "Reads and writes newline-delimited JSON files: one document per line.",
			NewConfig: func() any { return new(NDJSONConfig) },
			NewReader: openNDJSONReader,
			NewWriter: openNDJSONWriter,
		},
		{
			Name:      "json",
			Summary:   "Reads a JSON array (or a single object) and writes a JSON array.",
			NewConfig: func() any { return new(JSONConfig) },
			NewReader: openJSONReader,
			NewWriter: openJSONWriter,
		},
		{
			Name:      "csv",
			Summary:   "Reads and writes CSV files, one record per row, typed by the entity's schema.",
			NewConfig: func() any { return new(CSVConfig) },
			NewReader: openCSVReader,
			NewWriter: openCSVWriter,
		},
	}
}

func openNDJSONReader(ctx context.Context, cfg any, opts connectors.Options) (connectors.Reader, error) {
	c, err := configAs[NDJSONConfig]("ndjson", cfg)
	if err != nil {
		return nil, err
	}
	src, err := openSource(ctx, c.Path, opts)
	if err != nil {
		return nil, err
	}
	return newNDJSONReader(src, maxLineBytes), nil
}

func openNDJSONWriter(ctx context.Context, cfg any, opts connectors.Options) (connectors.Writer, error) {
	c, err := configAs[NDJSONConfig]("ndjson", cfg)
	if err != nil {
		return nil, err
	}
	out, err := openSink(ctx, c.Path, c.Mode, opts)
	if err != nil {
		return nil, err
	}
	return transactional(&ndjsonWriter{out: out}, c.Path), nil
}

func openJSONReader(ctx context.Context, cfg any, opts connectors.Options) (connectors.Reader, error) {
	c, err := configAs[JSONConfig]("json", cfg)
	if err != nil {
		return nil, err
	}
	src, err := openSource(ctx, c.Path, opts)
	if err != nil {
		return nil, err
	}
	return newJSONReader(src), nil
}

func openJSONWriter(ctx context.Context, cfg any, opts connectors.Options) (connectors.Writer, error) {
	c, err := configAs[JSONConfig]("json", cfg)
	if err != nil {
		return nil, err
	}
	out, err := openSink(ctx, c.Path, c.Mode, opts)
	if err != nil {
		return nil, err
	}
	return transactional(&jsonWriter{out: out}, c.Path), nil
}

func openCSVReader(ctx context.Context, cfg any, opts connectors.Options) (connectors.Reader, error) {
	c, err := configAs[CSVConfig]("csv", cfg)
	if err != nil {
		return nil, err
	}
	src, err := openSource(ctx, c.Path, opts)
	if err != nil {
		return nil, err
	}
	return newCSVReader(src, c, opts), nil
}

func openCSVWriter(ctx context.Context, cfg any, opts connectors.Options) (connectors.Writer, error) {
	c, err := configAs[CSVConfig]("csv", cfg)
	if err != nil {
		return nil, err
	}
	if len(c.Columns) == 0 {
		return nil, fmt.Errorf("csv: %w", errNoColumns)
	}
	out, err := openSink(ctx, c.Path, c.Mode, opts)
	if err != nil {
		return nil, err
	}
	return transactional(newCSVWriter(out, c), c.Path), nil
}

// configAs checks that cfg is the connector's own config type and returns a
// defaulted, validated copy. The engine has already done both; doing them
// again costs nothing and keeps direct callers (tests, tools) from opening
// a file with, say, no delimiter. The copy leaves the caller's struct as
// it was.
func configAs[T any, P interface {
	*T
	connectors.Defaulter
	connectors.Validator
}](name string, cfg any) (T, error) {
	var zero T
	p, ok := cfg.(P)
	if !ok || p == nil {
		return zero, fmt.Errorf("%s: config is %T, want %T", name, cfg, P(nil))
	}
	c := *p
	P(&c).Defaults()
	if err := P(&c).Validate(); err != nil {
		return zero, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}
