description = "With missing_product = create, MIXER-20 is created and order 3 goes with a new Belgian company debtor (contact person, reverse-charge VAT)."
pipeline    = "accountview_exactonline_orders"
vars = {
  missing_product = "create"
}
