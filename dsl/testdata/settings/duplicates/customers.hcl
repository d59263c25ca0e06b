pipeline "customers" {
  source "ndjson" {}
  target "ndjson" {}
  map {
    Shop  = "var.shop"
    Terms = "lookup('terms', source.terms)"
  }
}
