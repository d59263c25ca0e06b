package httpx

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

// AuthCodeURL is the page a person opens to grant the connection access
// (the first step of `pipeline auth <connection>`). Pass
// oauth2.SetAuthURLParam for provider extras such as Visma's prompt=login,
// and oauth2.S256ChallengeOption for PKCE.
func (o *OAuth) AuthCodeURL(state string, opts ...oauth2.AuthCodeOption) string {
	return o.conf.AuthCodeURL(state, opts...)
}

// Exchange trades the one-time code for tokens and saves them in the
// Store. The code is never part of an error or an observed exchange.
func (o *OAuth) Exchange(ctx context.Context, code string, opts ...oauth2.AuthCodeOption) error {
	if err := o.lock(ctx); err != nil {
		return err
	}
	defer o.unlock()
	o.red.Add(code)
	issued := o.clock.Now()
	nt, err := o.conf.Exchange(o.tokenCtx(ctx), code, opts...)
	if err != nil {
		return o.tokenError("exchange", err)
	}
	nt = normaliseToken(nt, issued)
	o.adopt(nt)
	if err := o.cfg.Store.Save(o.cfg.Connection, nt); err != nil {
		o.unsaved = true
		return o.saveError(err)
	}
	o.unsaved = false
	return nil
}

// CodeReceiver is the loopback redirect target of a consent flow: it
// listens on 127.0.0.1, waits for the provider to send the browser back
// with ?code=...&state=..., checks the state and hands over the code.
type CodeReceiver struct {
	ln    net.Listener
	srv   *http.Server
	state string
	got   chan codeResult
}

type codeResult struct {
	code string
	err  error
}

// ListenForCode starts a receiver on addr ("127.0.0.1:8085"; port 0 picks
// a free one). Only loopback addresses are accepted: the code must never
// travel over a network.
func ListenForCode(addr, state string) (*CodeReceiver, error) {
	if state == "" {
		return nil, errors.New("auth receiver: state is required")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("auth receiver: %w", err)
	}
	switch {
	case host == "" || host == "localhost":
		host = "127.0.0.1"
	case !isLoopbackHost(host):
		return nil, fmt.Errorf("auth receiver: %s is not a loopback address", host)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("auth receiver: %w", err)
	}
	r := &CodeReceiver{ln: ln, state: state, got: make(chan codeResult, 1)}
	r.srv = &http.Server{Handler: http.HandlerFunc(r.serve), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = r.srv.Serve(ln) }()
	return r, nil
}

// Addr is the address the receiver listens on.
func (r *CodeReceiver) Addr() string { return r.ln.Addr().String() }

// RedirectURL is the redirect URI to register with the provider for path
// ("/callback").
func (r *CodeReceiver) RedirectURL(path string) string { return "http://" + r.Addr() + path }

func (r *CodeReceiver) serve(w http.ResponseWriter, req *http.Request) {
	q := req.URL.Query()
	var res codeResult
	switch {
	case q.Get("error") != "":
		res.err = fmt.Errorf("authorisation refused by the provider: %s %s", q.Get("error"), q.Get("error_description"))
	case q.Get("code") == "":
		// Browsers also ask for /favicon.ico; those are not the redirect.
		http.NotFound(w, req)
		return
	case subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(r.state)) != 1:
		res.err = errors.New("authorisation redirect carried the wrong state; start `pipeline auth` again")
	default:
		res.code = q.Get("code")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if res.err != nil {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintln(w, "Authorisation failed; see the terminal.")
	} else {
		fmt.Fprintln(w, "Authorisation received; you can close this window.")
	}
	select {
	case r.got <- res:
	default: // a result is already waiting; later redirects are ignored
	}
}

// Wait returns the code of the first redirect, or an error when the
// redirect failed, carried the wrong state, or ctx ended first.
func (r *CodeReceiver) Wait(ctx context.Context) (string, error) {
	select {
	case res := <-r.got:
		return res.code, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Close stops the receiver, letting a response in progress finish.
func (r *CodeReceiver) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return r.srv.Shutdown(ctx)
}

// ReceiveCode listens on addr, waits for one redirect and returns its code
// after checking state.
func ReceiveCode(ctx context.Context, addr, state string) (string, error) {
	r, err := ListenForCode(addr, state)
	if err != nil {
		return "", err
	}
	defer r.Close()
	return r.Wait(ctx)
}
