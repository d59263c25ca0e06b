# Stock: eAccounting is the stock master. For every stock article whose
# stock changed in eAccounting (read incrementally: a stock movement gives
# the article a new ChangedUtc), the difference between the stock to send
# and Asperion's currentStock is booked in Asperion as a stock mutation:
# Asperion's currentStock is read-only, and Asperion's own sales orders
# lower it in between. A difference of zero sends nothing, so a repeated
# run, or a crash and a rerun, never books a change twice.
#
# Settings (settings.hcl): stock_calculation (available = on hand minus
# reserved by open orders, the default; on_hand; available_minus_planned)
# and manage_stock (false sends no stock at all). The article must exist in
# Asperion (products.hcl creates it) and keep stock there.

pipeline "eaccounting_asperion_stock" {
  description = "eAccounting stock levels become Asperion stock mutations."
  schedule    = var.stock_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "eaccounting" {
    use    = "eaccounting"
    schema = "eaccounting/article"
    filter = var.article_filter
  }

  target "asperion" {
    use    = "asperion"
    schema = "asperion/stock_mutation"
  }

  related "asperion_article" {
    entity  = "asperion/article"
    by      = "code"
    missing = "error"
  }

  # The setting, checked: another value sets every article aside, naming it.
  lookup "stock_calculation" {
    values   = { available = "available", on_hand = "on_hand", available_minus_planned = "available" }
    unmapped = "error"
  }

  filter = [
    "var.manage_stock",
    "source.IsStock ?? false",
    "related('asperion_article', source.Number).isStockArticle ?? false",
    "(lookup('stock_calculation', var.stock_calculation) == 'on_hand' ? source.StockBalance : source.StockBalanceAvailable) != (related('asperion_article', source.Number).currentStock ?? 0)",
  ]

  map {
    articleId    = "related('asperion_article', source.Number).id"
    quantity     = <<-EXPR
      (lookup('stock_calculation', var.stock_calculation) == 'on_hand' ? source.StockBalance : source.StockBalanceAvailable)
        - (related('asperion_article', source.Number).currentStock ?? 0)
    EXPR
    mutationDate = "date(now())"
    description  = "'Voorraad uit eAccounting (' + var.stock_calculation + ')'"
    reference    = "truncate(source.Number, 25) + ' ' + source.ChangedUtc"
  }
}
