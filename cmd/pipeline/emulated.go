package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors/exactonline"
	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/engine"
)

// emulated points the connections of a plan at in-process emulators, for
// `pipeline run -emulate`: a pipeline written for the real systems runs
// offline, unchanged. Each emulator is seeded from emulator-seed.json
// beside the pipeline when there is one, and gets tokens in a throwaway
// credentials file, so no consent and no secret is needed.
type emulated struct {
	stops []func()
	urls  []string
}

func (e *emulated) close() {
	for _, stop := range e.stops {
		stop()
	}
}

func startEmulated(plan *engine.Plan, pipelineFile string) (*emulated, error) {
	e := &emulated{}
	dir, err := os.MkdirTemp("", "pipeline-emulate-")
	if err != nil {
		return nil, err
	}
	e.stops = append(e.stops, func() { os.RemoveAll(dir) })
	seed := filepath.Join(filepath.Dir(pipelineFile), "emulator-seed.json")
	for _, end := range []string{"source", "target"} {
		spec, cfg := plan.Endpoint(end)
		switch c := cfg.(type) {
		case *exactonline.Config:
			// The emulator keeps its data beside the default sync state, so
			// that repeated runs see what earlier ones wrote.
			data := filepath.Join(".pipeline", "emulated", plan.Name+"-"+spec.Name+".json")
			url, stop, err := emulateExact(c, seed, data, filepath.Join(dir, end+"-credentials.json"))
			if err != nil {
				e.close()
				return nil, fmt.Errorf("starting the %s emulator: %w", spec.Name, err)
			}
			e.stops = append(e.stops, stop)
			e.urls = append(e.urls, spec.Name+" "+url)
		}
	}
	return e, nil
}

func emulateExact(c *exactonline.Config, seedPath, data, creds string) (string, func(), error) {
	if err := os.MkdirAll(filepath.Dir(data), 0o700); err != nil {
		return "", nil, err
	}
	opts := exactemu.Options{MinuteLimit: -1, DayLimit: -1, StatePath: data}
	if f, err := os.Open(seedPath); err == nil {
		defer f.Close()
		opts.Seed = f
	}
	srv, err := exactemu.NewServer(opts)
	if err != nil {
		return "", nil, err
	}
	if err := srv.Start(""); err != nil {
		return "", nil, err
	}
	toks, err := srv.IssueTokens(exactemu.DefaultClientID)
	if err == nil {
		err = saveTokens(creds, c.Connection, toks.AccessToken, toks.RefreshToken, toks.ExpiresIn, exactemu.DefaultClientSecret)
	}
	if err != nil {
		srv.Close()
		return "", nil, err
	}
	c.BaseURL, c.ClientID, c.ClientSecret, c.Credentials = srv.URL(), exactemu.DefaultClientID, "", creds
	c.CallsPerMinute = 100000
	return srv.URL(), func() { srv.Close() }, nil
}

func saveTokens(path, conn, access, refresh string, expiresIn int, secret string) error {
	store, err := httpx.NewFileStore(path)
	if err != nil {
		return err
	}
	tok := &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		Expiry: time.Now().Add(time.Duration(expiresIn) * time.Second)}
	if err := store.Save(conn, tok); err != nil {
		return err
	}
	return store.SetSecret(conn, "client_secret", secret)
}
