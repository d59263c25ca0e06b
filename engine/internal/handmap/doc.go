// Package handmap is the webshop-order → Exact Online sales-order mapping of
// pipelines/webshop_orders_to_exact written by hand in Go: gjson reads,
// exact decimals, output bytes appended in order. It exists as the yardstick
// the engine's benchmark is measured against, and a test proves it produces
// the same bytes as the pipeline.
package handmap
