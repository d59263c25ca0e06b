description = "discount_as = line: order 3 keeps its line at full price (20 x 11.50) and gets one discount line of -23.00 on KORTING, on the Belgian sales type too."

vars = {
  missing_product = "error"
  discount_as     = "line"
}
