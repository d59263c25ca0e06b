variable "shop" {
  default     = "web-1"
  description = "The shop id every flow sends."
}
variable "missing_product" {
  default = "error"
}
lookup "terms" {
  file    = "terms.csv"
  default = "30d"
}
variable "missing_customer" {
  default = "create"
}
related "customer" {
  entity  = "exactonline/account"
  by      = "Email"
  missing = var.missing_customer
  create {
    Email = "key"
  }
}
