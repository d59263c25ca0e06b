// Package statetest is the conformance suite every state.Store
// implementation runs from its own tests:
//
//	func TestConformance(t *testing.T) {
//		statetest.Run(t, func(t *testing.T) state.Store { ... })
//	}
//
// It checks the behaviour the engine relies on and that is easy to get
// subtly wrong: keys scoped by pipeline, upserts, intents cleared only by a
// committed batch, a batch that fails leaving no trace, ordering and
// limits of the listings, what Purge may and may never remove, concurrent
// commits losing nothing, and everything surviving a close and reopen.
//
// It owns no storage: the open function does. It is imported only from
// _test.go files.
package statetest
