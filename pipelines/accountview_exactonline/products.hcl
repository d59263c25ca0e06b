# AccountView articles → Exact Online items, created or updated by code.
#
# Each item goes to the Exact item group of its article group
# (item_groups.csv, default GENERAL). Exact's API can read item groups but
# not create them, so the groups are set up once in Exact and matched by
# code; an article whose group maps to a code Exact lacks is set aside
# with that reason. The article's picture (IMG_MEDIUM, base64) becomes
# the item's one picture. The long description (Notes) is written on
# create only: text enriched by hand in Exact is never overwritten. The
# read is incremental (CNG_DATE).
#
# Settings (settings.hcl): only_unblocked and article_groups (which
# articles are sent), prices_include_vat (the article's VAT rate from its
# AccountView VAT code), manage_stock (IsStockItem), discount_article
# (never sent).

pipeline "accountview_exactonline_products" {
  description = "AccountView articles become Exact Online items in their item group, created or updated by code."
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "accountview" {
    schema           = "accountview/article"
    connection       = "accountview"
    base_url         = var.accountview_url
    company          = var.company
    client_id        = env("ACCOUNTVIEW_CLIENT_ID")
    calls_per_minute = var.calls_per_minute
  }

  target "exactonline" {
    schema           = "exactonline/item"
    connection       = "exact"
    base_url         = var.exact_url
    division         = var.division
    client_id        = env("EXACT_CLIENT_ID")
    calls_per_minute = var.calls_per_minute
    key_field        = "Code"
    on_exists        = "update"
    create_only      = ["Notes"]
  }

  # The article's VAT code in AccountView, for its rate.
  related "vat" {
    in      = "source"
    entity  = "accountview/vat_code"
    by      = "VAT_CODE"
    missing = "error"
  }

  related "item_group" {
    entity  = "exactonline/item_group"
    by      = "Code"
    missing = "error"
  }

  filter = [
    "!(source.REC_BLK ?? false) || !var.only_unblocked",
    "len(var.article_groups) == 0 || (source.AG_CODE ?? '') in var.article_groups",
    "source.ART_CODE != var.discount_article",
  ]

  map {
    Code               = "source.ART_CODE"
    Description        = "source.ART_DESC1"
    ExtraDescription   = "coalesce(source.ART_DESC2)"
    Notes              = "coalesce(source.ART_DESC2, source.ART_DESC1)"
    Barcode            = "coalesce(source.EAN_CODE)"
    StandardSalesPrice = <<-EXPR
      var.prices_include_vat
        ? round((source.PX_SELL ?? 0) * (100 + related('vat', source.VAT_CODE ?? '2').VAT_PCT) / 100, 2)
        : source.PX_SELL ?? 0
    EXPR
    SalesVatCode       = "lookup('vat_code', source.VAT_CODE ?? '')"
    Unit               = "lookup('unit', source.UNIT_CODE ?? '')"
    IsSalesItem        = true
    IsStockItem        = "var.manage_stock && source.AG_CODE != 'DIENST'"
    ItemGroup          = "related('item_group', lookup('item_group', source.AG_CODE ?? '')).ID"
    FreeTextField_01   = "source.AG_CODE"
    Picture            = "coalesce(source.IMG_MEDIUM)"
  }
}
