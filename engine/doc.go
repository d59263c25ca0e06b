// Package engine compiles a decoded pipeline (package dsl) into an
// immutable Plan of validated stages and runs it:
//
//	read → check JSON → validate source → filter → map → validate target → write
//
// Compile resolves connectors from the registry it is given (it never
// imports a concrete connector), decodes each connector's settings into the
// connector's typed config, compiles every expression once against the
// function library of engine/exprenv, rewrites record paths such as
// source.customer.email into values resolved once per record with gjson,
// and checks every source and target path against the JSON Schemas of the
// systems involved. Everything wrong with a file is reported as
// hcl.Diagnostics pointing at the file, line and column.
//
// Running never touches HCL. A record that fails any stage is set aside as a
// Reject naming its origin, the stage, the field and the reason; the run
// goes on. Output records are built by appending bytes in the order of the
// mapping rather than by decoding and re-encoding documents, which is what
// keeps the engine close to a hand-written mapper in speed and flat in
// memory.
package engine
