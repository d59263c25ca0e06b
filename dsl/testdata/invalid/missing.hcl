variable "x" {
  type    = number
  default = "not a number"              # ERROR: Invalid default value
}

pipeline "p" {                          # ERROR: Missing source block
  target "ndjson" {}
}
