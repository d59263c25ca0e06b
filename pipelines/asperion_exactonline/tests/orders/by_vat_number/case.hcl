description = "customer_match = vatNumber: Groenrijk is found by its VAT number and Dupont created with his; Eva Smit has no VAT number, so her order is set aside naming her account."

vars = {
  missing_product = "create"
  customer_match  = "vatNumber"
}
