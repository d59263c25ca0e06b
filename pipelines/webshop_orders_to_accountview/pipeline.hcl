# Webshop orders into AccountView sales orders (SO1), through the
# accountview.net API (or its emulator, seeded with emulator-seed.json).
#
# The customer's debtor is found in AccountView by e-mail (MAIL_BUS), else
# the order goes to the default debtor (by SUB_NR). Every product must exist
# as an article (ART_CODE = SKU): an order with an unknown one is set aside.
# An order AccountView already has (its webshop number in COMMENT1) is
# skipped, so the pipeline can run every few minutes.

variable "statuses" {
  type        = list(string)
  default     = ["paid", "processing"]
  description = "Order statuses that are sent to AccountView."
}

variable "input" {
  type        = string
  default     = "../webshop_orders_to_exact/sample/orders.ndjson"
  description = "Webshop orders, one JSON document per line (relative to this folder)."
}

variable "accountview_url" {
  type        = string
  default     = "https://www.accountview.net"
  description = "AccountView host, or an emulator's URL."
}

variable "company" {
  type        = string
  default     = "7a1c2d3e-4a5b-4c6d-8e7f-000000000001"
  description = "The administration's Id (GET /api/v3/companies); the default is the emulator seed's."
}

variable "calls_per_minute" {
  type        = number
  default     = 0
  description = "Client-side call limit; 0 is 120 a minute. More than 300 only against an emulator on this machine."
}

variable "default_debtor" {
  type        = string
  default     = "10000"
  description = "Debtor number (SUB_NR) that orders of unknown customers are booked on."
}

variable "shipping_article" {
  type        = string
  default     = "SHIPPING"
  description = "Article code used for shipping cost lines."
}

variable "discount_article" {
  type        = string
  default     = "DISCOUNT"
  description = "Article code used for discount lines."
}

pipeline "webshop_orders_to_accountview" {
  description = "Paid webshop orders become AccountView sales orders."
  timezone    = "Europe/Amsterdam"
  max_rejects = 5

  source "ndjson" {
    path   = var.input
    schema = "webshop/order"
  }

  target "accountview" {
    connection = "accountview"
    base_url   = var.accountview_url
    company    = var.company
    client_id  = env("ACCOUNTVIEW_CLIENT_ID")
    schema     = "accountview/sales_order"
    key_field  = "COMMENT1" # an order AccountView already has is skipped

    calls_per_minute = var.calls_per_minute
  }

  filter = "source.status in var.statuses"

  related "customer" {
    entity = "accountview/debtor"
    by     = "MAIL_BUS"
  }

  related "debtor" {
    entity  = "accountview/debtor"
    by      = "SUB_NR"
    missing = "error"
  }

  related "article" {
    entity  = "accountview/article"
    by      = "ART_CODE"
    missing = "error"
  }

  lookup "vat_code" {
    values   = { "21" = "2", "9" = "1", "0" = "0" }
    unmapped = "error"
  }

  map {
    COMMENT1 = "source.order_number"
    RPL_INV  = "related('customer', lower(source.customer.email))?.SUB_NR ?? related('debtor', var.default_debtor).SUB_NR"
    ORD_DATE = "source.created_at"
    TO_EMAIL = "truncate(lower(source.customer.email), 50)"
  }

  each "SO_LINE" {
    from   = "source.line_items"
    filter = "item.quantity > 0"

    map {
      ART_CODE  = "related('article', item.sku).ART_CODE"
      ART_DESC1 = "truncate(item.name, 50)"
      ORD_QTY   = "item.quantity"
      ART_PX    = "round(item.unit_price_excl_vat * (100 - (item.discount_percent ?? 0)) / 100, 2)"
      VAT_CODE  = "lookup('vat_code', item.vat_rate)"
    }

    append "shipping" {
      when = "(source.shipping?.amount_excl_vat ?? 0) > 0"
      map {
        ART_CODE  = "related('article', var.shipping_article).ART_CODE"
        ART_DESC1 = "'Shipping (' + source.shipping.method + ')'"
        ORD_QTY   = 1
        ART_PX    = "round(source.shipping.amount_excl_vat, 2)"
        VAT_CODE  = "lookup('vat_code', source.shipping.vat_rate)"
      }
    }

    append "discount" {
      when = "(source.discount?.amount_excl_vat ?? 0) > 0"
      map {
        ART_CODE  = "related('article', var.discount_article).ART_CODE"
        ART_DESC1 = "'Discount ' + (source.discount.code ?? '')"
        ORD_QTY   = 1
        ART_PX    = "-round(source.discount.amount_excl_vat, 2)"
        VAT_CODE  = "'2'"
      }
    }
  }
}
