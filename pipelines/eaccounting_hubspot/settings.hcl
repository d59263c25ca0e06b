# Settings of the Visma eAccounting ↔ HubSpot integration, shared by every
# flow in this folder (products.hcl, products_back.hcl, customers.hcl,
# orders.hcl). Change a default here, or per run with -var name=value or
# PIPELINE_VAR_name.

variable "eaccounting_url" {
  type        = string
  default     = "https://eaccountingapi.vismaonline.com"
  description = "eAccounting API host, the sandbox's, or an emulator's URL."
}

variable "hubspot_url" {
  type        = string
  default     = "https://api.hubapi.com"
  description = "HubSpot API host, or an emulator's URL."
}

variable "calls_per_minute" {
  type        = number
  default     = 0
  description = "Client-side eAccounting call limit per endpoint; 0 is Visma's 600 a minute. Only an emulator on this machine allows more."
}

variable "calls_per_ten_seconds" {
  type        = number
  default     = 0
  description = "Client-side HubSpot call limit; 0 is HubSpot's 100 per ten seconds. Only an emulator on this machine allows more than 190."
}

# How often pipeline serve runs each flow.

variable "orders_schedule" {
  type        = string
  default     = "every 5m"
  description = "How often pipeline serve runs orders.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

variable "customers_schedule" {
  type        = string
  default     = "every 15m"
  description = "How often pipeline serve runs customers.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

variable "products_schedule" {
  type        = string
  default     = "every 1h"
  description = "How often pipeline serve runs products.hcl and products_back.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

variable "order_statuses" {
  type        = list(number)
  default     = [2, 3, 4]
  description = "eAccounting order statuses sent to HubSpot: 1 draft, 2 ongoing, 3 shipped, 4 invoiced."
}

variable "deal_pipeline" {
  type        = string
  default     = "default"
  description = "HubSpot deal pipeline the orders go to."
}

variable "currency" {
  type        = string
  default     = "EUR"
  description = "Currency of deals and line items when the order names none."
}

variable "home_country" {
  type        = string
  default     = "NL"
  description = "Country of orders and customers that have no country."
}

variable "customer_match" {
  type        = string
  default     = "email"
  description = "How orders and customers find the customer in HubSpot: email (contacts by e-mail, companies by customer number), customer_number, or vat_number (companies by VAT number)."
}

variable "update_customers" {
  type        = bool
  default     = true
  description = "Write the eAccounting values over a contact or company HubSpot already has (true), or use it as it is (false)."
}

variable "default_contact" {
  type        = string
  default     = ""
  description = "HubSpot contact id every deal is associated with instead of its own customer; empty: each order's own customer."
}

variable "missing_product" {
  type        = string
  default     = "create"
  description = "An order line whose SKU HubSpot lacks: create (the product is created first), error (the order is set aside) or null (the line is sent without a product)."
}

variable "shipping_article" {
  type        = string
  default     = "SHIP"
  description = "eAccounting article number of shipping costs: its order rows become a shipping line item without a product."
}

variable "shipping_name" {
  type        = string
  default     = "Shipping"
  description = "Name of the shipping line item in HubSpot."
}

variable "discount_as" {
  type        = string
  default     = "percentage"
  description = "How a row discount reaches HubSpot: percentage (hs_discount_percentage) or amount (a unit discount in money)."
}

variable "prices_include_vat" {
  type        = bool
  default     = false
  description = "Send prices to HubSpot including VAT (true) or excluding (false, eAccounting's NetPrice)."
}

variable "only_active" {
  type        = bool
  default     = true
  description = "Send only active articles and customers."
}

variable "article_labels" {
  type        = list(string)
  default     = []
  description = "Custom product filter: send only articles carrying one of these eAccounting labels; empty sends all."
}

variable "unit_code" {
  type        = string
  default     = "STK"
  description = "eAccounting unit of articles created from HubSpot products."
}

variable "default_vat_rate" {
  type        = string
  default     = "21"
  description = "VAT rate (percent) of articles created from HubSpot products, which carry no VAT."
}

lookup "coding_name" {
  values   = { "21" = "Goederen 21%", "9" = "Goederen 9%" }
  unmapped = "error"
}

lookup "payment_terms" {
  file    = "payment_terms.csv"
  default = "30 days"
}

lookup "shipping_method" {
  file    = "shipping_methods.csv"
  default = "Standard"
}

lookup "tax_rate_group" {
  file    = "tax_rate_groups.csv"
  default = "NL-21"
}

lookup "revenue_account" {
  file    = "revenue_accounts.csv"
  default = "8000"
}

lookup "deal_stage" {
  file    = "deal_stages.csv"
  default = "appointmentscheduled"
}

lookup "classification" {
  file         = "customer_classes.csv"
  key_column   = "label"
  value_column = "classification"
  default      = "Standard"
}

lookup "cost_centre" {
  file         = "customer_classes.csv"
  key_column   = "label"
  value_column = "cost_centre"
  default      = "100"
}

lookup "cost_unit" {
  file         = "customer_classes.csv"
  key_column   = "label"
  value_column = "cost_unit"
  default      = "GEN"
}

# Every flow's source and target take these with use = "name"; the block
# itself holds only what differs per flow.
connection "eaccounting" {
  connection       = "visma"
  base_url         = var.eaccounting_url
  client_id        = env("VISMA_CLIENT_ID")
  calls_per_minute = var.calls_per_minute
}

connection "hubspot" {
  connection = "hubspot"
  base_url   = var.hubspot_url
  token      = env("HUBSPOT_TOKEN")
}
