// Package dsl turns pipeline files (HCL) into a typed model that is not yet
// evaluated: pipelines, their source and target blocks, filters, lookup
// tables, field mappings, variables, and golden test case files.
//
// Every struct keeps the hcl.Range it was declared at, and expressions stay
// as source text with the position of every character, so that the engine
// can report a problem at the exact file, line and column. dsl decodes
// structure and checks what can be checked without knowing the connectors,
// the schemas or the expression language; it imports HCL and the standard
// library only, never expr, the engine or a connector. Connector settings
// are left as an undecoded hcl.Body for the engine to decode into the
// connector's own typed config.
//
// A folder's settings.hcl (settings.go) holds variables and lookup tables
// that every pipeline file of the folder sees. Policy attributes written
// over variables (on_exists = var.on_exists, policy.go) can only be read
// once the variables' values are known: Pipeline.Resolve decodes them when
// the engine compiles.
//
// Rendering diagnostics as "FILE:LINE:COL: Error: summary" with a source
// snippet also lives here, because only the loader holds the file bytes.
package dsl
