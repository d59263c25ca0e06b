# Webshop orders into Exact Online sales orders.
#
# Paid orders become sales orders for the customer's Exact account (known
# customers by e-mail from debtors.csv, others on the default debtor), with
# one line per order line, a shipping line and a discount line. Items are
# found by SKU in items.csv; an order with an unknown SKU is set aside.

variable "statuses" {
  type        = list(string)
  default     = ["paid", "processing"]
  description = "Order statuses that are sent to Exact Online."
}

variable "default_debtor" {
  type        = string
  default     = "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a"
  description = "Exact Online account (GUID) for customers not in debtors.csv."
}

variable "shipping_item" {
  type        = string
  default     = "5a5a5a5a-1111-4111-8111-000000000001"
  description = "Exact Online item (GUID) used for shipping cost lines."
}

variable "discount_item" {
  type        = string
  default     = "5a5a5a5a-1111-4111-8111-000000000002"
  description = "Exact Online item (GUID) used for discount lines."
}

variable "input" {
  type        = string
  default     = "sample/orders.ndjson"
  description = "Webshop orders, one JSON document per line (relative to this folder)."
}

variable "output" {
  type        = string
  default     = "out/sales_orders.ndjson"
  description = "Where the Exact Online sales orders are written (relative to this folder)."
}

pipeline "webshop_orders_to_exact" {
  description = "Paid webshop orders become Exact Online sales orders."
  timezone    = "Europe/Amsterdam"
  max_rejects = 5

  source "ndjson" {
    path   = var.input
    schema = "webshop/order"
  }

  target "ndjson" {
    path      = var.output
    mode      = "append" # each run adds the orders not sent before
    schema    = "exactonline/sales_order"
    key_field = "YourRef" # an order already sent is skipped, never sent twice
  }

  filter = "source.status in var.statuses"

  lookup "payment_condition" {
    values  = { "0" = "00", "14" = "14", "30" = "30" }
    default = "30"
  }

  lookup "debtor" {
    file         = "debtors.csv"
    key_column   = "email"
    value_column = "account"
    default      = null
  }

  lookup "item" {
    file         = "items.csv"
    key_column   = "sku"
    value_column = "item"
    unmapped     = "error"
  }

  lookup "vat_code" {
    values   = { "21" = "2", "9" = "1", "0" = "0" }
    unmapped = "error"
  }

  map {
    YourRef          = "source.order_number"
    OrderedBy        = "lookup('debtor', lower(source.customer.email)) ?? var.default_debtor"
    OrderDate        = "formatDate(source.created_at, 'YYYY-MM-DD')"
    Currency         = "source.currency"
    PaymentCondition = "lookup('payment_condition', source.payment.term)"
    Description      = <<-EXPR
      isEmpty(source.customer.company)
        ? source.customer.first_name + " " + source.customer.last_name
        : source.customer.company
    EXPR
    Remarks          = <<-EXPR
      "Webshop total " + string(round(
        sum(map(source.line_items, .quantity * .unit_price_excl_vat * (100 - (.discount_percent ?? 0)) / 100))
        + (source.shipping?.amount_excl_vat ?? 0) - (source.discount?.amount_excl_vat ?? 0), 2)) + " excl. VAT"
    EXPR
  }

  each "SalesOrderLines" {
    from   = "source.line_items"
    filter = "item.quantity > 0"

    map {
      Item        = "lookup('item', item.sku)"
      Description = "truncate(item.name, 60)"
      Quantity    = "item.quantity"
      NetPrice    = "round(item.unit_price_excl_vat * (100 - (item.discount_percent ?? 0)) / 100, 2)"
      VATCode     = "lookup('vat_code', item.vat_rate)"
    }

    append "shipping" {
      when = "(source.shipping?.amount_excl_vat ?? 0) > 0"
      map {
        Item        = "var.shipping_item"
        Description = "'Shipping (' + source.shipping.method + ')'"
        Quantity    = 1
        NetPrice    = "round(source.shipping.amount_excl_vat, 2)"
        VATCode     = "lookup('vat_code', source.shipping.vat_rate)"
      }
    }

    append "discount" {
      when = "(source.discount?.amount_excl_vat ?? 0) > 0"
      map {
        Item        = "var.discount_item"
        Description = "'Discount ' + (source.discount.code ?? '')"
        Quantity    = 1
        NetPrice    = "-round(source.discount.amount_excl_vat, 2)"
        VATCode     = "'2'"
      }
    }
  }
}
