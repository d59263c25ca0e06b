// Command gen writes fields_gen.go, the Visma eAccounting emulator's table of
// the operations it serves and of the components their bodies use: per
// operation the method, path, accepted scopes, success status and body
// components; per component property its name, JSON kind, read-only,
// required and nullable flags, maximum length, numeric bounds, enumeration
// and decimals.
//
// The table is derived from Visma's OpenAPI 3.1 description of the API v2
// (shared/specs/visma-eaccounting/visma_external_api.yaml, given with
// -spec); the document itself is never copied into the repository. Run it
// through `go generate` in the emulator package.
package main
