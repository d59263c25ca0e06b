package pipelines

import "embed"

// FS is every shipped folder: flows, settings, value maps, seeds, samples
// and golden test cases.
//
//go:embed *
var FS embed.FS
