# Webshop products into HubSpot's product library, through the CRM API
# (or its emulator: `pipeline run -emulate`).
#
# Products are matched on their SKU. HubSpot does not keep hs_sku unique,
# so the portal needs a one-time set-up: a product property external_sku
# (type string, "require unique values" on; POST /crm/v3/properties/products
# with hasUniqueValue = true), filled from hs_sku for the products it
# already has. The pipeline writes the SKU to both; HubSpot then matches on
# external_sku itself. A product sent before is recognised from the sync
# state and updated only when its name, price or description changed; one
# the state does not know goes to HubSpot's batch upsert, which creates or
# updates it by external_sku without a lookup call first. Inactive
# products are not sent. Records go 100 a call: 1,000 new products take
# eleven calls (the property definitions and ten upserts).

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
  description = "Active webshop products become HubSpot products, upserted by SKU."
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
    key_field  = "properties.external_sku" # HubSpot's product with this SKU is updated, not created again
    on_exists  = "update"

    calls_per_ten_seconds = var.calls_per_ten_seconds
  }

  filter = "source.active"

  map {
    properties = {
      name            = "source.name"
      hs_sku          = "source.sku"
      external_sku    = "source.sku"
      price           = "source.price_excl_vat"
      description     = "source.short_description ?? source.description"
      hs_product_type = "source.stock == nil ? 'non_inventory' : 'inventory'"
    }
  }
}
