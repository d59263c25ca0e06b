// Package schemagen holds what the schema generators under schemas/internal
// (eaccgen, exactgen, accountviewgen) share: an ordered JSON object and the
// layout the generated *.schema.json files are reviewed in, the loop that
// renders one file per entity, and writing the files into their folder.
//
// The generators differ in their source (an OpenAPI document, entity facts,
// data-dictionary dumps) and in how a field becomes a property; those stay
// in each generator. This package knows nothing about any system.
package schemagen
