pipeline "p" {
  source "ndjson" {}
  target "ndjson" {}
  map {
    A = "source.a"
    A = "source.b"                      # ERROR: Attribute redefined
  }
}
