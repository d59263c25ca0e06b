description = "HubSpot products become articles: HS-3001 is new, SKU-1001 exists in eAccounting and is updated where it differs."
pipeline    = "eaccounting_hubspot_products_back"
