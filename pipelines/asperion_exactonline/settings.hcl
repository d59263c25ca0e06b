# Settings shared by the flows between Asperion and Exact Online:
# customers.hcl (Exact → Asperion), products.hcl (Asperion → Exact), and
# the orders of Exact booked in Asperion, as sales orders (orders.hcl) or
# as journal entries (orders_as_journal_entries.hcl), per order_type.
# Change a default here, or per run with -var name=value or
# PIPELINE_VAR_name.

# --- Connections ---------------------------------------------------------

variable "exact_connection" {
  type        = string
  default     = "exact"
  description = "Name of the Exact Online connection (`pipeline auth` stores its tokens under it)."
}

variable "exact_url" {
  type        = string
  default     = "https://start.exactonline.nl"
  description = "Exact Online host of the company's country, or an emulator's URL."
}

variable "division" {
  type        = number
  default     = 0
  description = "Exact Online division (company) number; 0 takes the user's current division."
}

variable "asperion_connection" {
  type        = string
  default     = "asperion"
  description = "Name of the Asperion connection."
}

variable "asperion_url" {
  type        = string
  default     = "https://api.asperion.nl"
  description = "Asperion API host (https://api-sandbox.asperion.nl for the sandbox), or an emulator's URL."
}

variable "administration" {
  type        = number
  default     = 0
  description = "Id of the Asperion administration; 0 takes the user's default one."
}

variable "calls_per_minute" {
  type        = number
  default     = 0
  description = "Client-side call limit per system; 0 keeps each connector's own (Exact 60, Asperion 100 a minute)."
}

# Every flow's source and target take these with use = "name"; the block
# itself holds only what differs per flow.
connection "exactonline" {
  connection       = var.exact_connection
  base_url         = var.exact_url
  division         = var.division
  client_id        = env("EXACT_CLIENT_ID")
  calls_per_minute = var.calls_per_minute
}

connection "asperion" {
  connection       = var.asperion_connection
  base_url         = var.asperion_url
  administration   = var.administration
  client_id        = env("ASPERION_CLIENT_ID")
  calls_per_minute = var.calls_per_minute
}

# --- Schedules (pipeline serve) ------------------------------------------

