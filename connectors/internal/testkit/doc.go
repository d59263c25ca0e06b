// Package testkit is the fixture kit the HTTP connectors' own tests share
// (Exact Online, Visma eAccounting, Asperion, AccountView, HubSpot): an
// emulator served on loopback whose clock is the connector's virtual clock,
// a credentials file holding a token the emulator issued, connector options
// that record every exchange, opening readers and writers that fail the
// test on error, seeds extended with extra rows, the consent-flow driver
// and the refresh-token rotation scenario of the auth tests, and the
// config-error and write-read-back checks of the spec tests.
//
// It owns no system's knowledge: each connector keeps a thin fixture of its
// own (seed ids, record builders, the emulator's count keys) over these
// pieces. The conformance checks every connector must pass live in
// conntest; this kit is the scaffolding around them. It is imported only
// from _test.go files.
package testkit
