description = "customer_match = vatNumber: Groenrijk is found by its VAT number, Dupont created; Eva Smit has no VAT number to match on: she is created, and later runs know her by the cross-reference to her Exact account."

vars = {
  customer_match = "vatNumber"
}
