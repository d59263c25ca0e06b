pipeline "products" {
  source "ndjson" {}
  target "ndjson" {}
  map {
    Shop = "var.shop"
  }
}
