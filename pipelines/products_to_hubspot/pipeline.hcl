# Webshop products into HubSpot's product library, through the CRM API
# (or its emulator: `pipeline emulate hubspot`).
#
# Products are matched on their SKU (hs_sku): a product HubSpot already has
# is updated when its name, price or description changed and left alone
# otherwise, so the pipeline can run every few minutes. Inactive products
# are not sent. Records go to HubSpot in batches of 100: one lookup call and
# one create or update call per batch.

variable "input" {
  type        = string
  default     = "sample/products.ndjson"
  description = "Webshop products, one JSON document per line (relative to this folder)."
}

variable "hubspot_url" {
  type        = string
  default     = "https://api.hubapi.com"
  description = "HubSpot API host, or an emulator's URL."
}

variable "calls_per_ten_seconds" {
  type        = number
  default     = 0
  description = "Client-side call limit; 0 is HubSpot's 100 per ten seconds. Only an emulator on this machine allows more than 190."
}

pipeline "products_to_hubspot" {
  description = "Active webshop products become HubSpot products, matched on SKU."
  timezone    = "Europe/Amsterdam"
  max_rejects = 5

  source "ndjson" {
    path   = var.input
    schema = "webshop/product"
  }

  target "hubspot" {
    schema     = "hubspot/product"
    connection = "hubspot"
    base_url   = var.hubspot_url
    token      = env("HUBSPOT_TOKEN")
    key_field  = "properties.hs_sku" # the product with this SKU is updated, not created again
    on_exists  = "update"

    calls_per_ten_seconds = var.calls_per_ten_seconds
  }

  filter = "source.active"

  map {
    properties = {
      name            = "source.name"
      hs_sku          = "source.sku"
      price           = "source.price_excl_vat"
      description     = "source.short_description ?? source.description"
      hs_product_type = "source.stock == nil ? 'non_inventory' : 'inventory'"
    }
  }
}
