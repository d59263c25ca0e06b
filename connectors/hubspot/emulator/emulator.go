package emulator

import (
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Default credentials every emulator accepts unless Options says
// otherwise. HubSpot client ids and secrets are UUIDs; private-app tokens
// start with "pat-" and the data-centre region.
const (
	DefaultClientID     = "5f1d6a2e-0c3b-4e7a-9d21-000000000001"
	DefaultClientSecret = "9b8c7d6e-5f4a-4b3c-8d2e-emulatorsecret"
	// DefaultAppID is the numeric id of the default OAuth app, as the
	// webhooks API and webhook events name it.
	DefaultAppID int64 = 1000001
	// DefaultPrivateAppToken is the static token of the default private app.
	DefaultPrivateAppToken = "pat-eu1-00000000-0000-4000-8000-000000000001"
	// DefaultDeveloperAPIKey authenticates the webhooks settings API
	// (?hapikey=), which HubSpot keys to the developer account.
	DefaultDeveloperAPIKey = "emulator-developer-key"
)

// Client is an OAuth app registered with the emulator.
type Client struct {
	ID     string
	Secret string
	// AppID is the app's numeric id (0: DefaultAppID for the first client,
	// then the next numbers).
	AppID int64
	// RedirectURIs lists the accepted redirect_uri values; empty accepts
	// any, which suits local tools whose callback port changes per run.
	RedirectURIs []string
}

// PrivateApp is a private app installed in the portal: its static token
// and the scopes it was given (nil: every scope).
type PrivateApp struct {
	Token  string
	Scopes []string
}

// Options configures an Emulator. The zero value gives the default OAuth
// client and private app, the built-in seed, real time and HubSpot's limits.
type Options struct {
	// Clients are the OAuth apps; nil means just the default client.
	Clients []Client
	// PrivateApps are the private-app tokens; nil means just the default.
	PrivateApps []PrivateApp

	// Seed is read once at start (see LoadSeed); nil loads the built-in
	// seed. It is ignored when StatePath names an existing state file.
	Seed io.Reader

	// StatePath, when set, is where the state is kept across runs: loaded
	// at start if present, saved atomically shortly after each change and
	// on Close.
	StatePath string

	// Now replaces the clock. TimeScale (when Now is nil and TimeScale > 0)
	// makes emulated time run that many times faster than real time: 100
	// turns the ten-second window into 100 ms. Token lifetimes, rate-limit
	// windows, timestamps and webhook signatures follow the emulated clock;
	// injected latency and timeouts are real time.
	Now       func() time.Time
	TimeScale float64

	// Rate limits; 0 means HubSpot's figure, a negative value switches the
	// limit off. TenSecondLimit is the private apps' calls per rolling ten
	// seconds (100, the Free/Starter figure), OAuthTenSecondLimit an OAuth
	// app's (110 per installing account), DailyLimit the portal's private-app
	// calls per day in its time zone (250,000), SearchLimit the search calls
	// per second per token (4).
	TenSecondLimit      int
	OAuthTenSecondLimit int
	DailyLimit          int
	SearchLimit         int

	// DeveloperAPIKey authenticates /webhooks/v3; "" uses
	// DefaultDeveloperAPIKey.
	DeveloperAPIKey string

	// HTTPClient delivers webhooks; nil uses a client with a 10 s timeout.
	HTTPClient *http.Client
}

// Emulator is an in-memory HubSpot portal behind the CRM API. It is an
// http.Handler; Server wraps it in a listener. All methods are safe for
// concurrent use.
type Emulator struct {
	opts  Options
	clock *emukit.Clock
	apps  []Client // Options.Clients with their app ids filled in

	mu sync.Mutex // guards p
	p  *portal

	front   *emukit.Front
	oauth   *emukit.OAuth
	limits  *rateLimits
	hooks   *webhookSender
	state   emukit.StateFile
	persist *emukit.Saver // nil without Options.StatePath
	closing emukit.Closing
}

// New builds an emulator: from the state file when Options.StatePath names
// one, else from Options.Seed, else from the built-in seed.
func New(opts Options) (*Emulator, error) {
	if opts.Clients == nil {
		opts.Clients = []Client{{ID: DefaultClientID, Secret: DefaultClientSecret, AppID: DefaultAppID}}
	}
	if opts.PrivateApps == nil {
		opts.PrivateApps = []PrivateApp{{Token: DefaultPrivateAppToken}}
	}
	if opts.DeveloperAPIKey == "" {
		opts.DeveloperAPIKey = DefaultDeveloperAPIKey
	}
	e := &Emulator{
		opts:  opts,
		clock: emukit.NewClock(opts.Now, opts.TimeScale),
		state: emukit.StateFile{Path: opts.StatePath, Version: stateVersion},
	}
	next := DefaultAppID
	for _, c := range opts.Clients {
		if c.AppID == 0 {
			c.AppID = next
		}
		next = c.AppID + 1
		e.apps = append(e.apps, c)
	}
	e.front = newFront(e)
	e.oauth = newOAuth(e)
	e.limits = newRateLimits(opts)
	e.hooks = newWebhookSender(opts.HTTPClient)
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

// PortalID is the id of the emulated HubSpot account (hub id).
func (e *Emulator) PortalID() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.p.info.ID
}

// Close stops background work, waits for webhook deliveries in flight,
// releases requests held by timeout faults and saves the state file.
func (e *Emulator) Close() error {
	return e.closing.Close(func() {
		e.front.Faults.Release()
		e.hooks.wait()
	}, e.persist)
}

// app returns the OAuth app with client id.
func (e *Emulator) app(clientID string) (Client, bool) {
	for _, c := range e.apps {
		if c.ID == clientID {
			return c, true
		}
	}
	return Client{}, false
}

// withPortal runs fn under the data lock with a transaction, queues the
// webhook deliveries of what fn changed (still under the lock, so they
// keep the order of the changes) and schedules a save. fn's changes stick even when it fails
// part-way, as a batch's successful inputs do in HubSpot.
func (e *Emulator) withPortal(fn func(tx *txn) error) error {
	e.mu.Lock()
	tx := &txn{e: e, p: e.p, now: e.clock.Now()}
	err := fn(tx)
	if len(tx.events) > 0 {
		e.deliver(tx.events)
	}
	changed := tx.changed
	e.mu.Unlock()
	if changed && e.persist != nil {
		e.persist.Dirty()
	}
	return err
}
