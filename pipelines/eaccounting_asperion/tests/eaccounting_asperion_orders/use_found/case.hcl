description = "update_customers = false: Groenrijk, found by e-mail, is used as it is (no update in want.related.ndjson); new customers are still created."

vars = {
  update_customers = false
}
