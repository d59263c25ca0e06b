description = "order_type = sales_invoice: orders become customer invoice drafts. Order 1 has a draft already (skipped), order 4 is Invoiced (filtered out); order 2 (Eva Smit, private, new) ships with PostNL, order 3 (Belgian company, new) with DHL, order 5 creates BONSAI-01 first (missing_product = create); orders without a shipping method get the standard delivery method."

vars = {
  order_type      = "sales_invoice"
  missing_product = "create"
}
