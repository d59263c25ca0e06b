// Command pipeline checks, formats, tests and runs pipeline files.
//
// Exit codes: 0 success, 1 invalid files, failed runs or failed tests,
// 2 wrong usage. Only main calls os.Exit.
package main
