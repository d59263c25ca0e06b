# Products: eAccounting articles become Asperion articles, matched by code
# (the article Number, the SKU). A new one is created, one Asperion has is
# updated where a field differs, and an unchanged one costs no call on the
# next run (the source is read incrementally on ChangedUtc).
#
# longDescription (eAccounting's Note) is written when the article is
# created and never overwritten: it is the text people enrich by hand in
# Asperion. eAccounting keeps no variants: sizes and colours are articles of
# their own there (SCHORT-M, SCHORT-L), and arrive as articles of their own.
#
# Settings (settings.hcl): article_filter and send_inactive choose the
# articles; prices_include_vat picks the price; manage_stock decides
# whether Asperion keeps stock of them; sales_types.csv maps the account
# coding to the sales type that carries VAT and revenue account.

pipeline "eaccounting_asperion_products" {
  description = "eAccounting articles become Asperion articles, created or updated by code."
  schedule    = var.products_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "eaccounting" {
    use    = "eaccounting"
    schema = "eaccounting/article"
    filter = var.article_filter
  }

  target "asperion" {
    use         = "asperion"
    schema      = "asperion/article"
    key_field   = "code"
    on_exists   = "update"
    create_only = ["longDescription"]
  }

  filter = "var.send_inactive || source.IsActive"

  # The coding gives the VAT rate, for converting a price including VAT.
  related "article_coding" {
    in      = "source"
    entity  = "eaccounting/article_account_coding"
    by      = "Id"
    missing = "error"
  }

  related "sales_type" {
    entity  = "asperion/sales_type"
    by      = "code"
    missing = "error"
  }

  map {
    code            = "source.Number"
    description     = "truncate(source.Name, 100)"
    barcode         = "first(source.Barcodes ?? [])?.Barcode"
    unit            = "truncate(source.UnitAbbreviation, 10)"
    salesPrice      = <<-EXPR
      var.prices_include_vat
        ? round(source.GrossPrice * 100 / (100 + related('article_coding', source.CodingId).VatRatePercent * 100), 2)
        : round(source.NetPrice, 2)
    EXPR
    purchasePrice   = "source.PurchasePrice"
    salesTypeId     = "related('sales_type', lookup('sales_type', source.CodingName)).id"
    isStockArticle  = "var.manage_stock && (source.IsStock ?? false)"
    activeState     = "source.IsActive ? 'Active' : 'Inactive'"
    longDescription = "source.Note"
  }
}
