description = "missing_product = create: BONSAI-01 is created in Asperion (sales type OMZET-HOOG) before order 4 is written."

vars = {
  missing_product = "create"
}
