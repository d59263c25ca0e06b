description = "default_customer = 99999: every order goes to the Webwinkelklanten customer; no customer is looked up or created."

vars = {
  missing_product  = "error"
  default_customer = "99999"
}
