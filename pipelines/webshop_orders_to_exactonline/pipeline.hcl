# Webshop orders into Exact Online sales orders, through the Exact Online
# API (or its emulator: see README).
#
# The customer's account is found in Exact by e-mail, else the orders go to
# the default debtor (by account code). Every product must exist in Exact by
# SKU (item code): an order with an unknown one is set aside. An order Exact
# already has (by YourRef) is skipped, so the pipeline can run every few
# minutes.

variable "statuses" {
  type        = list(string)
  default     = ["paid", "processing"]
  description = "Order statuses that are sent to Exact Online."
}

variable "input" {
  type        = string
  default     = "../webshop_orders_to_exact/sample/orders.ndjson"
  description = "Webshop orders, one JSON document per line (relative to this folder)."
}

variable "exact_url" {
  type        = string
  default     = "https://start.exactonline.nl"
  description = "Exact Online host of the company's country, or an emulator's URL."
}

variable "division" {
  type        = number
  default     = 0
  description = "Exact Online division (company) number; 0 takes the user's current division."
}

variable "calls_per_minute" {
  type        = number
  default     = 0
  description = "Client-side call limit; 0 is Exact's 60 a minute. Only an emulator on this machine allows more."
}

variable "default_debtor" {
  type        = string
  default     = "1000"
  description = "Code of the Exact account that orders of unknown customers are booked on."
}

variable "shipping_item" {
  type        = string
  default     = "SHIPPING"
  description = "Code of the Exact item used for shipping cost lines."
}

variable "discount_item" {
  type        = string
  default     = "DISCOUNT"
  description = "Code of the Exact item used for discount lines."
}

pipeline "webshop_orders_to_exactonline" {
  description = "Paid webshop orders become Exact Online sales orders."
  timezone    = "Europe/Amsterdam"
  max_rejects = 5

  source "ndjson" {
    path   = var.input
    schema = "webshop/order"
  }

  target "exactonline" {
    connection = "exact"
    base_url   = var.exact_url
    division   = var.division
    client_id  = env("EXACT_CLIENT_ID")
    schema     = "exactonline/sales_order"
    key_field  = "YourRef" # an order Exact already has is skipped

    calls_per_minute = var.calls_per_minute
  }

  filter = "source.status in var.statuses"

  related "customer" {
    entity = "exactonline/account"
    by     = "Email"
  }

  related "account" {
    entity  = "exactonline/account"
    by      = "Code"
    missing = "error"
  }

  related "item" {
    entity  = "exactonline/item"
    by      = "Code"
    missing = "error"
  }

  lookup "payment_condition" {
    values  = { "0" = "00", "14" = "14", "30" = "30" }
    default = "30"
  }

  lookup "vat_code" {
    values   = { "21" = "2", "9" = "1", "0" = "0" }
    unmapped = "error"
  }

  map {
    YourRef          = "source.order_number"
    OrderedBy        = "related('customer', lower(source.customer.email))?.ID ?? related('account', var.default_debtor).ID"
    OrderDate        = "formatDate(source.created_at, 'YYYY-MM-DD')"
    Currency         = "source.currency"
    PaymentCondition = "lookup('payment_condition', source.payment.term)"
    Description      = <<-EXPR
      truncate(isEmpty(source.customer.company)
        ? source.customer.first_name + " " + source.customer.last_name
        : source.customer.company, 60)
    EXPR
  }

  each "SalesOrderLines" {
    from   = "source.line_items"
    filter = "item.quantity > 0"

    map {
      Item        = "related('item', item.sku).ID"
      Description = "truncate(item.name, 60)"
      Quantity    = "item.quantity"
      NetPrice    = "round(item.unit_price_excl_vat * (100 - (item.discount_percent ?? 0)) / 100, 2)"
      VATCode     = "lookup('vat_code', item.vat_rate)"
    }

    append "shipping" {
      when = "(source.shipping?.amount_excl_vat ?? 0) > 0"
      map {
        Item        = "related('item', var.shipping_item).ID"
        Description = "'Shipping (' + source.shipping.method + ')'"
        Quantity    = 1
        NetPrice    = "round(source.shipping.amount_excl_vat, 2)"
        VATCode     = "lookup('vat_code', source.shipping.vat_rate)"
      }
    }

    append "discount" {
      when = "(source.discount?.amount_excl_vat ?? 0) > 0"
      map {
        Item        = "related('item', var.discount_item).ID"
        Description = "'Discount ' + (source.discount.code ?? '')"
        Quantity    = 1
        NetPrice    = "-round(source.discount.amount_excl_vat, 2)"
        VATCode     = "'2'"
      }
    }
  }
}
