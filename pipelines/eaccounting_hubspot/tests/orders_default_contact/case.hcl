description = "With default_contact every deal goes to one contact, discounts as amounts, prices including VAT; no customer is looked up."
pipeline    = "eaccounting_hubspot_orders"
vars = {
  default_contact    = "202"
  discount_as        = "amount"
  prices_include_vat = true
}
