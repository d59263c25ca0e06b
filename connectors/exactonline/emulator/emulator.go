package emulator

import (
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Default credentials of the client every emulator accepts unless
// Options.Clients says otherwise. Exact client ids are GUIDs.
const (
	DefaultClientID     = "7c5b7c8e-3b7a-4f0e-9f3c-000000000001"
	DefaultClientSecret = "emulator-secret"
	// DefaultWebhookSecret signs webhook payloads unless
	// Options.WebhookSecret is set.
	DefaultWebhookSecret = "emulator-webhook-secret"
)

// Client is an app registered with the emulator.
type Client struct {
	ID     string
	Secret string
	// RedirectURIs lists the accepted redirect_uri values; empty accepts
	// any, which suits local tools whose callback port changes per run.
	RedirectURIs []string
}

// Options configures an Emulator. The zero value gives the default client,
// the built-in seed, real time and Exact's limits.
type Options struct {
	// Clients are the registered apps; nil means just the default client.
	Clients []Client

	// Seed is read once at start (see LoadSeed); nil loads the built-in
	// seed. It is ignored when StatePath names an existing state file.
	Seed io.Reader

	// StatePath, when set, is where the state is kept across runs: loaded
	// at start if present, saved atomically shortly after each change and
	// on Close.
	StatePath string

	// Now replaces the clock. TimeScale (when Now is nil and TimeScale > 0)
	// makes emulated time run that many times faster than real time from
	// the moment of New: 600 turns a minute into 100 ms. Token lifetimes,
	// authorization codes and rate-limit windows follow the emulated clock;
	// injected latency and timeouts are real time.
	Now       func() time.Time
	TimeScale float64

	// MinuteLimit and DayLimit are the calls allowed per (client, division)
	// per minute and per day: 0 means Exact's 60 and 5,000, a negative
	// value switches that limit off.
	MinuteLimit, DayLimit int

	// StrictRefresh refuses a refresh while the current access token has
	// more than 30 s to live (Exact's rule: refresh only after 570 s).
	StrictRefresh bool

	// RejectReadOnly turns writes of read-only properties into 400 errors
	// instead of Exact's silent ignore, to catch mappings that rely on them.
	RejectReadOnly bool

	// WebhookSecret signs webhook payloads; "" uses DefaultWebhookSecret.
	WebhookSecret string

	// HTTPClient delivers webhooks; nil uses a client with a 10 s timeout.
	HTTPClient *http.Client

	// FaultReset is when an injected 429 says the minute resets; 0 means a
	// minute from now, as a real exhausted minute would. Crash and fault
	// tests shorten it so a burst of 429s costs seconds, not minutes.
	FaultReset time.Duration
}

// Emulator is an in-memory Exact Online REST API v1. It is an http.Handler;
// Server wraps it in a listener. All methods are safe for concurrent use.
type Emulator struct {
	opts  Options
	clock *emukit.Clock
	user  user

	mu       sync.Mutex // guards divs and divOrder
	divs     map[int]*division
	divOrder []int

	front   *emukit.Front // admin endpoints, counters and faults
	oauth   *emukit.OAuth
	limits  *emukit.Limiter
	hooks   *webhookSender
	state   emukit.StateFile
	persist *emukit.Saver // nil without Options.StatePath
	closing emukit.Closing
}

// user is the single user the emulator knows; every token belongs to it.
type user struct {
	ID, FullName, UserName, Email string
}

// New builds an emulator: from the state file when Options.StatePath names
// one, else from Options.Seed, else from the built-in seed.
func New(opts Options) (*Emulator, error) {
	if opts.Clients == nil {
		opts.Clients = []Client{{ID: DefaultClientID, Secret: DefaultClientSecret}}
	}
	if opts.WebhookSecret == "" {
		opts.WebhookSecret = DefaultWebhookSecret
	}
	e := &Emulator{
		opts:  opts,
		clock: emukit.NewClock(opts.Now, opts.TimeScale),
		user:  user{ID: "5f3a1c2e-7d4b-4e8a-9c1f-0a1b2c3d4e5f", FullName: "Emulator User", UserName: "emulator@example.com", Email: "emulator@example.com"},
		divs:  map[int]*division{},
		state: emukit.StateFile{Path: opts.StatePath, Version: stateVersion},
	}
	e.front = newFront(e)
	e.oauth = newOAuth(e)
	e.limits = newRateLimiter(opts.MinuteLimit, opts.DayLimit)
	e.hooks = newWebhookSender(opts.HTTPClient, opts.WebhookSecret)
	persist, err := emukit.Boot{StatePath: opts.StatePath, LoadState: e.loadState, Seed: opts.Seed, BuiltinSeed: defaultSeedReader,
		LoadSeed: e.LoadSeed, SaveState: e.saveState, SaveEvery: saveInterval}.Start()
	if err != nil {
		return nil, err
	}
	e.persist = persist
	return e, nil
}

// Now is the emulator's clock, for tests that need to agree with it.
func (e *Emulator) Now() time.Time { return e.clock.Now() }

// Divisions lists the division codes, the current one first.
func (e *Emulator) Divisions() []int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]int(nil), e.divOrder...)
}

// Close stops background work, waits for webhook deliveries in flight,
// releases requests held by timeout faults and saves the state file.
func (e *Emulator) Close() error {
	return e.closing.Close(func() {
		e.front.Faults.Release()
		e.hooks.wait()
	}, e.persist)
}

// withDivision runs fn under the data lock with a transaction on division
// code, then saves and delivers what fn changed.
func (e *Emulator) withDivision(code int, client, base string, fn func(tx *txn) error) error {
	e.mu.Lock()
	d, ok := e.divs[code]
	if !ok {
		e.mu.Unlock()
		return errf(http.StatusForbidden, "Forbidden: division %d is not accessible", code)
	}
	tx := &txn{e: e, d: d, now: e.clock.Now(), client: client, base: base}
	err := fn(tx)
	events := tx.events
	changed := tx.changed
	e.mu.Unlock()
	if changed && e.persist != nil {
		e.persist.Dirty()
	}
	if err == nil && len(events) > 0 {
		e.deliver(code, client, events)
	}
	return err
}
