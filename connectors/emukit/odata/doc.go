// Package odata is the $filter reader the emulators of OData-style APIs
// share (Exact Online's OData v2, Visma eAccounting's v4-like filters): a
// lexer and a recursive-descent parser of
//
//	or    := and { "or" and }
//	and   := unary { "and" unary }
//	unary := "not" unary | cmp
//	cmp   := term [ ("eq"|"ne"|"gt"|"ge"|"lt"|"le") term ]
//	term  := "(" or ")" | literal | "-" term | name "(" args ")" | property
//
// with positions in every error. It owns the grammar and the lexing both
// systems agree on: whitespace, parentheses, commas, 'quoted' strings with
// a doubled quote inside, and prefix'…' typed literals.
//
// Each emulator plugs in its dialect, as emukit's other parts do, through
// function fields: its literal values (numbers as decimal or big.Rat, dates
// as time or milliseconds), its names and properties, its functions and
// type rules, its error texts and the error type its 400s carry. The typed
// tree is the emulator's own (type N), and so is evaluating it. It
// imports the standard library only.
package odata
