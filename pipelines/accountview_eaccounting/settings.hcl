# Settings shared by the flows between AccountView and Visma eAccounting:
# products.hcl and stock.hcl (AccountView → eAccounting), customers.hcl
# (AccountView → eAccounting) and customers_back.hcl (eAccounting →
# AccountView), orders.hcl (eAccounting → AccountView). Change a default
# here, or per run with -var name=value or PIPELINE_VAR_name.

# --- Connections ---------------------------------------------------------

variable "accountview_connection" {
  type        = string
  default     = "accountview"
  description = "Name of the AccountView connection (`pipeline auth` stores its tokens under it)."
}

variable "accountview_url" {
  type        = string
  default     = "https://www.accountview.net"
  description = "AccountView host, or an emulator's URL."
}

variable "company" {
  type        = string
  default     = "7b2c3d4e-5f60-4a7b-8c9d-000000000002"
  description = "The AccountView administration's Id (GET /api/v3/companies); the default is the emulator seed's."
}

variable "eaccounting_connection" {
  type        = string
  default     = "visma"
  description = "Name of the eAccounting connection."
}

variable "eaccounting_url" {
  type        = string
  default     = "https://eaccountingapi.vismaonline.com"
  description = "eAccounting API host, the sandbox's, or an emulator's URL."
}

variable "calls_per_minute" {
  type        = number
  default     = 0
  description = "Client-side call limit per system; 0 keeps each connector's own (AccountView 120, eAccounting 600 a minute)."
}

# Every flow's source and target take these with use = "name"; the block
# itself holds only what differs per flow.
connection "accountview" {
  connection       = var.accountview_connection
  base_url         = var.accountview_url
  company          = var.company
  client_id        = env("ACCOUNTVIEW_CLIENT_ID")
  calls_per_minute = var.calls_per_minute
}

connection "eaccounting" {
  connection       = var.eaccounting_connection
  base_url         = var.eaccounting_url
  client_id        = env("VISMA_CLIENT_ID")
  calls_per_minute = var.calls_per_minute
}

# --- Schedules (pipeline serve) ------------------------------------------

