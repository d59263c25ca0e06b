package hubspot

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Authorize connects a portal for `pipeline auth <connection>`.
//
// With client_id (a public OAuth app) it prints HubSpot's consent page,
// receives the code on the loopback redirect URL (or as the pasted address
// or code), trades it for tokens and stores them, and the client secret,
// under the connection. With no client_id it reads a private-app token
// from input and stores it, so that blocks may leave token out. Tokens,
// codes and secrets never appear in prompt or in errors.
func Authorize(ctx context.Context, cfg *Config, prompt io.Writer, stdin io.Reader) error {
	return authorize(ctx, cfg, prompt, stdin, deps{})
}

func authorize(ctx context.Context, cfg *Config, prompt io.Writer, stdin io.Reader, d deps) error {
	if cfg == nil {
		return errors.New("hubspot: no config")
	}
	c, err := configAs(cfg)
	if err != nil {
		return err
	}
	store, err := httpx.NewFileStore(c.Credentials)
	if err != nil {
		return fmt.Errorf("hubspot: %w", err)
	}
	if c.ClientID == "" {
		return storePrivateToken(c, store, prompt, stdin)
	}
	state, err := randomState()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	codes := make(chan codeResult, 2)
	waiting := 0
	if recv := listen(c.RedirectURL, state); recv != nil {
		defer recv.Close()
		if u, _ := url.Parse(c.RedirectURL); u.Port() == "0" {
			c.RedirectURL = recv.RedirectURL(u.Path)
		}
		waiting++
		go func() {
			code, err := recv.Wait(ctx)
			codes <- codeResult{code, err}
		}()
	}
	if stdin != nil {
		waiting++
		go func() { codes <- readPasted(stdin, state) }()
	}
	if waiting == 0 {
		return fmt.Errorf("hubspot: cannot listen on %s and there is no input to paste the code into", c.RedirectURL)
	}
	auth, err := newOAuth(c, d, nil)
	if err != nil {
		return fmt.Errorf("hubspot: %w", err)
	}
	fmt.Fprintf(prompt, "Open this page in a browser, sign in to HubSpot and pick the portal to connect:\n\n  %s\n\n", auth.AuthCodeURL(state))
	fmt.Fprintf(prompt, "Waiting for HubSpot to redirect to %s; or paste the address the browser was sent to here.\n", c.RedirectURL)
	var code string
	for code == "" {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case res := <-codes:
			waiting--
			switch {
			case errors.Is(res.err, io.EOF) && waiting == 0:
				return errors.New("hubspot: the input ended before a code was pasted")
			case errors.Is(res.err, io.EOF):
			case res.err != nil:
				return fmt.Errorf("hubspot: %w", res.err)
			default:
				code = res.code
			}
		}
	}
	if err := auth.Exchange(ctx, code); err != nil {
		return fmt.Errorf("hubspot: %w", err)
	}
	if cfg.ClientSecret != "" {
		if err := store.SetSecret(c.Connection, "client_secret", cfg.ClientSecret); err != nil {
			return fmt.Errorf("hubspot: tokens saved, but the client secret was not: %w", err)
		}
	}
	fmt.Fprintf(prompt, "Connection %q is authorised; its tokens are saved in the credentials file.\n", c.Connection)
	return nil
}

// storePrivateToken keeps a private app's token under the connection.
func storePrivateToken(c Config, store *httpx.FileStore, prompt io.Writer, stdin io.Reader) error {
	tok := c.Token
	if tok == "" {
		if stdin == nil {
			return errors.New("hubspot: no client_id and no input: paste the private app's access token, or set client_id for an OAuth app")
		}
		fmt.Fprintln(prompt, "Paste the access token of the HubSpot private app (Settings > Integrations > Private apps):")
		sc := bufio.NewScanner(stdin)
		for sc.Scan() {
			if tok = strings.TrimSpace(sc.Text()); tok != "" {
				break
			}
		}
		if tok == "" {
			return errors.New("hubspot: the input ended before a token was pasted")
		}
	}
	if err := store.SetSecret(c.Connection, "token", tok); err != nil {
		return fmt.Errorf("hubspot: %w", err)
	}
	fmt.Fprintf(prompt, "Connection %q: the private-app token is saved in the credentials file.\n", c.Connection)
	return nil
}

type codeResult struct {
	code string
	err  error
}

func listen(redirect, state string) *httpx.CodeReceiver {
	u, err := url.Parse(redirect)
	if err != nil || u.Scheme != "http" {
		return nil
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	r, err := httpx.ListenForCode(net.JoinHostPort(u.Hostname(), port), state)
	if err != nil {
		return nil
	}
	return r
}

// readPasted reads the address the browser landed on, or the code.
func readPasted(in io.Reader, state string) codeResult {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if u, err := url.Parse(line); err == nil && u.IsAbs() {
			q := u.Query()
			switch {
			case q.Get("error") != "":
				return codeResult{err: fmt.Errorf("authorisation refused: %s", q.Get("error"))}
			case q.Get("code") == "":
				return codeResult{err: errors.New("the pasted address has no code parameter")}
			case q.Get("state") != "" && q.Get("state") != state:
				return codeResult{err: errors.New("the pasted address carries the wrong state; start `pipeline auth` again")}
			}
			return codeResult{code: q.Get("code")}
		}
		return codeResult{code: line}
	}
	if err := sc.Err(); err != nil {
		return codeResult{err: err}
	}
	return codeResult{err: io.EOF}
}

func randomState() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("hubspot: %w", err)
	}
	return hex.EncodeToString(b), nil
}
