description = "Order 1 is in eAccounting already (skipped), order 4 is Invoiced (filtered out); Eva Smit (person) and Jardinerie Dupont (Belgian company) are created; order 5 has BONSAI-01, which eAccounting lacks: set aside."

vars = {
  missing_product = "error"
}
