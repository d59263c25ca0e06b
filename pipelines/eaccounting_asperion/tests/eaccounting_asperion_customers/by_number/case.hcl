description = "customer_match = CustomerNumber: debtors are matched on their Asperion number, which new customers get as CustomerNumber."

vars = {
  customer_match = "CustomerNumber"
}
