pipeline "customers" {
  source "ndjson" {
    use      = "shop"
    base_url = "http://elsewhere" # ERROR: Setting also in the connection
  }
  target "ndjson" {
    path = "customers.out.ndjson"
  }
  map {
    Id = "id"
  }
}
