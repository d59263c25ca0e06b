// Package conntest is the conformance kit for connectors: tests that every
// Reader, Writer and Spec must pass whatever system it talks to. A connector
// calls it from its own _test.go files, with readers and writers opened on
// fixtures it controls:
//
//	conntest.TestReader(t, func(t *testing.T) connectors.Reader { ... }, 3)
//	conntest.TestWriter(t, func(t *testing.T) conntest.WriterTarget { ... }, records)
//	conntest.TestSpec(t, spec)
//
// It checks the contract written in package connectors (io.EOF exactly at
// the end and again after, Close more than once, a cancelled context stops
// Read and Write, records that do not share buffers, configs the engine can
// decode) and nothing about formats or systems, which each connector's own
// tests cover. It also offers the helpers those tests need: ReadAll,
// DecodeConfig (decoding a config from HCL source the way the engine does)
// and Options.
//
// It is imported only from _test.go files; it uses HCL (to decode configs
// like the engine) so that connector packages themselves need not.
package conntest