variable "orders_schedule" {
  type        = string
  default     = "every 5m"
  description = "How often pipeline serve runs orders.hcl and orders_journal.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

variable "customers_schedule" {
  type        = string
  default     = "every 15m"
  description = "How often pipeline serve runs customers.hcl and customers_back.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

variable "products_schedule" {
  type        = string
  default     = "every 1h"
  description = "How often pipeline serve runs products.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

variable "stock_schedule" {
  type        = string
  default     = "every 10m"
  description = "How often pipeline serve runs stock.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

# --- Products and stock (AccountView → eAccounting) ----------------------

variable "send_blocked" {
  type        = bool
  default     = true
  description = "Send blocked AccountView articles (REC_BLK) too, as inactive eAccounting articles; false leaves them out."
}

variable "article_groups" {
  type        = list(string)
  default     = []
  description = "AccountView article groups (AG_CODE) whose articles are sent; empty sends every group."
}

variable "prices_include_vat" {
  type        = bool
  default     = false
  description = "AccountView's PX_SELL includes VAT: it becomes eAccounting's GrossPrice and NetPrice is computed; false: PX_SELL is NetPrice."
}

variable "manage_stock" {
  type        = bool
  default     = true
  description = "eAccounting keeps stock of the articles (IsStock) other than non_stock_articles, and stock.hcl sends it; false: eAccounting keeps none."
}

variable "non_stock_articles" {
  type        = list(string)
  default     = ["BEZORG", "KORTING"]
  description = "AccountView article codes of services and cost articles (shipping, discount) eAccounting keeps no stock of."
}

variable "stock_calculation" {
  type        = string
  default     = "available"
  description = "Stock sent to eAccounting: available (AccountView's QTY_AVAIL, on hand minus reserved). AccountView's API gives no on-hand or planned figure, so on_hand and available_minus_planned are refused."
}

# --- Customers (both ways) -----------------------------------------------

variable "customer_match" {
  type        = string
  default     = "email"
  description = "How a customer is recognised in the other system: email (MAIL_BUS / EmailAddress), number (SUB_NR / CustomerNumber) or vat (VAT_NR / VatNumber)."
}

variable "debtor_account" {
  type        = string
  default     = "1300"
  description = "AccountView control account (ACCT_NR) of debtors created from eAccounting."
}

variable "integration_user" {
  type        = string
  default     = ""
  description = "AccountView user (CNG_USR) of this integration's API calls; customers.hcl leaves out debtors it changed last, so a change is not even read back. Empty relies on the engine's unchanged detection, which looks the echoed customer up once and writes nothing."
}

# --- Orders (eAccounting → AccountView) ----------------------------------

variable "order_type" {
  type        = string
  default     = "sales_order"
  description = "How eAccounting's sales orders are booked in AccountView: sales_order (orders.hcl) or journal_entry (orders_journal.hcl). The other flow is disabled: it reads nothing and its cursor stays put, so after a switch the chosen flow sends every order it has not sent before. Another value disables both (pipeline validate lists the disabled flows)."
}

variable "order_statuses" {
  type        = list(number)
  default     = [2, 3]
  description = "eAccounting order statuses sent to AccountView: 1 Draft, 2 Ongoing, 3 Shipped, 4 Invoiced."
}

variable "order_reference_prefix" {
  type        = string
  default     = "EA-"
  description = "Prefix of the eAccounting order number in COMMENT1, which recognises orders sent before."
}

variable "update_customers" {
  type        = bool
  default     = false
  description = "Orders: write the eAccounting customer's details over the AccountView debtor found when they differ (customers_back.hcl also does this); false uses it as it is."
}

variable "default_debtor" {
  type        = string
  default     = ""
  description = "AccountView debtor (SUB_NR) every order is booked on; empty finds or creates each order's own debtor."
}

variable "missing_product" {
  type        = string
  default     = "error"
  description = "An order row whose article AccountView does not have: error sets the order aside; create creates the article first (in article_group)."
}

variable "article_group" {
  type        = string
  default     = "DIVERS"
  description = "AccountView article group of articles created from order rows."
}

variable "shipping_article" {
  type        = string
  default     = "BEZORG"
  description = "eAccounting article Number of shipping rows; they go to accountview_shipping_article."
}

variable "accountview_shipping_article" {
  type        = string
  default     = "BEZORG"
  description = "AccountView article code (ART_CODE) of shipping lines."
}

variable "discount_as" {
  type        = string
  default     = "percentage"
  description = "Row discounts: percentage nets them into the line price; line sends full prices and one discount line on discount_article."
}

variable "discount_article" {
  type        = string
  default     = "KORTING"
  description = "AccountView article code of the discount line (discount_as = line)."
}

variable "sales_journal" {
  type        = string
  default     = "VKB"
  description = "AccountView sales journal (DJ_CODE) of orders_journal.hcl, which books orders as journal entries instead of sales orders."
}

variable "home_country" {
  type        = string
  default     = "NL"
  description = "Country of the administration: customers elsewhere get the VAT code of vat_by_country.csv."
}

# --- Value maps ----------------------------------------------------------

# AccountView VAT code → eAccounting article account coding (VAT rate).
lookup "coding" {
  file         = "vat_codings.csv"
  key_column   = "accountview_vat_code"
  value_column = "eaccounting_coding"
  default      = "Goederen 21%"
}

# AccountView unit → eAccounting unit code.
lookup "unit" {
  file         = "units.csv"
  key_column   = "accountview_unit"
  value_column = "eaccounting_unit"
  default      = "STK"
}

# AccountView payment condition (DISC_CODE) ↔ eAccounting terms (days).
lookup "payment_days" {
  file         = "payment_terms.csv"
  key_column   = "accountview_disc_code"
  value_column = "eaccounting_days"
  default      = "30"
}

lookup "disc_code" {
  file         = "payment_terms.csv"
  key_column   = "eaccounting_days"
  value_column = "accountview_disc_code"
  default      = "30"
}

# AccountView relation group (RPL_GRP) ↔ eAccounting customer label: the
# customer's classification, read both ways (customer_groups.csv).
lookup "customer_label" {
  file         = "customer_groups.csv"
  key_column   = "accountview_group"
  value_column = "eaccounting_label"
  default      = "Overig"
}

lookup "debtor_group" {
  file         = "customer_groups.csv"
  key_column   = "eaccounting_label"
  value_column = "accountview_group"
  default      = "OVERIG"
}

# eAccounting terms of payment type → AccountView payment method (PAY_TYPE)
# of a journal page (orders_journal.hcl); others: bank transfer.
lookup "payment_method" {
  file         = "payment_methods.csv"
  key_column   = "eaccounting_terms_type"
  value_column = "accountview_pay_type"
  default      = "OVERBOEKING"
}

# Customer country → AccountView revenue account (orders_journal.hcl).
lookup "revenue_account" {
  file         = "revenue_accounts.csv"
  key_column   = "country"
  value_column = "accountview_account"
  default      = "8000"
}

# eAccounting row VAT rate → AccountView VAT code, for home-country sales.
lookup "vat_code" {
  file         = "vat_rates.csv"
  key_column   = "eaccounting_rate"
  value_column = "accountview_vat_code"
  unmapped     = "error"
}

# Customer country → AccountView VAT code of sales to businesses there
# (intra-community supplies, exports); a country not listed is an error.
lookup "vat_by_country" {
  file         = "vat_by_country.csv"
  key_column   = "country"
  value_column = "accountview_vat_code"
  unmapped     = "error"
}
