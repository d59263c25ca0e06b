description = "discount_as = line: order 3 keeps its rows at full price and gets one discount row of -23.00 on KORTING."

vars = {
  missing_product = "error"
  discount_as     = "line"
}
