# Webshop products into Visma eAccounting articles, matched by article
# Number (the product's SKU): a product eAccounting does not have is
# created, one it has is updated where the values differ (name, price,
# stock, barcode, active), and an unchanged one costs no call at all on a
# later run.
#
# Every article needs a unit and an account coding (which decides its VAT):
# the unit is found by code, the coding by name from the product's VAT
# rate. A product with a VAT rate that has no coding is set aside.
#
# Connect the company once with `pipeline auth visma` (VISMA_CLIENT_ID and
# VISMA_CLIENT_SECRET exported), or point eaccounting_url at an emulator.

variable "input" {
  type        = string
  default     = "sample/products.ndjson"
  description = "Webshop products, one JSON document per line (relative to this folder)."
}

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

variable "unit_code" {
  type        = string
  default     = "STK"
  description = "Code of the eAccounting unit articles are sold in."
}

pipeline "articles_to_eaccounting" {
  description = "Webshop products become eAccounting articles, created or updated by Number."
  timezone    = "Europe/Amsterdam"
  max_rejects = 5

  source "ndjson" {
    path   = var.input
    schema = "webshop/product"
  }

  target "eaccounting" {
    schema           = "eaccounting/article"
    connection       = "visma"
    base_url         = var.eaccounting_url
    client_id        = env("VISMA_CLIENT_ID")
    calls_per_minute = var.calls_per_minute
    key_field        = "Number"
    on_exists        = "update"
  }

  related "unit" {
    entity  = "eaccounting/unit"
    by      = "Code"
    missing = "error"
  }

  related "coding" {
    entity  = "eaccounting/article_account_coding"
    by      = "Name"
    missing = "error"
  }

  lookup "coding_name" {
    values   = { "21" = "Goederen 21%", "9" = "Goederen 9%" }
    unmapped = "error"
  }

  map {
    Number       = "source.sku"
    Name         = "truncate(source.name, 50)"
    NetPrice     = "round(source.price_excl_vat, 2)"
    IsActive     = "source.active"
    IsStock      = "source.stock != nil"
    StockBalance = "source.stock ?? 0"
    UnitId       = "related('unit', var.unit_code).Id"
    CodingId     = "related('coding', lookup('coding_name', source.vat_rate)).Id"
    Barcodes     = "source.ean == nil ? [] : [{'Barcode': source.ean, 'BarcodeType': 0}]"
  }
}
