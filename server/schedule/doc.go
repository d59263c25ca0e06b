// Package schedule fires each pipeline's runs at the times its schedule
// attribute names, submitting them to a runner.Executor. A reload that
// keeps a pipeline's schedule keeps its timer, so editing another file
// does not postpone a run.
package schedule
