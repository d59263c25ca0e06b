# Visma eAccounting sales orders into an NDJSON file, one order a line with
# its rows, for a warehouse or a report to pick up.
#
# The read is incremental: the first run reads every order, later runs only
# the orders created or changed since (eAccounting's ModifiedUtc), and
# append them to the file. `pipeline run -full` reads everything again.
#
# Connect the company once with `pipeline auth visma` (VISMA_CLIENT_ID and
# VISMA_CLIENT_SECRET exported), or point eaccounting_url at an emulator
# (`pipeline emulate eaccounting`).

variable "eaccounting_url" {
  type        = string
  default     = "https://eaccountingapi.vismaonline.com"
  description = "eAccounting API host, the sandbox's, or an emulator's URL."
}

variable "calls_per_minute" {
  type        = number
  default     = 0
  description = "Client-side call limit per endpoint; 0 is Visma's 600 a minute. Only an emulator on this machine allows more."
}

variable "output" {
  type        = string
  default     = "out/orders.ndjson"
  description = "The NDJSON file orders are appended to (relative to this folder)."
}

pipeline "eaccounting_orders_to_file" {
  description = "eAccounting sales orders, new and changed, appended to an NDJSON file."
  timezone    = "Europe/Amsterdam"

  source "eaccounting" {
    schema           = "eaccounting/order"
    connection       = "visma"
    base_url         = var.eaccounting_url
    client_id        = env("VISMA_CLIENT_ID")
    calls_per_minute = var.calls_per_minute
  }

  target "ndjson" {
    path = var.output
    mode = "append"
  }

  map {
    id              = "source.Id"
    number          = "source.Number"
    your_reference  = "source.YourReference"
    customer_id     = "source.CustomerId"
    customer_number = "source.CustomerNumber"
    customer_name   = "source.CustomerName"
    order_date      = "source.OrderDate"
    status          = "source.Status"
    currency        = "source.CurrencyCode"
    amount_excl_vat = "source.Amount"
    vat_amount      = "source.VatAmount"
    modified_at     = "source.ModifiedUtc"
  }

  each "rows" {
    from   = "source.Rows"
    filter = "!item.IsTextRow"

    map {
      line       = "item.LineNumber"
      article_id = "item.ArticleId"
      quantity   = "item.Quantity"
      unit_price = "item.UnitPrice"
      discount   = "item.DiscountPercentage"
      amount     = "item.Amount"
    }
  }
}
