// Package scaffold copies an integration template — one folder of
// pipelines/ with its flows, settings.hcl and value maps — into a new
// folder for `pipeline init`, with only the flows the user picked and the
// settings' defaults replaced by the user's answers.
//
// Templates are read from an fs.FS (the shipped pipelines are embedded in
// the binary), so init works on a machine that has only the pipeline
// command. Settings are rewritten with hclwrite, not by text substitution:
// comments, descriptions and layout of settings.hcl survive, and what the
// user reviews in git is the file the template ships with, with new values.
package scaffold
