package httpx

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
)

// ConsentFlow is the one-time consent of an OAuth code-flow connection, as
// `pipeline auth` runs it: print the page where a user grants the app
// access, receive the one-time code, trade it for tokens (which OAuth saves
// in the credentials store) and save the client secret beside them, so
// that runs may leave it out.
//
// The code arrives by itself when the redirect URL is a loopback address
// this machine can listen on (port 0 picks a free port); otherwise, or when
// the browser runs on another machine, the user pastes the address the
// browser was sent to (or just the code) into Input. Whichever comes first
// is used. Tokens, the code and the client secret never appear in Prompt
// or in the error.
type ConsentFlow struct {
	// Name prefixes errors ("exactonline"); System names the system for
	// people ("Exact Online"); SignIn says who signs in ("with a user of the
	// company").
	Name, System, SignIn string

	Connection  string
	RedirectURL string

	// OAuth builds the token source for the final redirect URL (it may
	// change when port 0 picks a free port).
	OAuth func(redirectURL string) (*OAuth, error)

	// Credentials is the credentials file for the client secret; "" is the
	// default. ClientSecret is saved when not empty.
	Credentials  string
	ClientSecret string

	Prompt io.Writer
	Input  io.Reader
}

// Run carries the flow out.
func (f ConsentFlow) Run(ctx context.Context) error {
	fail := func(err error) error { return fmt.Errorf("%s: %w", f.Name, err) }
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return fail(err)
	}
	state := hex.EncodeToString(b)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	codes := make(chan codeResult, 2)
	waiting := 0
	redirect := f.RedirectURL
	if recv := listenFor(redirect, state); recv != nil {
		defer recv.Close()
		if u, _ := url.Parse(redirect); u.Port() == "0" {
			// A free port was picked; the redirect must name it. (A fixed
			// port keeps the URL exactly as registered.)
			redirect = recv.RedirectURL(u.Path)
		}
		waiting++
		go func() {
			code, err := recv.Wait(ctx)
			codes <- codeResult{code, err}
		}()
	}
	if f.Input != nil {
		waiting++
		go func() { codes <- readPasted(f.Input, state) }()
	}
	if waiting == 0 {
		return fail(fmt.Errorf("cannot listen on %s and there is no input to paste the code into", redirect))
	}
	auth, err := f.OAuth(redirect)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(f.Prompt, "Open this page in a browser and sign in to %s %s:\n\n  %s\n\n", f.System, f.SignIn, auth.AuthCodeURL(state))
	fmt.Fprintf(f.Prompt, "Waiting for %s to redirect to %s; or paste the address the browser was sent to here.\n", f.System, redirect)
	var code string
	for code == "" {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case res := <-codes:
			waiting--
			switch {
			case errors.Is(res.err, io.EOF) && waiting == 0:
				return fail(errors.New("the input ended before a code was pasted"))
			case errors.Is(res.err, io.EOF):
				// Nothing pasted; the redirect may still come.
			case res.err != nil:
				return fail(res.err)
			default:
				code = res.code
			}
		}
	}
	if err := auth.Exchange(ctx, code); err != nil {
		return fail(err)
	}
	if f.ClientSecret != "" {
		store, err := NewFileStore(f.Credentials)
		if err == nil {
			err = store.SetSecret(f.Connection, "client_secret", f.ClientSecret)
		}
		if err != nil {
			return fail(fmt.Errorf("tokens saved, but the client secret was not: %w", err))
		}
	}
	fmt.Fprintf(f.Prompt, "Connection %q is authorised; its tokens are saved in the credentials file.\n", f.Connection)
	return nil
}

// listenFor starts the loopback receiver when the redirect URL allows one.
func listenFor(redirect, state string) *CodeReceiver {
	u, err := url.Parse(redirect)
	if err != nil || u.Scheme != "http" {
		return nil
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	r, err := ListenForCode(net.JoinHostPort(u.Hostname(), port), state)
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
