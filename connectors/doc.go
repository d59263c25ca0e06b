// Package connectors is the contract between the engine and the systems it
// reads from and writes to: the Record that travels between them, the Reader
// and Writer interfaces, the Spec a connector registers, and the Registry the
// engine receives.
//
// It owns no I/O and knows nothing of HCL, pipelines or the engine. Concrete
// connectors live in sub-packages (connectors/file, connectors/exactonline,
// ...) and register themselves in init; only cmd/pipeline imports
// connectors/all, so the engine never depends on a concrete connector.
package connectors
