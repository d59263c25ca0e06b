description = "Order 1 is in Asperion already (EXO-1, skipped), order 5 is cancelled (status 45, filtered out); Eva Smit (person) and Jardinerie Dupont (Belgian company, lines on OMZET-EU) are created, Groenrijk is found and updated; order 2's shipping line goes to VERZENDING; order 4 has BONSAI-01, which Asperion lacks: set aside."

vars = {
  missing_product = "error"
}
