description = "order_type = journal_entry: orders.hcl sends nothing (orders_as_journal_entries.hcl books them)."

vars = {
  order_type = "journal_entry"
}
