description = "Active articles become products: SKU-1001 HubSpot has is updated, its description enriched by hand in HubSpot left alone (create_only), the others created; the inactive article and the shipping article are not sent."
pipeline    = "eaccounting_hubspot_products"
