description = "Orders as sales journal entries: the Belgian order on the EU revenue account with reverse-charge VAT (no VAT amount), the Dutch ones with 9% and 21% VAT; new debtors are created."
pipeline    = "accountview_exactonline_orders_journal"
