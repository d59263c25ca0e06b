# Folder settings with connection blocks, some of them wrong.
variable "url" {
  default = "http://localhost:9001"
}
connection "shop" {
  path     = "orders.ndjson"
  base_url = var.url
}
connection "shop" { # ERROR: Duplicate connection block
  path = "other.ndjson"
}
connection "crm" {
  path   = "crm.ndjson"
  schema = "webshop/order" # ERROR: Flow setting in a connection
}
connection { # ERROR: Missing name for connection
  path = "x.ndjson"
}
