description = "missing_product = create: ZEEP-NL is created in AccountView (group DIVERS, VAT code 2) before EA-3 is written."

vars = {
  missing_product = "create"
}
