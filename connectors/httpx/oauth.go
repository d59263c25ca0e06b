package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
)

// OAuthConfig describes one connection's OAuth2 authorization-code client
// with refresh tokens.
type OAuthConfig struct {
	// Connection names the connection; it is the key in Store.
	Connection   string
	ClientID     string
	ClientSecret string
	AuthURL      string
	TokenURL     string
	RedirectURL  string
	Scopes       []string

	// AuthStyle says how the client credentials travel on token calls:
	// oauth2.AuthStyleInHeader (HTTP Basic; Visma) or
	// oauth2.AuthStyleInParams (form body; Exact, AccountView, Asperion).
	// Set it explicitly: auto-detection tries both on failure, which spends
	// token-endpoint calls that Exact counts.
	AuthStyle oauth2.AuthStyle

	// EarlyRefresh is how long before expiry a token counts as expired.
	// Zero means 30 s.
	EarlyRefresh time.Duration

	// MinAge is how old an access token must be before it may be refreshed
	// (Exact: 570 s of a 600 s token). Until then a token inside the
	// EarlyRefresh margin is still used as it is.
	MinAge time.Duration

	// Store holds the token between runs. Required.
	Store CredentialStore

	// HTTPClient makes the token calls; nil means a client with a 30 s
	// timeout.
	HTTPClient *http.Client

	Observer Observer
	Redactor *Redactor
	Clock    Clock
}

// OAuth is a token source for one connection. Token reuses the access
// token until it is due, refreshes it when it is (one refresh in flight at
// a time), and saves the rotated refresh token in the Store before handing
// out the new access token: providers that rotate refresh tokens (Exact,
// Visma) kill the old one once the new one is used, so a crash between
// using and saving would strand the connection.
type OAuth struct {
	cfg   OAuthConfig
	conf  *oauth2.Config
	hc    *http.Client
	red   *Redactor
	clock Clock

	// sem serialises Token, Exchange and therefore refreshes; a channel
	// rather than a mutex so waiters can give up when their ctx ends.
	sem     chan struct{}
	tok     *oauth2.Token
	unsaved bool

	refreshes atomic.Int64
}

var _ Authorizer = (*OAuth)(nil)

// NewOAuth checks cfg and returns the token source. It registers the
// client secret with the redactor.
func NewOAuth(cfg OAuthConfig) (*OAuth, error) {
	if cfg.Connection == "" {
		return nil, errors.New("oauth: Connection is required")
	}
	if cfg.Store == nil {
		return nil, fmt.Errorf("oauth %q: Store is required", cfg.Connection)
	}
	if cfg.ClientID == "" || cfg.TokenURL == "" {
		return nil, fmt.Errorf("oauth %q: ClientID and TokenURL are required", cfg.Connection)
	}
	for _, raw := range []string{cfg.TokenURL, cfg.AuthURL} {
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("oauth %q: bad URL %q: %v", cfg.Connection, raw, err)
		}
		if err := checkSecureURL(u); err != nil {
			return nil, fmt.Errorf("oauth %q: %w", cfg.Connection, err)
		}
	}
	if cfg.EarlyRefresh == 0 {
		cfg.EarlyRefresh = 30 * time.Second
	}
	o := &OAuth{
		cfg:   cfg,
		red:   redactorOrDefault(cfg.Redactor),
		clock: clockOrSystem(cfg.Clock),
		sem:   make(chan struct{}, 1),
		conf: &oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			Endpoint:     oauth2.Endpoint{AuthURL: cfg.AuthURL, TokenURL: cfg.TokenURL, AuthStyle: cfg.AuthStyle},
			RedirectURL:  cfg.RedirectURL,
			Scopes:       cfg.Scopes,
		},
	}
	o.red.Add(cfg.ClientSecret)
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	cp := *hc
	cp.Transport = ObserveTransport(hc.Transport, cfg.Connection, cfg.Observer, o.red, o.clock)
	o.hc = &cp
	return o, nil
}

// Refreshes counts successful refreshes since NewOAuth.
func (o *OAuth) Refreshes() int { return int(o.refreshes.Load()) }

// Authorize implements Authorizer with "Authorization: Bearer <access>".
func (o *OAuth) Authorize(ctx context.Context, req *http.Request) error {
	tok, err := o.Token(ctx)
	if err != nil {
		return err
	}
	tok.SetAuthHeader(req)
	return nil
}

