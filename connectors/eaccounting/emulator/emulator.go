package emulator

import (
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Default credentials of the client every emulator accepts unless
// Options.Clients says otherwise.
const (
	DefaultClientID     = "pipeline-emulator"
	DefaultClientSecret = "emulator-secret"
)

// Client is an app registered with the emulator's identity server.
type Client = emukit.Client

// Options configures an Emulator. The zero value gives the default client,
// the built-in seed, real time and Visma's limits.
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
	// rate-limit windows and audit times follow the emulated clock;
	// injected latency and timeouts are real time.
	Now       func() time.Time
	TimeScale float64

	// RateLimit is the calls allowed per client and endpoint per minute:
	// 0 means Visma's 600, a negative value switches the limit off.
	RateLimit int

	// Strict refuses unknown and read-only properties in request bodies
	// with a 400, where Visma's API silently ignores them, to catch
	// mappings that rely on them.
	Strict bool

	// HTTPClient is accepted for the shape every emulator shares; this one
	// makes no outgoing calls (Visma's webhooks are not emulated).
	HTTPClient *http.Client
}

// Emulator is an in-memory Visma eAccounting API v2 with its identity
// server. It is an http.Handler; Server wraps it in a listener. All
// methods are safe for concurrent use.
type Emulator struct {
	opts  Options
	clock *emukit.Clock

	mu sync.Mutex // guards co
	co *company

	front   *emukit.Front
	oauth   *emukit.OAuth
	limits  *emukit.Limiter
	state   emukit.StateFile
	persist *emukit.Saver // nil without Options.StatePath
	closing emukit.Closing
}

// New builds an emulator: from the state file when Options.StatePath names
// one, else from Options.Seed, else from the built-in seed.
func New(opts Options) (*Emulator, error) {
	if opts.Clients == nil {
		opts.Clients = []Client{{ID: DefaultClientID, Secret: DefaultClientSecret}}
	}
	e := &Emulator{
		opts:  opts,
		clock: emukit.NewClock(opts.Now, opts.TimeScale),
		state: emukit.StateFile{Path: opts.StatePath, Version: stateVersion},
	}
	e.front = newFront(e)
	e.oauth = newOAuth(e)
	e.limits = newRateLimiter(opts.RateLimit)
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

// Close releases requests held by timeout faults and saves the state file.
func (e *Emulator) Close() error {
	return e.closing.Close(func() { e.front.Faults.Release() }, e.persist)
}

// withCompany runs fn under the data lock with a transaction on the
// company, then schedules a save when fn changed something.
func (e *Emulator) withCompany(fn func(tx *txn) error) error {
	e.mu.Lock()
	tx := &txn{e: e, c: e.co, now: e.clock.Now()}
	err := fn(tx)
	changed := tx.changed
	e.mu.Unlock()
	if changed && e.persist != nil {
		e.persist.Dirty()
	}
	return err
}
