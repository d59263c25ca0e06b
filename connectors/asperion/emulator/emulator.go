package emulator

import (
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Default credentials of the client every emulator accepts unless
// Options.Clients says otherwise. Asperion issues client ids to API
// partners; their format is unknown, so these are plain strings.
const (
	DefaultClientID     = "pipeline-asperion-emulator"
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
	// makes emulated time run that many times faster than real time from
	// the moment of New. Token lifetimes, authorization codes and the
	// rate-limit window follow the emulated clock; injected latency and
	// timeouts are real time.
	Now       func() time.Time
	TimeScale float64

	// MinuteLimit is the number of calls allowed per (client,
	// administration) per minute: 0 means the assumed 100, a negative
	// value switches the limit off.
	MinuteLimit int

	// RequireTenant answers 400 to API calls without a tenant header
	// instead of using the user's default administration.
	RequireTenant bool

	// Strict turns unknown and read-only members of a POST or PUT body
	// into 400 errors, where ASP.NET would ignore them, to catch mappings
	// that rely on them.
	Strict bool

	// HTTPClient is accepted for symmetry with the other emulators, which
	// deliver webhooks with it; Asperion has no known webhooks, so it is
	// unused.
	HTTPClient *http.Client
}

// Emulator is an in-memory Asperion API with its identity server. It is an
// http.Handler; Server wraps it in a listener. All methods are safe for
// concurrent use.
type Emulator struct {
	opts  Options
	clock *emukit.Clock

	mu   sync.Mutex // guards data
	data *data

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
		data:  newData(),
		state: emukit.StateFile{Path: opts.StatePath, Version: stateVersion},
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

// Administrations lists the administration ids, the user's default one
// first.
func (e *Emulator) Administrations() []int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]int64(nil), e.data.order...)
}

// Close releases requests held by faults and saves the state file.
func (e *Emulator) Close() error {
	return e.closing.Close(func() { e.front.Faults.Release() }, e.persist)
}

// dirty schedules a save of the state file. The saver takes the data lock
// itself, in its own goroutine, so calling this with the lock held is safe.
func (e *Emulator) dirty() {
	if e.persist != nil {
		e.persist.Dirty()
	}
}