variable "orders_schedule" {
  type        = string
  default     = "every 5m"
  description = "How often pipeline serve runs orders.hcl and orders_as_journal_entries.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

variable "customers_schedule" {
  type        = string
  default     = "every 15m"
  description = "How often pipeline serve runs customers.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

variable "products_schedule" {
  type        = string
  default     = "every 1h"
  description = "How often pipeline serve runs products.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

# --- Customers (Exact → Asperion) ----------------------------------------

variable "customer_match" {
  type        = string
  default     = "email"
  description = "Asperion debtor field an Exact account is matched on: email, number (the Exact account code, which must then be numeric) or vatNumber (an order of an account without one is set aside, naming the account)."
}

variable "customer_statuses" {
  type        = list(string)
  default     = ["C"]
  description = "Exact account statuses customers.hcl sends: C customer, P prospect, S suspect."
}

# --- Products (Asperion → Exact) -----------------------------------------

variable "code_prefix" {
  type        = string
  default     = ""
  description = "Send only the Asperion articles whose code starts with this text; empty sends all."
}

variable "prices_include_vat" {
  type        = bool
  default     = false
  description = "Write Exact's StandardSalesPrice including VAT (Asperion's price excluding VAT plus the VAT of the article's sales type); false writes it excluding VAT."
}

variable "manage_stock" {
  type        = bool
  default     = true
  description = "Exact keeps stock of Asperion's stock articles (IsStockItem); false makes every item a non-stock item."
}

variable "default_item_group" {
  type        = string
  default     = ""
  description = "Code of the Exact item group of articles whose sales type item_groups.csv does not list; empty leaves Exact's default group."
}

# --- Orders (Exact → Asperion) -------------------------------------------

variable "order_type" {
  type        = string
  default     = "sales_order"
  description = "How Exact's sales orders are booked in Asperion: sales_order (orders.hcl) or journal_entry (orders_as_journal_entries.hcl, a financial mutation). The other flow is disabled: it reads nothing and its cursor stays put, so after a switch the chosen flow sends every order it has not sent before. Another value disables both (pipeline validate lists the disabled flows)."
}

variable "order_statuses" {
  type        = list(number)
  default     = [12, 20, 21]
  description = "Exact sales order statuses that are sent: 12 open, 20 partially delivered, 21 complete (45 is cancelled)."
}

variable "order_reference_prefix" {
  type        = string
  default     = "EXO-"
  description = "Prefix of the Exact order number in the Asperion order's or journal entry's reference, which recognises orders sent before."
}

variable "update_customers" {
  type        = bool
  default     = true
  description = "Orders: write the Exact account's details over a debtor found in Asperion when they differ; false uses it as it is."
}

variable "default_debtor" {
  type        = string
  default     = ""
  description = "Asperion debtor number every order is booked on; empty finds or creates each order's own debtor."
}

variable "missing_product" {
  type        = string
  default     = "error"
  description = "An order line whose item Asperion has no article for (by code): error sets the order aside; create creates the article first (sales type default_sales_type)."
}

variable "default_sales_type" {
  type        = string
  default     = "OMZET-HOOG"
  description = "Code of the Asperion sales type of articles created from order lines."
}

variable "exact_shipping_item" {
  type        = string
  default     = "VERZEND"
  description = "Code of the Exact item on shipping lines; those lines go to the Asperion article shipping_article."
}

variable "shipping_article" {
  type        = string
  default     = "VERZENDING"
  description = "Code of the Asperion article of shipping lines."
}

variable "discount_as" {
  type        = string
  default     = "percentage"
  description = "Line discounts: percentage keeps them on the line; line sends lines at full price and one discount line on discount_article."
}

variable "discount_article" {
  type        = string
  default     = "KORTING"
  description = "Code of the Asperion article of the discount line (discount_as = line)."
}

# --- Journal entries (order_type = journal_entry) ------------------------

variable "journal_code" {
  type        = string
  default     = "VRK"
  description = "Code of the Asperion journal the entries are booked in."
}

variable "receivables_account" {
  type        = string
  default     = "1300"
  description = "Ledger account of the receivable (debit, with the debtor)."
}

variable "vat_account" {
  type        = string
  default     = "1500"
  description = "Ledger account of the VAT payable (credit)."
}

# --- Value maps ----------------------------------------------------------

# Exact payment condition code → Asperion payment condition code; others
# get 30.
lookup "payment_condition" {
  file         = "payment_conditions.csv"
  key_column   = "exact_code"
  value_column = "asperion_code"
  default      = "30"
}

# Asperion sales type → Exact item group (code); others get
# default_item_group.
lookup "item_group" {
  file         = "item_groups.csv"
  key_column   = "asperion_sales_type"
  value_column = "exact_item_group"
  default      = ""
}

# Asperion VAT code → Exact VAT code, both ways (products send an
# article's, journal entries book an order line's).
lookup "exact_vat_code" {
  file         = "vat_codes.csv"
  key_column   = "asperion_vat_code"
  value_column = "exact_vat_code"
  unmapped     = "error"
}

lookup "asperion_vat_code" {
  file         = "vat_codes.csv"
  key_column   = "exact_vat_code"
  value_column = "asperion_vat_code"
  unmapped     = "error"
}

# Per customer country: the Asperion sales type of order lines (empty: the
# article's own), the revenue account and the VAT code of journal entries
# (empty VAT code: the order line's). A country the file does not list is
# outside the EU: export sales type, revenue account and VAT code.
lookup "country_sales_type" {
  file         = "countries.csv"
  key_column   = "country"
  value_column = "sales_type"
  default      = "OMZET-EXPORT"
}

lookup "country_revenue_account" {
  file         = "countries.csv"
  key_column   = "country"
  value_column = "revenue_account"
  default      = "8200"
}

lookup "country_vat_code" {
  file         = "countries.csv"
  key_column   = "country"
  value_column = "vat_code"
  default      = "0"
}
