// Package pipelinetest runs golden test cases of pipelines: a case is a
// folder with input records, the expected output records and the expected
// rejects, and optionally a case.hcl with variables and a pinned clock.
//
//	pipelines/<name>/pipeline.hcl
//	pipelines/<name>/tests/<case>/input.ndjson
//	pipelines/<name>/tests/<case>/want.ndjson
//	pipelines/<name>/tests/<case>/want.rejects.ndjson   (optional)
//	pipelines/<name>/tests/<case>/want.decisions.ndjson (targets with a key_field)
//	pipelines/<name>/tests/<case>/lookups/<system>/<entity>.ndjson
//	                                                    (records the target "has")
//	pipelines/<name>/tests/<case>/case.hcl              (optional)
//
// The runner compiles the real pipeline, so the connector settings are still
// decoded and checked, then swaps the source and target for the case files,
// runs it and compares record by record after normalising the JSON (keys
// sorted, numbers as written). It is shared by `pipeline test` and by Go
// tests. It does not import any concrete connector.
package pipelinetest