func (o *OAuth) lock(ctx context.Context) error {
	select {
	case o.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (o *OAuth) unlock() { <-o.sem }

// Token returns an access token that may be used now.
func (o *OAuth) Token(ctx context.Context) (*oauth2.Token, error) {
	if err := o.lock(ctx); err != nil {
		return nil, err
	}
	defer o.unlock()
	if o.unsaved {
		// A refresh succeeded but its save failed: the new refresh token
		// lives only here. Persist it before anything else.
		if err := o.cfg.Store.Save(o.cfg.Connection, o.tok); err != nil {
			return nil, o.saveError(err)
		}
		o.unsaved = false
	}
	if o.tok == nil {
		t, err := o.cfg.Store.Load(o.cfg.Connection)
		if err != nil {
			return nil, o.red.Error(err)
		}
		o.adopt(t)
	}
	if tok, ok, err := o.usable(); ok || err != nil {
		return tok, err
	}
	// Another process sharing the store may have rotated the token
	// already; refreshing with our stale refresh token would fail and, for
	// some providers, revoke the grant.
	if t, err := o.cfg.Store.Load(o.cfg.Connection); err == nil && t.RefreshToken != o.tok.RefreshToken {
		o.adopt(t)
		if tok, ok, err := o.usable(); ok || err != nil {
			return tok, err
		}
	}
	return o.refresh(ctx)
}

func (o *OAuth) adopt(t *oauth2.Token) {
	o.red.Add(t.AccessToken, t.RefreshToken)
	o.tok = t
}

// usable decides whether the held token can be used without a refresh.
func (o *OAuth) usable() (*oauth2.Token, bool, error) {
	t, now := o.tok, o.clock.Now()
	if t.AccessToken == "" {
		return nil, false, nil
	}
	if t.Expiry.IsZero() || now.Before(t.Expiry.Add(-o.cfg.EarlyRefresh)) {
		return cloneToken(t), true, nil
	}
	if o.cfg.MinAge > 0 && t.ExpiresIn > 0 {
		issued := t.Expiry.Add(-time.Duration(t.ExpiresIn) * time.Second)
		if now.Before(issued.Add(o.cfg.MinAge)) {
			if now.Before(t.Expiry) {
				return cloneToken(t), true, nil
			}
			return nil, false, fmt.Errorf("connection %q: access token expired %s after issue, before the minimum age %s for a refresh; lower MinAge",
				o.cfg.Connection, time.Duration(t.ExpiresIn)*time.Second, o.cfg.MinAge)
		}
	}
	return nil, false, nil
}

func (o *OAuth) refresh(ctx context.Context) (*oauth2.Token, error) {
	if o.tok.RefreshToken == "" {
		return nil, fmt.Errorf("connection %q: access token expired and there is no refresh token (run `pipeline auth %s`)", o.cfg.Connection, o.cfg.Connection)
	}
	o.red.Add(o.cfg.ClientSecret)
	issued := o.clock.Now()
	ts := o.conf.TokenSource(o.tokenCtx(ctx), &oauth2.Token{RefreshToken: o.tok.RefreshToken})
	nt, err := ts.Token()
	if err != nil {
		return nil, o.tokenError("refresh", err)
	}
	nt = normaliseToken(nt, issued)
	o.adopt(nt)
	o.refreshes.Add(1)
	if err := o.cfg.Store.Save(o.cfg.Connection, nt); err != nil {
		o.unsaved = true
		return nil, o.saveError(err)
	}
	return cloneToken(nt), nil
}

func (o *OAuth) tokenCtx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, o.hc)
}

func (o *OAuth) saveError(err error) error {
	return fmt.Errorf("connection %q: saving the rotated token failed; it is kept in memory and saved on next use: %w", o.cfg.Connection, o.red.Error(err))
}

// normaliseToken sets Expiry from expires_in against our clock (x/oauth2
// uses the wall clock) and keeps ExpiresIn so that the token's age can be
// worked out after a restart. expires_in may be a number or, as Exact sends
// it, a string of digits.
func normaliseToken(t *oauth2.Token, issued time.Time) *oauth2.Token {
	out := cloneToken(t)
	secs := t.ExpiresIn
	switch v := t.Extra("expires_in").(type) {
	case float64:
		secs = int64(v)
	case int64:
		secs = v
	case json.Number:
		if n, err := v.Int64(); err == nil {
			secs = n
		}
	case string:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			secs = n
		}
	}
	if secs > 0 {
		out.ExpiresIn = secs
		out.Expiry = issued.Add(time.Duration(secs) * time.Second)
	}
	return out
}
