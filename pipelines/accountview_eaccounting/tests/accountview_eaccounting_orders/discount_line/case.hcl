description = "discount_as = line: EA-2 keeps the full price 3.20 and gets a discount line of -1.60 on KORTING with its VAT code 4."

vars = {
  discount_as = "line"
}
