// Package pipelines holds the shipped pipelines and integrations as files,
// and embeds them in the binary so that `pipeline init` can copy an
// integration's folder on a machine that has only the pipeline command.
package pipelines
