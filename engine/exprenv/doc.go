// Package exprenv is the expr-lang environment of pipeline files: the
// function library available to every field transform and filter, exact
// decimal arithmetic for the operators, conversion between record JSON and
// expression values, and the function documentation that
// `pipeline functions` prints.
//
// It owns the meaning of an expression once compiled. It does not own where
// expressions come from (dsl), which variables they see or how their errors
// are tied to a record and a file position (engine), nor the lookup tables
// themselves (Config.Lookup is supplied by the engine). It imports expr,
// gjson, govalues/decimal and the standard library, none of our packages.
//
// # Values
//
// Expression values are nil, bool, string, decimal.Decimal, int, float64,
// time.Time, []any and map[string]any.
//
//   - Every JSON number read from a record (FromJSON, get) is a
//     decimal.Decimal parsed from its literal text, so 19.99 is exactly 19.99
//     and 12.50 keeps its two decimals.
//   - int and float64 come only from expression literals and expr builtins
//     such as len. Arithmetic converts a float64 through its shortest decimal
//     form, so the literal 1.21 means exactly 1.21.
//   - time.Time comes from the date functions; in JSON output it is RFC 3339
//     with its offset.
//   - A missing field is nil. String functions pass nil through, number
//     functions pass a nil amount through, and arithmetic on nil is an error
//     ("cannot add null and 3"): use `x ?? 0` or coalesce when a default is
//     meant.
//
// # Operators
//
// Options overloads + - * / % and the comparisons for every mix of Decimal,
// int, float64 and values the checker only knows as `any` (record fields):
//
//   - Arithmetic is decimal. int op int stays int (overflowing into a
//     decimal), except / which is always an exact Decimal (7 / 2 is 3.5).
//     Division rounds to 19 significant digits; division by zero is an
//     error. 0.1 + 0.2 is 0.3.
//   - + joins two strings; a string plus a number is an error pointing to
//     concat() or string(), so "5" + 3 cannot silently become "53".
//   - == and != compare numbers by value (1.50 == 1.5), also across Decimal
//     and literals; values of different kinds are unequal; nil == nil.
//   - < <= > >= order numbers, strings and times; anything else, nil
//     included, is an error naming both operands.
//   - x in [...] uses the same equality, so a Decimal field matches integer
//     literals; `key in object` tests for a key; nothing is in null.
//   - Unary minus works on decimals; time - time gives a duration and
//     time ± duration a time, as in expr.
//
// The exponent operators (** and ^) are not overloaded and work on int and
// float64 only.
//
// # Builtins
//
// A function registered with expr.Function under a builtin's name shadows
// the builtin: the parser then emits a plain call instead of the builtin
// node. The library uses this for lower, upper, trim, split, join, replace,
// concat, round, abs, min, max, mean, median, sort, uniq, string, now and
// date, so that they accept decimals and pass null through. sum, sortBy,
// groupBy and get cannot be shadowed that way without losing the predicate
// form of the first three and get's two-argument form, so the Patch visitor
// rewrites their builtin nodes instead (see patch.go). Other builtins (len,
// map, filter, hasPrefix, ...) are unchanged; the numeric ones among them
// (int, float, ceil, floor) do not understand decimals: use integer(),
// number() and round(x, 0, "ceiling") instead.
//
// # Records
//
// get(path) reads a gjson path from the current record, which the engine
// stores as raw JSON under the env key RecordVar. get always reads the whole
// record, also inside an each block; the element being iterated is reached
// through the variable the engine binds for it (ItemVar is reserved for its
// raw JSON). References lists the constant get paths and lookup tables of an
// expression for compile-time checks.
//
// # Conditionals
//
// expr's own operators cover conditionals and need no function:
// `cond ? a : b` evaluates only the chosen branch, `a ?? b` gives b when a
// is nil, and `if cond { a } else { b }` is the long form. iif(cond, a, b)
// exists for readers coming from spreadsheets but evaluates both branches.
// coalesce and default also treat empty text as missing.
//
// # Dates
//
// Layouts use tokens (YYYY MM DD HH mm ss SSS Z ...) or the names rfc3339,
// date, datetime and odata; see parseDate. Zones are IANA names, UTC or
// fixed offsets; time/tzdata is embedded so they resolve everywhere. Text
// without an offset is read in the zone argument or Config.Location, and
// instants are rendered in that same zone.
//
// # Documentation
//
// Functions returns every function with its signature, description and
// examples; the package tests compile and run every example, so the
// printed documentation cannot drift from the behaviour.
package exprenv
