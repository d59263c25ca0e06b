package httpx

import (
	"net/url"
	"sync/atomic"
)

// Call is one attempt of a request as the call hook sees it: no URL path,
// header or body, so nothing secret can leak through it.
type Call struct {
	Connection string
	Host       string
	// Status is the HTTP status, 0 when no response arrived.
	Status int
}

var callHook atomic.Pointer[func(Call)]

// SetCallHook makes every Client in the process report each attempt to f
// (pipeline serve counts API calls and 429s per system with it); nil
// switches it off. Unlike an Observer it costs no body copy, and it is
// process-wide because connectors build their own Clients.
func SetCallHook(f func(Call)) {
	if f == nil {
		callHook.Store(nil)
		return
	}
	callHook.Store(&f)
}

func reportCall(conn string, u *url.URL, status int) {
	if f := callHook.Load(); f != nil {
		(*f)(Call{Connection: conn, Host: u.Host, Status: status})
	}
}
