description = "With update_customers = false a contact HubSpot has is skipped and the company found is used as it is; new customers are still created."
pipeline    = "eaccounting_hubspot_customers"
vars = {
  update_customers = false
}
