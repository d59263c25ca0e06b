package emulator

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// HubSpot's limits (our facts): private apps 100 calls per rolling ten
// seconds on Free/Starter with 250,000 a day; OAuth apps 110 per ten
// seconds per installing account; search 4 calls a second per token.
const (
	defaultTenSecondLimit      = 100
	defaultOAuthTenSecondLimit = 110
	defaultDailyLimit          = 250000
	defaultSearchPerSecond     = 4
	tenSeconds                 = 10 * time.Second
)

// rateLimits holds the windows. Private apps share one ten-second window
// per portal and the daily window; each OAuth app has its own ten-second
// window and no daily one; search has a per-second window per token and
// stays out of the ten-second ones. secondly only feeds the informational
// X-HubSpot-RateLimit-Secondly headers and never refuses a call.
type rateLimits struct {
	private, oauth, daily, search, secondly *emukit.Limiter
	tenPrivate, tenOAuth, day               int
}

func limitOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func newRateLimits(o Options) *rateLimits {
	l := &rateLimits{
		tenPrivate: limitOr(o.TenSecondLimit, defaultTenSecondLimit),
		tenOAuth:   limitOr(o.OAuthTenSecondLimit, defaultOAuthTenSecondLimit),
		day:        limitOr(o.DailyLimit, defaultDailyLimit),
	}
	l.private = emukit.NewLimiter(emukit.Window{Name: "ten", Kind: emukit.RollingWindow, Length: tenSeconds, Limit: l.tenPrivate})
	l.oauth = emukit.NewLimiter(emukit.Window{Name: "ten", Kind: emukit.RollingWindow, Length: tenSeconds, Limit: l.tenOAuth})
	// The daily key carries the portal's local date, so a window of a
	// little over a day never rolls within its key: the count resets at
	// local midnight.
	l.daily = emukit.NewLimiter(emukit.Window{Name: "day", Kind: emukit.FixedWindow, Length: 25 * time.Hour, Limit: l.day})
	l.search = emukit.NewLimiter(emukit.Window{Name: "second", Kind: emukit.RollingWindow, Length: time.Second,
		Limit: limitOr(o.SearchLimit, defaultSearchPerSecond)})
	l.secondly = emukit.NewLimiter(emukit.Window{Name: "second", Kind: emukit.RollingWindow, Length: time.Second, Limit: 1 << 30})
	return l
}

// allow counts one call of c and sets HubSpot's headers on h; it returns
// the 429 to answer when a window is full. Search calls carry no
// rate-limit headers, as HubSpot's do not.
func (e *Emulator) allow(h http.Header, c caller, search bool) error {
	now := e.clock.Now()
	e.mu.Lock()
	info, loc := e.p.info, e.p.loc
	e.mu.Unlock()
	l := e.limits
	portal := strconv.FormatInt(info.ID, 10)
	app, _ := e.app(c.grant.Client)
	tenKey, group := "oauth|"+c.grant.Client, "publicapi:app-"+strconv.FormatInt(app.AppID, 10)+"-ten-secondly-rolling:"+portal
	ten, tenMax := l.oauth, l.tenOAuth
	if c.private {
		tenKey, group, ten, tenMax = "private", "publicapi:private-apps-ten-secondly-rolling:"+portal, l.private, l.tenPrivate
	}
	if search {
		if d := l.search.Take("search|"+c.token, now); !d.Allowed {
			return rateError("SECONDLY", "secondly", "publicapi:search-secondly:"+portal)
		}
	} else {
		d := ten.Take(tenKey, now)
		s := l.secondly.Take(tenKey, now)
		if w, ok := d.Window("ten"); ok {
			used := (1 << 30) - s.Windows[0].Remaining
			perSecond := (tenMax + 9) / 10
			h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", strconv.Itoa(int(tenSeconds/time.Millisecond)))
			h.Set("X-HubSpot-RateLimit-Max", strconv.Itoa(w.Limit))
			h.Set("X-HubSpot-RateLimit-Remaining", strconv.Itoa(w.Remaining))
			h.Set("X-HubSpot-RateLimit-Secondly", strconv.Itoa(perSecond))
			h.Set("X-HubSpot-RateLimit-Secondly-Remaining", strconv.Itoa(max(perSecond-used, 0)))
		}
		if !d.Allowed {
			return rateError("TEN_SECONDLY_ROLLING", "ten_secondly_rolling", group)
		}
	}
	if !c.private {
		return nil
	}
	// Only private-app calls count against the daily limit (searches
	// too) and show its headers (HubSpot leaves them out of OAuth calls).
	d := l.daily.Take("day|"+now.In(loc).Format(dateLayout), now)
	if w, ok := d.Window("day"); ok && !search {
		h.Set("X-HubSpot-RateLimit-Daily", strconv.Itoa(w.Limit))
		h.Set("X-HubSpot-RateLimit-Daily-Remaining", strconv.Itoa(w.Remaining))
	}
	if !d.Allowed {
		return rateError("DAILY", "daily", "publicapi:private-apps-daily:"+portal)
	}
	return nil
}

// rateError is HubSpot's 429 body: {"status":"error","message":"You have
// reached your secondly limit.","errorType":"RATE_LIMIT","policyName":…}.
func rateError(policy, words, group string) *apiError {
	e := errf(http.StatusTooManyRequests, catRateLimits, "You have reached your %s limit.", words)
	e.PolicyName, e.GroupName = policy, group
	return e
}
