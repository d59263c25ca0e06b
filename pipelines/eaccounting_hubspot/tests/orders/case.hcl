description = "Order 1 HubSpot has is skipped, the draft is filtered out; order 3 (private person, new contact, discount, shipping line) and order 4 (Belgian company, new company and contact person, product SKU-2001 created, BE VAT) become deals."
pipeline    = "eaccounting_hubspot_orders"
