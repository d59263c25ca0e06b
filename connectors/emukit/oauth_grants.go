package emukit

import (
	"fmt"
	"net/http"
	"time"
)

// OAuthState is the persistent part of an OAuth server, so that a
// restarted emulator still accepts the refresh token a connector kept.
type OAuthState struct {
	Codes   map[string]*CodeRecord    `json:"codes"`
	Access  map[string]*AccessRecord  `json:"access"`
	Refresh map[string]*RefreshRecord `json:"refresh"`
}

// CodeRecord is an authorization code waiting to be exchanged.
type CodeRecord struct {
	Client, Redirect string
	Expires          time.Time
	Scopes           []string `json:",omitempty"`
}

// AccessRecord is an issued access token.
type AccessRecord struct {
	Client  string
	Expires time.Time
	Scopes  []string `json:",omitempty"`
}

// RefreshRecord is an issued refresh token.
type RefreshRecord struct {
	Client        string
	Parent        string    // the refresh token this one replaced
	Expires       time.Time // zero: never
	AccessExpires time.Time // expiry of the access token issued with it
	Revoked       bool
	Scopes        []string `json:",omitempty"`
}

// State returns a copy of the codes and tokens, for a state file.
func (o *OAuth) State() OAuthState {
	o.mu.Lock()
	defer o.mu.Unlock()
	return copyState(o.st)
}

// SetState replaces the codes and tokens, from a state file.
func (o *OAuth) SetState(st OAuthState) {
	c := copyState(st)
	o.mu.Lock()
	o.st = c
	o.mu.Unlock()
}

func copyState(st OAuthState) OAuthState {
	out := OAuthState{Codes: map[string]*CodeRecord{}, Access: map[string]*AccessRecord{},
		Refresh: map[string]*RefreshRecord{}}
	for k, v := range st.Codes {
		c := *v
		out.Codes[k] = &c
	}
	for k, v := range st.Access {
		c := *v
		out.Access[k] = &c
	}
	for k, v := range st.Refresh {
		c := *v
		out.Refresh[k] = &c
	}
	return out
}

// Exchange trades an authorization code for tokens. A code is single use,
// even when the exchange fails.
func (o *OAuth) Exchange(clientID, code, redirect string) (Tokens, *OAuthError) {
	o.mu.Lock()
	defer o.mu.Unlock()
	ac, ok := o.st.Codes[code]
	delete(o.st.Codes, code)
	now := o.cfg.Now()
	switch {
	case !ok:
		return Tokens{}, grantError(ReasonCodeUnknown, "unknown or already used authorization code")
	case now.After(ac.Expires):
		return Tokens{}, grantError(ReasonCodeExpired, "authorization code expired")
	case ac.Client != clientID || ac.Redirect != redirect:
		return Tokens{}, grantError(ReasonCodeMismatch, "client_id or redirect_uri differ from the authorization request")
	}
	return o.issue(clientID, ac.Scopes, "", now), nil
}

// Refresh trades a refresh token for new tokens under the rotation policy.
func (o *OAuth) Refresh(clientID, token string) (Tokens, *OAuthError) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.cfg.Now()
	rt, ok := o.st.Refresh[token]
	ttl, minAge := o.cfg.AccessTTL, o.cfg.MinRefreshAge
	switch {
	case !ok || rt.Client != clientID || (!rt.Expires.IsZero() && now.After(rt.Expires)):
		return Tokens{}, grantError(ReasonRefreshUnknown, "unknown or expired refresh token")
	case rt.Revoked:
		return Tokens{}, grantError(ReasonRefreshUsed, "refresh token already used")
	case minAge > 0 && now.Before(rt.AccessExpires.Add(minAge-ttl)):
		return Tokens{}, &OAuthError{Status: http.StatusBadRequest, Code: "invalid_request", Reason: ReasonTooEarly,
			Description: fmt.Sprintf("the access token may only be refreshed in the last %d seconds of its %d seconds",
				int((ttl-minAge)/time.Second), int(ttl/time.Second))}
	}
	switch o.cfg.Rotation {
	case RotateImmediately:
		rt.Revoked = true
	case RotateNever:
		o.purge(now)
		at := o.cfg.NewToken()
		o.st.Access[at] = &AccessRecord{Client: clientID, Expires: now.Add(ttl), Scopes: rt.Scopes}
		rt.AccessExpires = now.Add(ttl)
		return Tokens{AccessToken: at, RefreshToken: token, ExpiresIn: int(ttl / time.Second), Scopes: rt.Scopes}, nil
	default: // RotateOnSuccessorUse: using this token kills the one it replaced.
		if p, ok := o.st.Refresh[rt.Parent]; ok {
			p.Revoked = true
		}
	}
	return o.issue(clientID, rt.Scopes, token, now), nil
}

// issue makes an access token and, when the scopes allow, a refresh
// token; o.mu is held.
func (o *OAuth) issue(client string, scopes []string, parent string, now time.Time) Tokens {
	o.purge(now)
	ttl := o.cfg.AccessTTL
	at := o.cfg.NewToken()
	o.st.Access[at] = &AccessRecord{Client: client, Expires: now.Add(ttl), Scopes: scopes}
	t := Tokens{AccessToken: at, ExpiresIn: int(ttl / time.Second), Scopes: scopes}
	if o.cfg.OfflineScope == "" || contains(scopes, o.cfg.OfflineScope) {
		rt := o.cfg.NewToken()
		var expires time.Time
		if o.cfg.RefreshTTL > 0 {
			expires = now.Add(o.cfg.RefreshTTL)
		}
		o.st.Refresh[rt] = &RefreshRecord{Client: client, Parent: parent, Expires: expires,
			AccessExpires: now.Add(ttl), Scopes: scopes}
		t.RefreshToken = rt
	}
	return t
}

// purge drops expired codes and tokens so that a long-running emulator
// does not grow; it runs on each issue, which real systems limit to a few
// a day. Refresh tokens without expiry stay.
func (o *OAuth) purge(now time.Time) {
	for k, c := range o.st.Codes {
		if now.After(c.Expires) {
			delete(o.st.Codes, k)
		}
	}
	for k, a := range o.st.Access {
		if now.After(a.Expires) {
			delete(o.st.Access, k)
		}
	}
	for k, r := range o.st.Refresh {
		if !r.Expires.IsZero() && now.After(r.Expires) {
			delete(o.st.Refresh, k)
		}
	}
}
