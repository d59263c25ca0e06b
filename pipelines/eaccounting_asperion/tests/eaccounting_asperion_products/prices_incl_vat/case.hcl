description = "GrossPrice is converted to a price excluding VAT at the coding's rate: 13.63 at 9% gives 12.50, 29.04 at 21% gives 24.00."

vars = {
  prices_include_vat = true
}
