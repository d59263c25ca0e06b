variable "status" {
  default = "paid"
}
pipeline "orders" {
  source "ndjson" {}
  target "ndjson" {}
  related "product" {
    entity  = "exactonline/item"
    by      = "Code"
    missing = var.missing_product
  }
  lookup "shipping" {
    values = { post = "P" }
  }
  map {
    Shop = "var.shop"
  }
}
