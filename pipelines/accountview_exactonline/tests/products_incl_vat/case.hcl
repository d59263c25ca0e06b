description = "Only the MACHINES group, prices including VAT, no stock kept in Exact."
pipeline    = "accountview_exactonline_products"
vars = {
  article_groups     = ["MACHINES"]
  prices_include_vat = true
  manage_stock       = false
}
