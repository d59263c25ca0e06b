package emulator

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Europe/Amsterdam must load on machines without zoneinfo

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Default credentials of the app every emulator accepts unless
// Options.Clients says otherwise. They are the emulator's own, not real
// ones.
const (
	DefaultClientID     = "pipeline-emulator"
	DefaultClientSecret = "emulator-secret"
)

// Client is an app registered with the emulator.
type Client = emukit.Client

// Options configures an Emulator. The zero value gives the default client,
// the built-in seed, real time and the assumed rate limit.
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
	// makes emulated time run that many times faster than real time.
	// Tokens and rate-limit windows follow the emulated clock; injected
	// latency and timeouts are real time.
	Now       func() time.Time
	TimeScale float64

	// MinuteLimit is the number of data calls allowed per app and company
	// per minute: 0 means the assumed 300 (AccountView publishes no limit),
	// a negative value switches the limit off.
	MinuteLimit int

	// SingleRowAsObject renders a table with exactly one row as an object
	// instead of a one-element array, the quirk [AV-PHP] guards against
	// (unverified; off by default).
	SingleRowAsObject bool

	// HTTPClient is unused: AccountView has no webhooks. It is accepted so
	// that every emulator takes the same options.
	HTTPClient *http.Client
}

// Emulator is an in-memory AccountView Web API v3. It is an http.Handler;
// Server wraps it in a listener. All methods are safe for concurrent use.
type Emulator struct {
	opts  Options
	clock *emukit.Clock
	loc   *time.Location

	mu        sync.Mutex // guards companies and order
	companies map[string]*company
	order     []string // company ids in listing order

	front   *emukit.Front
	oauth   *emukit.OAuth
	limits  *emukit.Limiter
	state   emukit.StateFile
	persist *emukit.Saver
	closing emukit.Closing
}

// New builds an emulator: from the state file when Options.StatePath names
// one, else from Options.Seed, else from the built-in seed.
func New(opts Options) (*Emulator, error) {
	if opts.Clients == nil {
		opts.Clients = []Client{{ID: DefaultClientID, Secret: DefaultClientSecret}}
	}
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, fmt.Errorf("time zone: %w", err)
	}
	e := &Emulator{
		opts:      opts,
		clock:     emukit.NewClock(opts.Now, opts.TimeScale),
		loc:       loc,
		companies: map[string]*company{},
		state:     emukit.StateFile{Path: opts.StatePath, Version: stateVersion},
	}
	e.front = newFront(e)
	e.oauth = newOAuth(e)
	e.limits = newRateLimiter(opts.MinuteLimit)
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

// Location is the companies' time zone: datetimes are local to it.
func (e *Emulator) Location() *time.Location { return e.loc }

// Company is an administration as GET /companies lists it.
type Company struct {
	ID          string `json:"Id"`
	Description string `json:"Description"`
	Code        string `json:"Code"`
}

// Companies lists the administrations in listing order.
func (e *Emulator) Companies() []Company {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Company, 0, len(e.order))
	for _, id := range e.order {
		c := e.companies[id]
		out = append(out, Company{ID: c.ID, Description: c.Description, Code: c.Code})
	}
	return out
}

// Close releases requests held by faults and saves the state file.
func (e *Emulator) Close() error {
	return e.closing.Close(func() { e.front.Faults.Release() }, e.persist)
}

// company returns the administration an X-Company header names; ids are
// matched without regard to case.
func (e *Emulator) company(id string) *company {
	return e.companies[strings.ToLower(strings.TrimSpace(id))]
}

// dirty schedules a save of the state file.
func (e *Emulator) dirty() {
	if e.persist != nil {
		e.persist.Dirty()
	}
}
