description = "Discounts as one discount line with gross prices, every order on the default debtor."
pipeline    = "accountview_exactonline_orders"
vars = {
  discount_as     = "line"
  default_debtor  = "10009"
  missing_product = "create"
}
