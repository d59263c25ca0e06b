# Products: AccountView articles (AK1) become eAccounting articles, matched
# by Number (the article code, ART_CODE). A new one is created, one
# eAccounting has is updated where a field differs, an unchanged one costs
# no call (articles are read incrementally on CNG_DATE).
#
# Note (ART_DESC2, the long description) is written when the article is
# created and never overwritten: it is enriched by hand in eAccounting.
# AccountView keeps no variants: sizes are articles of their own (MAND-S,
# MAND-L). eAccounting has no article groups; article_groups selects the
# groups that are sent. eAccounting stores both prices: the one AccountView
# does not hold is computed at the article's VAT rate.
#
# Settings (settings.hcl): send_blocked, article_groups,
# prices_include_vat, manage_stock, non_stock_articles; vat_codings.csv,
# units.csv.

pipeline "accountview_eaccounting_products" {
  description = "AccountView articles become eAccounting articles, created or updated by Number."
  schedule    = var.products_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "accountview" {
    use    = "accountview"
    schema = "accountview/article"
  }

  target "eaccounting" {
    use         = "eaccounting"
    schema      = "eaccounting/article"
    key_field   = "Number"
    on_exists   = "update"
    create_only = ["Note"]
  }

  filter = [
    "var.send_blocked || !(source.REC_BLK ?? false)",
    "len(var.article_groups) == 0 || source.AG_CODE in var.article_groups",
  ]

  related "vat" {
    in      = "source"
    entity  = "accountview/vat_code"
    by      = "VAT_CODE"
    missing = "error"
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

  map {
    Number     = "source.ART_CODE"
    Name       = "truncate(source.ART_DESC1, 50)"
    NetPrice   = <<-EXPR
      var.prices_include_vat
        ? round(source.PX_SELL * 100 / (100 + related('vat', source.VAT_CODE ?? '2').VAT_PCT), 2)
        : round(source.PX_SELL ?? 0, 2)
    EXPR
    GrossPrice = <<-EXPR
      var.prices_include_vat
        ? round(source.PX_SELL ?? 0, 2)
        : round((source.PX_SELL ?? 0) * (100 + related('vat', source.VAT_CODE ?? '2').VAT_PCT) / 100, 2)
    EXPR
    UnitId     = "related('unit', lookup('unit', source.UNIT_CODE ?? 'STK')).Id"
    CodingId   = "related('coding', lookup('coding', source.VAT_CODE ?? '2')).Id"
    IsActive   = "!(source.REC_BLK ?? false)"
    IsStock    = "var.manage_stock && !(source.ART_CODE in var.non_stock_articles)"
    Barcodes   = "isEmpty(source.EAN_CODE) ? nil : [{'Barcode': source.EAN_CODE, 'BarcodeType': 0}]"
    Note       = "source.ART_DESC2"
  }
}
