description = "prices_include_vat = true and code_prefix = SCHORT: only the aprons are sent, at 24.00 + 21% = 29.04; manage_stock = false makes them non-stock items."

vars = {
  prices_include_vat = true
  code_prefix        = "SCHORT"
  manage_stock       = false
}
