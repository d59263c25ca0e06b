description = "default_debtor = 10000: every order goes to Losse verkopen; no debtor is looked up or created."

vars = {
  default_debtor = "10000"
}
