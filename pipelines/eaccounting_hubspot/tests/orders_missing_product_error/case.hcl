description = "With missing_product = error the order with SKU-2001, which HubSpot lacks, is set aside; the other is sent."
pipeline    = "eaccounting_hubspot_orders"
vars = {
  missing_product = "error"
}
