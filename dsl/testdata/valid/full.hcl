# Every block and attribute the language has.
variable "statuses" {
  type        = list(string)
  default     = ["paid"]
  description = "Statuses to send."
}

variable "limit" {
  default = 3
}

pipeline "all_features" {
  description = "Uses everything."
  timezone    = "Europe/Amsterdam"
  max_rejects = 2

  source "ndjson" {
    path     = "in.ndjson"
    schema   = "webshop/order"
    validate = false
  }
  target "ndjson" {
    path = "out.ndjson"
  }

  filter = ["source.status in var.statuses", "len(source.line_items) > 0"]

  lookup "terms" {
    values   = { "14" = "14", "30" = "30" }
    default  = "30"
    unmapped = "default"
  }

  related "account" {
    in      = "target"
    entity  = "exactonline/account"
    by      = "Email"
    missing = "null"
    many    = "first"
  }

  map {
    Ref      = "source.order_number"
    Quantity = 1
    Flag     = true
    Address = {
      City    = "source.billing_address.city"
      "Zip.4" = "source.billing_address.postcode"
    }
  }

  each "Lines" {
    from   = "source.line_items"
    filter = "item.quantity > 0"
    map {
      Sku = "item.sku"
    }
    append "shipping" {
      when = "source.shipping != nil"
      map {
        Sku = "'SHIP'"
      }
    }
  }
}
