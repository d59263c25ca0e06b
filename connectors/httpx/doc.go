// Package httpx is the shared toolkit of the HTTP system connectors (Exact
// Online, Visma eAccounting, HubSpot, Asperion, AccountView). It owns what
// every one of them needs to talk to a REST API safely: credentials kept
// outside pipeline files, OAuth2 with rotating refresh tokens, rate limits
// shared per connection, retries that never duplicate a create, paging,
// per-run lookup caches, and observation with secrets removed.
//
// It does not own any system's entities, field mappings, filters, schemas
// or emulators; those live in the connector packages, which import httpx
// and connectors only. httpx itself imports connectors (for RecordError),
// golang.org/x/oauth2, golang.org/x/time/rate and the standard library.
//
// # Plugging in a system
//
// A connector describes its system as data and builds one Client per
// connection:
//
//	store, _ := httpx.NewFileStore("") // ~/.config/pipeline/credentials.json, mode 0600
//	auth, _ := httpx.NewOAuth(httpx.OAuthConfig{
//		Connection: "exact_prod",
//		ClientID:   cfg.ClientID, ClientSecret: secret,
//		AuthURL:    base + "/api/oauth2/auth", TokenURL: base + "/api/oauth2/token",
//		AuthStyle:  oauth2.AuthStyleInParams, // Visma: AuthStyleInHeader
//		MinAge:     570 * time.Second,        // Exact: no refresh before 570 s of 600
//		Store:      store,
//	})
//	client, _ := httpx.New(httpx.Config{
//		Connection: "exact_prod",
//		BaseURL:    base + "/api/v1/" + division,
//		Auth:       auth,
//		Limits: httpx.LimiterConfig{
//			Limits: []httpx.Limit{
//				{Requests: 60, Per: time.Minute, Burst: 10},
//				{Requests: 5000, Per: 24 * time.Hour, Burst: 4000},
//			},
//			Headers: []httpx.HeaderPolicy{
//				httpx.HeaderPair("X-RateLimit-Minutely-Remaining", "X-RateLimit-Minutely-Reset", httpx.ResetEpochMillis, nil),
//				httpx.HeaderPair("X-RateLimit-Remaining", "X-RateLimit-Reset", httpx.ResetEpochMillis, nil),
//			},
//		},
//		ErrorParser: httpx.ODataErrorParser,
//	})
//
// The pieces per system:
//
//   - Auth: NewOAuth for OAuth2 code-flow systems (Exact, Visma, Asperion,
//     AccountView), NewStaticToken for HubSpot private-app tokens. A
//     `pipeline auth <connection>` command uses OAuth.AuthCodeURL,
//     ReceiveCode (or ListenForCode for a chosen port) and OAuth.Exchange.
//   - Limits and scope: quotas as []Limit; Config.Scope or Request.Scope
//     picks the limiter within a connection (Exact per division, Visma per
//     endpoint). Limiters are shared process-wide by LimiterKey.
//   - Header policy: HeaderPair for each remaining/reset header pair the
//     system sends, so the client slows down before the server says no.
//   - Error parser: ODataErrorParser, VismaErrorParser, HubSpotErrorParser,
//     AccountViewErrorParser, or DefaultErrorParser for an undocumented
//     shape. A writer passes a failed create through AsRecordError so that a
//     data error rejects the record and the run goes on.
//   - Pager: NextLinkPager+ODataV2Page (Exact), PageCountPager+VismaPage
//     (Visma, "$page" from 1), CursorPager+HubSpotPage (HubSpot, "after"),
//     ShortPagePager or LastKeyPager+TablePage (AccountView). A reader
//     calls Pager.Next until io.EOF.
//   - Creates: set Request.Verify to a lookup by natural key; a POST whose
//     outcome is unknown is then either confirmed (Response.ConfirmedByLookup)
//     or retried, never blindly repeated.
//   - Lookups: one Lookup per run and entity (customer by email, item by
//     code), so each key costs one call.
//
// # Connector plumbing
//
// What the OAuth connectors' specs and dials did alike lives here too:
// DialOAuth builds the token source over the credentials file (the client
// secret falling back to the one `pipeline auth` stored, NewStoredOAuth)
// and the API client that uses it, both observed through
// ExchangeObserver; ConfigAs, Opened, Production and AuthorizeWith are the
// frame of a spec's NewReader, NewWriter and Authorize; CredentialsPath and
// RequestTimeout resolve the config's file and timeout.
//
// # Guarantees
//
// Plain http is refused except to loopback hosts, so emulators work and
// credentials never cross a network in clear text; next-page links to
// another host are refused. A rotated refresh token is in the store before
// its access token is used. Errors and observed exchanges pass through a
// Redactor: Authorization headers, token and secret fields, OAuth codes and
// every registered secret value are replaced by [REDACTED]. All waiting goes
// through a Clock, so tests run on a VirtualClock without sleeping.
package httpx
