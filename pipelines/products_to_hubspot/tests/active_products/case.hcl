description = "Active products carry their SKU in hs_sku and in the unique external_sku HubSpot upserts by; inactive ones are not sent."
