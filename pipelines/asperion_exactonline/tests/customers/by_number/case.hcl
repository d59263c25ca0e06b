description = "customer_match = number: debtors are matched and created by the Exact account code as debtor number."

vars = {
  customer_match = "number"
}
