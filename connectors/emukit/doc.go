// Package emukit is the system-independent machinery of the API emulators
// under connectors/<system>/emulator: the parts every emulator needs and
// no real system defines. A system emulator owns its routes, its data, its
// server-side rules, its error bodies and headers; emukit owns the rest
// and lets the system plug in its dialect through function fields.
//
// It owns:
//   - Front: the /__emulator/ admin endpoints (counts, faults, plus any the
//     system adds), request counters keyed by "METHOD route", and fault
//     injection (latency, 429, 500, 503, timeout, created-then-500) scoped
//     by path prefix and method, with timeouts released on Close.
//   - Clock: real, scaled (TimeScale) or injected time; ManualClock for tests.
//   - Limiter: fixed, clock-aligned and rolling rate-limit windows per key;
//     the system writes the headers and the 429 body from its Decision.
//   - OAuth: authorization-code and refresh-token grants with a rotation
//     policy, lifetimes, optional minimum refresh age, scopes, an offline
//     scope, static tokens, and the bearer check of API calls.
//   - Server: the handler on a loopback TCP port, with graceful Close.
//   - StateFile and Saver: a versioned JSON state file written atomically,
//     loaded on start and saved in the background after changes.
//   - Seed: reading a seed document of entity rows.
//   - odata (a package of its own): the $filter lexer and parser of the
//     OData-style emulators, each plugging in its dialect.
//
// It does not own anything a real system decides: paths, payloads, error
// and token-response formats, rate-limit headers, data and its rules,
// webhooks and their signatures. It imports the standard library only.
//
// # Assembling a system emulator
//
// A new emulator (say connectors/hubspot/emulator) follows the Exact one:
//
//  1. Options carry Now and TimeScale; New makes clock := NewClock(opts.Now,
//     opts.TimeScale) and uses clock.Now wherever time matters.
//  2. The router is an ordinary func(w, r) that serves the system's paths.
//     Wrap it: e.front = NewFront(http.HandlerFunc(e.route), FrontConfig{
//     Route, WriteError, FaultHeaders, Admin}). Route maps a raw path to
//     its template ("/crm/v3/objects/contacts/{id}") so counters and fault
//     scopes are stable; WriteError writes the system's error body;
//     FaultHeaders adds, say, rate-limit headers to an injected 429; Admin
//     adds "/__emulator/seed". ServeHTTP calls e.front.ServeHTTP, and
//     Counts, ResetCounts, InjectFault, ClearFaults and Faults delegate to
//     e.front.Counters and e.front.Faults. A created-then-500 fault needs no
//     help: the Front runs the router with a discarding writer, so the
//     write sticks, and then answers 500 through WriteError.
//  3. e.oauth = NewOAuth(OAuthConfig{...}) with the system's lifetimes,
//     Rotation (Exact: RotateOnSuccessorUse; Visma: RotateImmediately with
//     OfflineScope "offline_access" and Scopes; HubSpot: RotateNever plus
//     StaticTokens for private apps), NewToken for the token look, and
//     WriteTokens/WriteError for the token response quirks (Exact sends
//     expires_in as a string). Route the system's authorize and token paths
//     to ServeAuthorize and ServeToken (or build a token endpoint from
//     CheckClient, Exchange and Refresh), and call Authenticate at the top
//     of each API call, turning ErrNoToken, ErrUnknownToken and
//     ErrTokenExpired into the system's 401; check Grant.HasScope for
//     per-operation scopes.
//  4. e.limits = NewLimiter(Window{...}, ...) with the system's windows in
//     checking order; per call, d := e.limits.Take(key, clock.Now()), write
//     the system's headers from d.Windows / d.Window(name) and answer 429
//     in the system's words unless d.Allowed.
//  5. For a state file: state := StateFile{Path, Version}; load with
//     state.Load(&body) in New before seeding, save with state.Marshal
//     (under the data lock) and state.Write (after it), and run that save
//     from NewSaver(save, interval); call Dirty after each change and
//     Close from the emulator's Close, after Faults.Release.
//  6. LoadSeed(r): doc := ReadSeed(r), doc.CheckNames(entities, settings…),
//     then doc.Rows(name) per entity in dependency order, each row through
//     the same rules as an API write.
//  7. The exported Server type embeds *Emulator and an emukit.Server
//     {Handler: e, Release: e.front.Faults.Release}; its Close closes the
//     emukit.Server first and the emulator second.
package emukit
