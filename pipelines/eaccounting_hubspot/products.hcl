# Visma eAccounting articles → HubSpot products, matched on the article
# number (HubSpot's unique external_sku, also written to hs_sku).
#
# A product HubSpot has is updated where name, price, cost, type or EAN
# differ. The read is incremental (ChangedUtc): a later run sends only the
# articles changed since. The description (the article's note) is written
# on create only (create_only names it inside HubSpot's properties): a
# description enriched by hand in HubSpot is never overwritten, and a
# note changed in eAccounting alone changes nothing.
#
# Settings (settings.hcl): only_active and article_labels (which articles
# are sent), prices_include_vat (GrossPrice instead of NetPrice),
# shipping_article (never sent as a product), eaccounting_url,
# hubspot_url.
#
# No ping-pong with products_back.hcl: both flows write only fields the
# other maps back to the same value (name, SKU, price), so an echo of a
# write compares equal on the other side and is not written again; see
# products_back.hcl.

pipeline "eaccounting_hubspot_products" {
  description = "eAccounting articles become HubSpot products, created or updated by article number."
  schedule    = var.products_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "eaccounting" {
    use    = "eaccounting"
    schema = "eaccounting/article"
  }

  target "hubspot" {
    use                 = "hubspot"
    schema              = "hubspot/product"
    key_field           = "properties.external_sku"
    on_exists           = "update"
    compare_with_target = true # two-way: read the target before an update, so what the other direction wrote is not written back
    create_only         = ["properties.description"]

    calls_per_ten_seconds = var.calls_per_ten_seconds
  }

  filter = [
    "source.IsActive || !var.only_active",
    "len(var.article_labels) == 0 || any(source.ArticleLabels ?? [], #.Name in var.article_labels)",
    "source.Number != var.shipping_article",
  ]

  map {
    properties = {
      name                  = "source.Name"
      hs_sku                = "source.Number"
      external_sku          = "source.Number"
      price                 = "var.prices_include_vat ? source.GrossPrice : source.NetPrice"
      description           = "coalesce(source.Note, source.Name)"
      hs_cost_of_goods_sold = "source.PurchasePrice > 0 ? source.PurchasePrice : nil"
      hs_product_type       = "source.IsStock ? 'inventory' : (source.IsServiceArticle ? 'service' : 'non_inventory')"
      ean                   = "len(source.Barcodes ?? []) > 0 ? source.Barcodes[0].Barcode : nil"
    }
  }
}
