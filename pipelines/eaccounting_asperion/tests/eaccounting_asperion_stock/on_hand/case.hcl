description = "stock_calculation = on_hand ignores reservations: ROOS +10, POT unchanged, SCHORT-M unchanged."

vars = {
  stock_calculation = "on_hand"
}
