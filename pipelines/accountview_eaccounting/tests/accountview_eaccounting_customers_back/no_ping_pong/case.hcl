description = "No ping-pong: Julia de Boer as customers.hcl wrote her into eAccounting, read back, maps to exactly the AccountView debtor she came from: unchanged, no write."
