pipeline "orders" {
  source "ndjson" {
    use    = "shop"
    schema = "webshop/order"
  }
  target "ndjson" {
    use  = "shpo" # ERROR: Unknown connection
    path = "out.ndjson"
  }
  map {
    Id = "id"
  }
}
