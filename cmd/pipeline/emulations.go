package main

import (
	"errors"
	"io"

	"github.com/pipeline-dev/pipeline/connectors/accountview"
	avemu "github.com/pipeline-dev/pipeline/connectors/accountview/emulator"
	"github.com/pipeline-dev/pipeline/connectors/asperion"
	asperionemu "github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting"
	eaccemu "github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
	"github.com/pipeline-dev/pipeline/connectors/exactonline"
	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/hubspot"
	hubspotemu "github.com/pipeline-dev/pipeline/connectors/hubspot/emulator"
)

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

// hubspotServer is HubSpot's emulator, used through its private-app
// token, which needs no issuing.
type hubspotServer struct{ *hubspotemu.Server }

func (hubspotServer) IssueToken(string) (string, string, int, error) {
	return "", "", 0, errors.New("the HubSpot emulation uses the private-app token")
}

type avServer struct{ *avemu.Server }

func (s avServer) IssueToken(id string) (string, string, int, error) {
	t, err := s.IssueTokens(id)
	return t.AccessToken, t.RefreshToken, t.ExpiresIn, err
}

// emulations are the systems `pipeline run -emulate` can stand in for:
// how to start each one's emulator with its rate limits off, and how to
// point a connector config at it.
var emulations = map[string]emulation{
	"hubspot": {
		start: func(seed io.Reader, data string) (emulatorServer, string, string, error) {
			srv, err := hubspotemu.NewServer(hubspotemu.Options{TenSecondLimit: -1, OAuthTenSecondLimit: -1, DailyLimit: -1,
				SearchLimit: -1, StatePath: data, Seed: seed})
			if err == nil {
				err = srv.Start("")
			}
			return hubspotServer{srv}, "", "", err
		},
		point: func(cfg any, url, _, creds string) string {
			c := cfg.(*hubspot.Config)
			c.BaseURL, c.AuthURL, c.Token, c.ClientID, c.ClientSecret = url, url+"/oauth/authorize", hubspotemu.DefaultPrivateAppToken, "", ""
			c.Credentials, c.CallsPerTenSeconds = creds, 100000
			return c.Connection
		},
	},
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
