package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors/accountview"
	avemu "github.com/pipeline-dev/pipeline/connectors/accountview/emulator"
	"github.com/pipeline-dev/pipeline/connectors/asperion"
	asperionemu "github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting"
	eaccemu "github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
	"github.com/pipeline-dev/pipeline/connectors/exactonline"
	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/engine"
)

// emulated points the connections of a plan at in-process emulators, for
// `pipeline run -emulate`: a pipeline written for the real systems runs
// offline, unchanged. Each emulator is seeded from emulator-seed.json
// beside the pipeline when there is one, keeps its data beside the default
// sync state (so repeated runs see what earlier ones wrote), and gets
// tokens in a throwaway credentials file: no consent, no secret.
type emulated struct {
	stops []func()
	urls  []string
}

func (e *emulated) close() {
	for i := len(e.stops) - 1; i >= 0; i-- {
		e.stops[i]()
	}
}

// emulation is what -emulate needs to know of one connector: how to start
// its emulator and how to point a config at it.
type emulation struct {
	start func(seed io.Reader, data string) (srv emulatorServer, clientID, secret string, err error)
	point func(cfg any, url, clientID, creds string) (connection string)
}

type emulatorServer interface {
	running
	IssueToken(clientID string) (access, refresh string, expiresIn int, err error)
}

// exactServer and asperionServer adapt the emulators' token issuing.
type exactServer struct{ *exactemu.Server }

func (s exactServer) IssueToken(id string) (string, string, int, error) {
	t, err := s.IssueTokens(id)
	return t.AccessToken, t.RefreshToken, t.ExpiresIn, err
}

type asperionServer struct{ *asperionemu.Server }

func (s asperionServer) IssueToken(id string) (string, string, int, error) {
	t, err := s.IssueTokens(id)
	return t.AccessToken, t.RefreshToken, t.ExpiresIn, err
}

type eaccServer struct{ *eaccemu.Server }

func (s eaccServer) IssueToken(id string) (string, string, int, error) {
	t, err := s.IssueTokens(id, eaccemu.DefaultScopes...)
	return t.AccessToken, t.RefreshToken, t.ExpiresIn, err
}

type avServer struct{ *avemu.Server }

func (s avServer) IssueToken(id string) (string, string, int, error) {
	t, err := s.IssueTokens(id)
	return t.AccessToken, t.RefreshToken, t.ExpiresIn, err
}

var emulations = map[string]emulation{
	"eaccounting": {
		start: func(seed io.Reader, data string) (emulatorServer, string, string, error) {
			srv, err := eaccemu.NewServer(eaccemu.Options{RateLimit: -1, StatePath: data, Seed: seed})
			if err == nil {
				err = srv.Start("")
			}
			return eaccServer{srv}, eaccemu.DefaultClientID, eaccemu.DefaultClientSecret, err
		},
		point: func(cfg any, url, id, creds string) string {
			c := cfg.(*eaccounting.Config)
			c.BaseURL, c.IdentityURL, c.ClientID, c.ClientSecret, c.Credentials, c.CallsPerMinute = url, url, id, "", creds, 100000
			return c.Connection
		},
	},
	"accountview": {
		start: func(seed io.Reader, data string) (emulatorServer, string, string, error) {
			srv, err := avemu.NewServer(avemu.Options{MinuteLimit: -1, StatePath: data, Seed: seed})
			if err == nil {
				err = srv.Start("")
			}
			return avServer{srv}, avemu.DefaultClientID, avemu.DefaultClientSecret, err
		},
		point: func(cfg any, url, id, creds string) string {
			c := cfg.(*accountview.Config)
			c.BaseURL, c.ClientID, c.ClientSecret, c.Credentials, c.CallsPerMinute = url, id, "", creds, 100000
			return c.Connection
		},
	},
	"exactonline": {
		start: func(seed io.Reader, data string) (emulatorServer, string, string, error) {
			srv, err := exactemu.NewServer(exactemu.Options{MinuteLimit: -1, DayLimit: -1, StatePath: data, Seed: seed})
			if err == nil {
				err = srv.Start("")
			}
			return exactServer{srv}, exactemu.DefaultClientID, exactemu.DefaultClientSecret, err
		},
		point: func(cfg any, url, id, creds string) string {
			c := cfg.(*exactonline.Config)
			c.BaseURL, c.ClientID, c.ClientSecret, c.Credentials, c.CallsPerMinute = url, id, "", creds, 100000
			return c.Connection
		},
	},
	"asperion": {
		start: func(seed io.Reader, data string) (emulatorServer, string, string, error) {
			srv, err := asperionemu.NewServer(asperionemu.Options{MinuteLimit: -1, StatePath: data, Seed: seed})
			if err == nil {
				err = srv.Start("")
			}
			return asperionServer{srv}, asperionemu.DefaultClientID, asperionemu.DefaultClientSecret, err
		},
		point: func(cfg any, url, id, creds string) string {
			c := cfg.(*asperion.Config)
			c.BaseURL, c.IdentityURL, c.ClientID, c.ClientSecret, c.Credentials, c.CallsPerMinute = url, url, id, "", creds, 100000
			return c.Connection
		},
	},
}

func startEmulated(plan *engine.Plan, pipelineFile string) (*emulated, error) {
	e := &emulated{}
	dir, err := os.MkdirTemp("", "pipeline-emulate-")
	if err != nil {
		return nil, err
	}
	e.stops = append(e.stops, func() { os.RemoveAll(dir) })
	for _, end := range []string{"source", "target"} {
		spec, cfg := plan.Endpoint(end)
		em, ok := emulations[spec.Name]
		if !ok {
			continue
		}
		url, err := e.start(em, cfg, plan.Name+"-"+spec.Name, filepath.Dir(pipelineFile), filepath.Join(dir, end+"-credentials.json"))
		if err != nil {
			e.close()
			return nil, fmt.Errorf("starting the %s emulator: %w", spec.Name, err)
		}
		e.urls = append(e.urls, spec.Name+" "+url)
	}
	return e, nil
}

func (e *emulated) start(em emulation, cfg any, name, pipelineDir, creds string) (string, error) {
	data := filepath.Join(".pipeline", "emulated", name+".json")
	if err := os.MkdirAll(filepath.Dir(data), 0o700); err != nil {
		return "", err
	}
	var seed io.Reader
	if f, err := os.Open(filepath.Join(pipelineDir, "emulator-seed.json")); err == nil {
		defer f.Close()
		seed = f
	}
	srv, clientID, secret, err := em.start(seed, data)
	if err != nil {
		return "", err
	}
	e.stops = append(e.stops, func() { srv.Close() })
	conn := em.point(cfg, srv.URL(), clientID, creds)
	access, refresh, expiresIn, err := srv.IssueToken(clientID)
	if err == nil {
		err = saveTokens(creds, conn, access, refresh, expiresIn, secret)
	}
	return srv.URL(), err
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
