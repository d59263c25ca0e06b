description = "order_type = journal_entry: orders 2-4 become balanced entries in VRK (receivable 1300 with the debtor, revenue per country, VAT 1500); order 1 is booked already (EXO-1); Dupont's revenue goes to 8100 with VAT code ICP; no articles are needed, so BONSAI-01 is no problem."

vars = {
  order_type = "journal_entry"
}
