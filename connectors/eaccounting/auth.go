package eaccounting

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

// Authorize runs the consent flow of `pipeline auth <connection>`: it
// prints the Visma identity server's page where a user of the company
// grants the app the scopes (ea:api, offline_access and cfg.Scopes, by
// default ea:sales and ea:accounting), receives the one-time code, trades
// it for tokens and saves them (and the client secret, so that runs may
// leave it out) under cfg.Connection in the credentials file.
//
// The code arrives by itself when the redirect URL is a loopback address
// this machine can listen on (the default http://127.0.0.1:8977/callback;
// port 0 picks a free port). Otherwise, or when the browser runs on
// another machine, the user pastes the address the browser was sent to
// (or just its code) into stdin. Whichever comes first is used.
//
// cfg.Credentials, when relative, is taken from the working directory; the
// CLI resolves it against the pipeline file's folder first, as runs do.
// Tokens, the code and the client secret never appear in prompt or in the
// error.
func Authorize(ctx context.Context, cfg *Config, prompt io.Writer, stdin io.Reader) error {
	return authorize(ctx, cfg, prompt, stdin, deps{})
}

func authorize(ctx context.Context, cfg *Config, prompt io.Writer, stdin io.Reader, d deps) error {
	if cfg == nil {
		return errors.New("eaccounting: no config")
	}
	c, err := configAs(cfg)
	if err != nil {
		return err
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
			// A free port was picked; the redirect must name it. (A
			// fixed port keeps the URL exactly as registered.)
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
		return fmt.Errorf("eaccounting: cannot listen on %s and there is no input to paste the code into", c.RedirectURL)
	}
	auth, err := newOAuth(c, d, nil)
	if err != nil {
		return fmt.Errorf("eaccounting: %w", err)
	}
	fmt.Fprintf(prompt, "Open this page in a browser, sign in to Visma eAccounting and pick the company:\n\n  %s\n\n", auth.AuthCodeURL(state))
	fmt.Fprintf(prompt, "Waiting for Visma to redirect to %s; or paste the address the browser was sent to here.\n", c.RedirectURL)
	var code string
	for code == "" {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case res := <-codes:
			waiting--
			switch {
			case errors.Is(res.err, io.EOF) && waiting == 0:
				return errors.New("eaccounting: the input ended before a code was pasted")
			case errors.Is(res.err, io.EOF):
				// Nothing pasted; the redirect may still come.
			case res.err != nil:
				return fmt.Errorf("eaccounting: %w", res.err)
			default:
				code = res.code
			}
		}
	}
	if err := auth.Exchange(ctx, code); err != nil {
		return fmt.Errorf("eaccounting: %w", err)
	}
	if cfg.ClientSecret != "" {
		store, err := httpx.NewFileStore(c.Credentials)
		if err == nil {
			err = store.SetSecret(c.Connection, "client_secret", cfg.ClientSecret)
		}
		if err != nil {
			return fmt.Errorf("eaccounting: tokens saved, but the client secret was not: %w", err)
		}
	}
	fmt.Fprintf(prompt, "Connection %q is authorised; its tokens are saved in the credentials file.\n", c.Connection)
	return nil
}

type codeResult struct {
	code string
	err  error
}

// listen starts the loopback receiver when the redirect URL allows one.
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

// readPasted reads one line: the address the browser landed on, or the
// code itself. A pasted address must carry our state.
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
				return codeResult{err: fmt.Errorf("authorisation refused: %s %s", q.Get("error"), q.Get("error_description"))}
			case q.Get("code") == "":
				return codeResult{err: errors.New("the pasted address has no code parameter")}
			case q.Get("state") != "" && q.Get("state") != state:
				return codeResult{err: errors.New("the pasted address carries the wrong state; start `pipeline auth` again")}
			}
			return codeResult{code: q.Get("code")}
		}
		if c, err := url.QueryUnescape(line); err == nil {
			line = c
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
		return "", fmt.Errorf("eaccounting: %w", err)
	}
	return hex.EncodeToString(b), nil
}
