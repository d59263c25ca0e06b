// Package all links every connector into a binary: importing it for its
// side effect runs each connector package's init, which registers the
// connector in connectors.Default.
//
// Only cmd/pipeline imports it, so that the engine and the connector
// packages never depend on one another. A new connector package gets a
// blank import in all.go, and all_test.go then holds it to the conformance
// kit. The package owns nothing else.
package all
