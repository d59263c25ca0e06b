# Policy attributes over variables are checked with the variables' values
# (here their defaults), at the attribute.
variable "on_exists" {
  default = "overwrite"
}
variable "missing" {
  default = "maybe"
}
variable "key" {
  default = "Email"
}
variable "fields" {
  default = ["Code", "Name"]
}
pipeline "p" {
  source "ndjson" {
    schema = var.sourc # ERROR: Unknown variable
  }
  target "ndjson" {
    key_field   = var.key
    on_exists   = var.on_exists # ERROR: Invalid on_exists
  }
  related "customer" {
    entity  = "exactonline/account"
    by      = var.key
    missing = var.missing # ERROR: Invalid missing
  }
  related "item" {
    entity = "exactonline/item"
    by     = var.fields # ERROR: Unsuitable value type
  }
  for_each = 3 # ERROR: Invalid for_each
  map {
    Email = "source.email"
  }
}
