description = "A company with a contact person HubSpot has (updated, company found), a private person (created) and a foreign company (created with its company); the inactive customer is not sent."
pipeline    = "eaccounting_hubspot_customers"
