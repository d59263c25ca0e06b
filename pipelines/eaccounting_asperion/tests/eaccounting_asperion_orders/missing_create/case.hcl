description = "missing_product = create: BONSAI-01 is created in eAccounting (unit STK, coding Goederen 21%) before order 5 is written."

vars = {
  missing_product = "create"
}
