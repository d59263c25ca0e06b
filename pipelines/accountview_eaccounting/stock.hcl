# Stock: AccountView's available stock (QTY_AVAIL: on hand minus what open
# sales orders hold) becomes the stock balance of the eAccounting article
# with the same Number. Articles are read incrementally: a sales order in
# AccountView stamps the articles it moves, so each run sends only the
# stock that changed, and an unchanged balance costs no call.
#
# Settings (settings.hcl): manage_stock (false sends no stock) and
# stock_calculation (only "available": AccountView's API publishes no
# on-hand or planned figure). The article must exist in eAccounting
# (products.hcl creates it).

pipeline "accountview_eaccounting_stock" {
  description = "AccountView available stock becomes eAccounting stock balances."
  schedule    = var.stock_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "accountview" {
    use    = "accountview"
    schema = "accountview/article"
  }

  target "eaccounting" {
    use       = "eaccounting"
    schema    = "eaccounting/article"
    key_field = "Number"
    on_exists = "update"
  }

  related "article" {
    entity  = "eaccounting/article"
    by      = "Number"
    missing = "error"
  }

  # The setting, checked: another value sets every article aside, naming it.
  lookup "stock_calculation" {
    values   = { available = "QTY_AVAIL" }
    unmapped = "error"
  }

  filter = [
    "var.manage_stock",
    "lookup('stock_calculation', var.stock_calculation) == 'QTY_AVAIL'",
    "related('article', source.ART_CODE).IsStock ?? false",
  ]

  # Visma's PUT replaces the article, so the fields it requires travel
  # along as eAccounting has them: only StockBalance changes.
  map {
    Number       = "source.ART_CODE"
    StockBalance = "source.QTY_AVAIL ?? 0"
    Name         = "related('article', source.ART_CODE).Name"
    UnitId       = "related('article', source.ART_CODE).UnitId"
    CodingId     = "related('article', source.ART_CODE).CodingId"
    IsActive     = "related('article', source.ART_CODE).IsActive"
  }
}
