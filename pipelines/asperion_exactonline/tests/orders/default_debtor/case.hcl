description = "default_debtor = 10001: every order goes to Groenrijk; no debtor is looked up or created."

vars = {
  missing_product = "create"
  default_debtor  = "10001"
}
