# Webshop orders into Asperion sales orders with lines, through Asperion's
# partner API (or its emulator: `pipeline emulate asperion` with
# emulator-seed.json, and asperion_url set to its address).
#
# The customer is found in Asperion by e-mail, else the order goes to the
# default debtor (by debtor number). Every product must exist in Asperion
# as an article with the SKU as its code, inactive ones included: an order
# with an unknown one is set aside. The VAT of each line follows from the
# sales type picked by the webshop's VAT rate. An order Asperion already
# has (by reference) is skipped, so the pipeline can run every few minutes.

variable "statuses" {
  type        = list(string)
  default     = ["paid", "processing"]
  description = "Order statuses that are sent to Asperion."
}

variable "input" {
  type        = string
  default     = "../webshop_orders_to_exact/sample/orders.ndjson"
  description = "Webshop orders, one JSON document per line (relative to this folder)."
}

variable "asperion_url" {
  type        = string
  default     = "https://api.asperion.nl"
  description = "Asperion API host (https://api-sandbox.asperion.nl for the sandbox), or an emulator's URL."
}

variable "administration" {
  type        = number
  default     = 0
  description = "Id of the Asperion administration; 0 takes the user's default one."
}

variable "calls_per_minute" {
  type        = number
  default     = 0
  description = "Client-side call limit; 0 is the assumed 100 a minute. Only an emulator on this machine allows more."
}

variable "default_debtor" {
  type        = string
  default     = "10001"
  description = "Number of the Asperion debtor that orders of unknown customers are booked on."
}

variable "shipping_article" {
  type        = string
  default     = "VERZENDING"
  description = "Code of the Asperion article used for shipping cost lines."
}

variable "discount_sales_type" {
  type        = string
  default     = "OMZET-HOOG"
  description = "Code of the Asperion sales type of discount lines (free-text lines)."
}

pipeline "webshop_orders_to_asperion" {
  description = "Paid webshop orders become Asperion sales orders."
  timezone    = "Europe/Amsterdam"
  max_rejects = 5

  source "ndjson" {
    path   = var.input
    schema = "webshop/order"
  }

  target "asperion" {
    connection     = "asperion"
    base_url       = var.asperion_url
    administration = var.administration
    client_id      = env("ASPERION_CLIENT_ID")
    schema         = "asperion/sales_order"
    key_field      = "reference" # an order Asperion already has is skipped

    calls_per_minute = var.calls_per_minute
  }

  filter = "source.status in var.statuses"

  related "customer" {
    entity = "asperion/debtor"
    by     = "email"
  }

  related "default_debtor" {
    entity  = "asperion/debtor"
    by      = "number"
    missing = "error"
  }

  related "article" {
    entity  = "asperion/article"
    by      = "code"
    missing = "error"
  }

  related "sales_type" {
    entity  = "asperion/sales_type"
    by      = "code"
    missing = "error"
  }

  related "payment_condition" {
    entity  = "asperion/payment_condition"
    by      = "code"
    missing = "error"
  }

  lookup "payment_term" {
    values  = { "0" = "DIRECT", "14" = "14", "30" = "30" }
    default = "30"
  }

  lookup "sales_type" {
    values   = { "21" = "OMZET-HOOG", "9" = "OMZET-LAAG", "0" = "OMZET-NUL" }
    unmapped = "error"
  }

  map {
    reference          = "source.order_number"
    debtorId           = "related('customer', lower(source.customer.email))?.id ?? related('default_debtor', var.default_debtor).id"
    orderDate          = "formatDate(source.created_at, 'YYYY-MM-DD')"
    paymentConditionId = "related('payment_condition', lookup('payment_term', source.payment.term)).id"
    description        = <<-EXPR
      truncate("Webshop " + source.order_number + ": " + (isEmpty(source.customer.company)
        ? source.customer.first_name + " " + source.customer.last_name
        : source.customer.company), 255)
    EXPR
  }

  each "lines" {
    from   = "source.line_items"
    filter = "item.quantity > 0"

    map {
      articleId          = "related('article', item.sku).id"
      description        = "truncate(item.name, 255)"
      quantity           = "item.quantity"
      unitPrice          = "item.unit_price_excl_vat"
      discountPercentage = "item.discount_percent ?? 0"
      salesTypeId        = "related('sales_type', lookup('sales_type', item.vat_rate)).id"
    }

    append "shipping" {
      when = "(source.shipping?.amount_excl_vat ?? 0) > 0"
      map {
        articleId   = "related('article', var.shipping_article).id"
        description = "'Verzending (' + source.shipping.method + ')'"
        quantity    = 1
        unitPrice   = "source.shipping.amount_excl_vat"
        salesTypeId = "related('sales_type', lookup('sales_type', source.shipping.vat_rate)).id"
      }
    }

    append "discount" {
      when = "(source.discount?.amount_excl_vat ?? 0) > 0"
      map {
        description = "'Korting ' + (source.discount.code ?? '')"
        quantity    = 1
        unitPrice   = "-source.discount.amount_excl_vat"
        salesTypeId = "related('sales_type', var.discount_sales_type).id"
      }
    }
  }
}
