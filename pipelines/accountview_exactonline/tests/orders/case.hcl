description = "Order 1 AccountView has is skipped; order 2 (a private person created as debtor, a line discount, a shipping line) is sent; order 3 is set aside: AccountView lacks MIXER-20."
pipeline    = "accountview_exactonline_orders"
