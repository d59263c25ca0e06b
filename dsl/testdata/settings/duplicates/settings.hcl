# Folder settings with mistakes of their own.
variable "shop" {
  default = "web-1"
}
variable "shop" { # ERROR: Duplicate variable block
  default = "web-2"
}
lookup "terms" {
  values = { "14" = "14d" }
}
shop_id = 3 # ERROR: Unexpected attribute in settings.hcl
varaible "vat" { # ERROR: Unexpected block in settings.hcl
  default = "21"
}
pipeline "p" { # ERROR: Unexpected block in settings.hcl
}
related "customer" {
  entity = "exactonline/account"
  by     = "Email"
}
related "customer" { # ERROR: Duplicate related block
  entity = "exactonline/account"
  by     = "Email"
}
related "vat" {
  entity  = "exactonline/vat_code"
  by      = "Code"
  missing = "never" # ERROR: Invalid missing
}
