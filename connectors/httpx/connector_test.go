package httpx

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
)

// plumbCfg is a connector config as ConfigAs expects one.
type plumbCfg struct {
	Name  string
	Tags  []string
	Limit int
}

func (c *plumbCfg) Defaults() {
	if c.Limit == 0 {
		c.Limit = 60
	}
	c.Tags = append(c.Tags, "defaulted")
}

func (c *plumbCfg) Validate() error {
	if c.Name == "" {
		return errors.New("name is required")
	}
	return nil
}

func TestConfigAs(t *testing.T) {
	in := &plumbCfg{Name: "n", Tags: make([]string, 1, 4)}
	c, err := ConfigAs("sys", in, func(c *plumbCfg) { c.Tags = append([]string(nil), c.Tags...) })
	if err != nil || c.Limit != 60 || len(c.Tags) != 2 {
		t.Fatalf("got %+v, %v", c, err)
	}
	if in.Limit != 0 || in.Tags[:2][1] != "" {
		t.Errorf("defaulting changed the caller's config: %+v", in)
	}
	for _, bad := range []any{plumbCfg{Name: "n"}, (*plumbCfg)(nil), "x"} {
		if _, err := ConfigAs[plumbCfg]("sys", bad, nil); err == nil || !strings.Contains(err.Error(), "sys: config is") || !strings.Contains(err.Error(), "want *httpx.plumbCfg") {
			t.Errorf("%#v: %v", bad, err)
		}
	}
	if _, err := ConfigAs[plumbCfg]("sys", &plumbCfg{}, nil); err == nil || err.Error() != "sys: name is required" {
		t.Errorf("invalid config: %v", err)
	}
}

func TestProductionAndAuthorizeWith(t *testing.T) {
	type deps struct{ fake bool }
	open := func(_ context.Context, cfg any, _ connectors.Options, d deps) (string, error) {
		if d.fake {
			return "", errors.New("test deps in production")
		}
		return cfg.(string), nil
	}
	if got, err := Production(open)(context.Background(), "prod", connectors.Options{}); err != nil || got != "prod" {
		t.Errorf("opened %q, %v", got, err)
	}
	configAs := func(cfg any) (plumbCfg, error) { return ConfigAs[plumbCfg]("sys", cfg, nil) }
	var seen *plumbCfg
	auth := AuthorizeWith(configAs, func(_ context.Context, c *plumbCfg, _ io.Writer, _ io.Reader) error { seen = c; return nil })
	if err := auth(context.Background(), &plumbCfg{Name: "n"}, io.Discard, nil); err != nil || seen == nil || seen.Limit != 60 {
		t.Errorf("authorize saw %+v, %v", seen, err)
	}
	seen = nil
	if err := auth(context.Background(), &plumbCfg{}, io.Discard, nil); err == nil || seen != nil {
		t.Errorf("an invalid config reached the consent flow: %v", err)
	}
}

func TestOpened(t *testing.T) {
	configAs := func(cfg any) (plumbCfg, error) { return ConfigAs[plumbCfg]("sys", cfg, nil) }
	calls := 0
	open := func(c plumbCfg) (int, error) {
		calls++
		if c.Name == "fail" {
			return 7, errors.New("no such entity")
		}
		return c.Limit, nil
	}
	if n, err := Opened("sys", configAs, &plumbCfg{Name: "n"}, open); err != nil || n != 60 {
		t.Errorf("opened %d, %v", n, err)
	}
	if n, err := Opened("sys", configAs, &plumbCfg{Name: "fail"}, open); err == nil || err.Error() != "sys: no such entity" || n != 0 {
		t.Errorf("failed open: %d, %v", n, err)
	}
	if _, err := Opened("sys", configAs, &plumbCfg{}, open); err == nil || err.Error() != "sys: name is required" || calls != 2 {
		t.Errorf("invalid config: %v after %d opens", err, calls)
	}
}

func TestExchangeObserverCopies(t *testing.T) {
	if ExchangeObserver(nil) != nil {
		t.Error("an observer for nobody")
	}
	var got connectors.Exchange
	body := []byte("req")
	ExchangeObserver(func(x connectors.Exchange) { got = x })(Exchange{Method: "GET", Status: 201, Attempt: 2, RequestBody: body})
	body[0] = 'X'
	if got.Method != "GET" || got.Status != 201 || got.Attempt != 2 || string(got.Request) != "req" {
		t.Errorf("observed %+v", got)
	}
}

func TestCredentialsPathAndTimeout(t *testing.T) {
	abs := filepath.Join(t.TempDir(), "c.json")
	for _, tc := range [][3]string{{"c.json", "/flows", "/flows/c.json"}, {abs, "/flows", abs}, {"c.json", "", "c.json"}, {"", "/flows", ""}} {
		if got := CredentialsPath(tc[0], tc[1]); got != tc[2] {
			t.Errorf("CredentialsPath(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
	if RequestTimeout(time.Second, "1m") != time.Second || RequestTimeout(0, "1m") != time.Minute || RequestTimeout(0, "soon") != 0 {
		t.Error("RequestTimeout does not prefer the override, then the config, then the default")
	}
}

// DialOAuth's client refreshes the stored, expired token with the client
// secret `pipeline auth` stored, and the token call and the API call are
// both observed.
func TestDialOAuthUsesStoredSecret(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/token":
			if r.FormValue("client_secret") != "stored-secret" || r.FormValue("refresh_token") != "r1" {
				writeJSON(w, http.StatusUnauthorized, `{"error":"invalid_client"}`)
				return
			}
			writeJSON(w, http.StatusOK, `{"access_token":"a2","refresh_token":"r2","token_type":"bearer","expires_in":600}`)
		case "/api/thing":
			if r.Header.Get("Authorization") != "Bearer a2" {
				writeJSON(w, http.StatusUnauthorized, `{}`)
				return
			}
			writeJSON(w, http.StatusOK, `{"ok":true}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	creds := filepath.Join(t.TempDir(), "credentials.json")
	store, err := NewFileStore(creds)
	if err != nil {
		t.Fatal(err)
	}
	clock := NewVirtualClock(t0)
	if err := store.Save("conn", &oauth2.Token{AccessToken: "a1", RefreshToken: "r1", Expiry: t0.Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if err := store.SetSecret("conn", "client_secret", "stored-secret"); err != nil {
		t.Fatal(err)
	}
	var statuses []int
	client, auth, err := DialOAuth(OAuthClient{
		Credentials: creds,
		Observe:     func(x connectors.Exchange) { statuses = append(statuses, x.Status) },
		HTTPClient:  srv.Client(),
		Clock:       clock,
		OAuth:       OAuthConfig{ClientID: "id", TokenURL: srv.URL + "/token", AuthStyle: oauth2.AuthStyleInParams},
		API:         Config{Connection: "conn", BaseURL: srv.URL + "/api", Limiters: NewLimiterRegistry()},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(context.Background(), &Request{Path: "thing"})
	if err != nil || string(resp.Body) != `{"ok":true}` {
		t.Fatalf("call: %v", err)
	}
	if auth.Refreshes() != 1 || len(statuses) != 2 {
		t.Errorf("%d refreshes, observed %v", auth.Refreshes(), statuses)
	}
	if tok, err := store.Load("conn"); err != nil || tok.RefreshToken != "r2" {
		t.Errorf("rotated refresh token not saved: %v", err)
	}
}
