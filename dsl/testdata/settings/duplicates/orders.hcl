variable "shop" { # ERROR: Duplicate variable block
  default = "web-3"
}
pipeline "orders" {
  source "ndjson" {}
  target "ndjson" {}
  related "customer" { # ERROR: Duplicate related block
    entity = "exactonline/account"
    by     = "Email"
  }
  lookup "terms" { # ERROR: Duplicate lookup block
    values = { "30" = "30d" }
  }
  map {
    Shop = "var.shop"
  }
}
