# HubSpot products → Visma eAccounting articles, matched on the SKU
# (hs_sku = article Number): products made in HubSpot become articles, and
# a name or price changed in HubSpot reaches eAccounting.
#
# The read is incremental (hs_lastmodifieddate). New articles get the unit
# unit_code and the account coding of default_vat_rate (HubSpot products
# carry no VAT); an existing article keeps its unit, coding, stock and
# everything else this flow does not map. The HubSpot description becomes
# the article's note on create only (create_only): a note written in
# eAccounting afterwards is never overwritten.
#
# No ping-pong with products.hcl: this flow maps exactly the fields
# products.hcl writes, in reverse (hs_sku ↔ Number, name ↔ Name, price ↔
# NetPrice or GrossPrice by prices_include_vat). When products.hcl updates a
# HubSpot product, this flow reads that product again, finds the article
# already has those values, and writes nothing (the engine compares only
# the mapped fields): eAccounting's ChangedUtc does not move, so
# products.hcl has nothing new to read either. The loop ends after one echo
# that costs reads only.
#
# Settings (settings.hcl): unit_code, default_vat_rate, prices_include_vat,
# eaccounting_url, hubspot_url.

pipeline "eaccounting_hubspot_products_back" {
  description = "HubSpot products become eAccounting articles, created or updated by SKU."
  schedule    = var.products_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "hubspot" {
    use    = "hubspot"
    schema = "hubspot/product"

    calls_per_ten_seconds = var.calls_per_ten_seconds
  }

  target "eaccounting" {
    use                 = "eaccounting"
    schema              = "eaccounting/article"
    key_field           = "Number"
    on_exists           = "update"
    compare_with_target = true # two-way: read the target before an update, so what the other direction wrote is not written back
    create_only         = ["UnitId", "CodingId", "IsStock", "Note"]
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

  filter = "!isEmpty(source.properties.hs_sku)"

  map {
    Number     = "source.properties.hs_sku"
    Name       = "truncate(source.properties.name, 50)"
    NetPrice   = "var.prices_include_vat ? nil : round(source.properties.price ?? 0, 2)"
    GrossPrice = "var.prices_include_vat ? round(source.properties.price ?? 0, 2) : nil"
    Note       = "source.properties.description"
    IsActive   = true
    IsStock    = "source.properties.hs_product_type == 'inventory'"
    UnitId     = "related('unit', var.unit_code).Id"
    CodingId   = "related('coding', lookup('coding_name', var.default_vat_rate)).Id"
  }
}
