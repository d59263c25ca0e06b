description = "stock_calculation = on_hand: AccountView publishes no on-hand figure, so every article is set aside naming the setting."

vars = {
  stock_calculation = "on_hand"
}
