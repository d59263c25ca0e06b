package httpx

import (
	"fmt"
	"net"
	"net/url"
)

// CheckURL validates a base or redirect URL from a connector's settings:
// absolute, https, or plain http only to this machine (emulators, the
// loopback redirect of `pipeline auth`). name is the setting's name, for
// the message.
func CheckURL(name, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%s %q is not an absolute URL", name, raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if IsLoopbackURL(raw) {
			return nil
		}
	}
	return fmt.Errorf("%s %q: use https (plain http only to 127.0.0.1 or localhost)", name, raw)
}

// IsLoopbackURL reports whether raw points at this machine. Settings that
// would break a real system's rules (more calls than its limit) are allowed
// only against such a host: an emulator.
func IsLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
