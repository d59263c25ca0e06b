# Settings shared by the flows between Visma eAccounting and Asperion:
# products.hcl and stock.hcl (eAccounting → Asperion), customers.hcl and
# the order flows orders.hcl, orders_invoice.hcl and orders_voucher.hcl
# (Asperion → eAccounting). Change a default here, or per run
# with -var name=value or PIPELINE_VAR_name.

# --- Connections ---------------------------------------------------------

variable "eaccounting_connection" {
  type        = string
  default     = "visma"
  description = "Name of the eAccounting connection (`pipeline auth` stores its tokens under it)."
}

variable "eaccounting_url" {
  type        = string
  default     = "https://eaccountingapi.vismaonline.com"
  description = "eAccounting API host, the sandbox's, or an emulator's URL."
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
  description = "Client-side call limit per system; 0 keeps each connector's own (eAccounting 600, Asperion 100 a minute)."
}

# Every flow's source and target take these with use = "eaccounting" or
# use = "asperion"; the block itself holds only what differs per flow.
connection "eaccounting" {
  connection       = var.eaccounting_connection
  base_url         = var.eaccounting_url
  client_id        = env("VISMA_CLIENT_ID")
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
  description = "How often pipeline serve runs orders.hcl and orders_invoice.hcl and orders_voucher.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
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

variable "stock_schedule" {
  type        = string
  default     = "every 10m"
  description = "How often pipeline serve runs stock.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

# --- Products and stock (eAccounting → Asperion) -------------------------

variable "article_filter" {
  type        = string
  default     = ""
  description = "OData filter eAccounting applies to the articles read, e.g. \"startswith(Number,'WEB-')\"; empty sends all."
}

variable "send_inactive" {
  type        = bool
  default     = true
  description = "Send inactive eAccounting articles too (they become Inactive in Asperion); false leaves them out."
}

variable "prices_include_vat" {
  type        = bool
  default     = false
  description = "Take eAccounting's price including VAT (GrossPrice) and convert it to Asperion's price excluding VAT; false takes NetPrice."
}

variable "manage_stock" {
  type        = bool
  default     = true
  description = "Asperion keeps stock of eAccounting's stock articles (isStockArticle) and stock.hcl sends their stock; false: Asperion keeps none."
}

variable "stock_calculation" {
  type        = string
  default     = "available"
  description = "Stock sent to Asperion: available (on hand minus reserved by open orders), on_hand, or available_minus_planned (eAccounting has no planned outgoing figure, so this equals available)."
}

# --- Customers and orders (Asperion → eAccounting) -----------------------

variable "customer_match" {
  type        = string
  default     = "EmailAddress"
  description = "eAccounting customer field a debtor is matched on: EmailAddress, CustomerNumber (the Asperion debtor number) or VatNumber."
}

variable "update_customers" {
  type        = bool
  default     = true
  description = "Orders: write the debtor's details over a customer found in eAccounting when they differ; false uses it as it is."
}

variable "default_customer" {
  type        = string
  default     = ""
  description = "eAccounting CustomerNumber that every order is booked on; empty finds or creates each order's own customer."
}

variable "order_type" {
  type        = string
  default     = "sales_order"
  description = "How Asperion's sales orders are booked in eAccounting: sales_order (orders.hcl), sales_invoice (orders_invoice.hcl: customer invoice drafts) or voucher (orders_voucher.hcl). The other flows are disabled: it reads nothing and its cursor stays put, so after a switch the chosen flow sends every order it has not sent before. Another value disables all three (pipeline validate lists the disabled flows)."
}

variable "order_statuses" {
  type        = list(string)
  default     = ["Open", "Delivered"]
  description = "Asperion order statuses that are sent to eAccounting (Open, Delivered, Invoiced)."
}

variable "order_reference_prefix" {
  type        = string
  default     = "ASP-"
  description = "Prefix of the Asperion order number in the eAccounting order's YourReference, which recognises orders sent before."
}

variable "missing_product" {
  type        = string
  default     = "error"
  description = "An order line whose article eAccounting does not have: error sets the order aside; create creates the article first."
}

variable "unit_code" {
  type        = string
  default     = "STK"
  description = "Code of the eAccounting unit of articles created from order lines."
}

variable "default_coding" {
  type        = string
  default     = "Goederen 21%"
  description = "eAccounting account coding (decides VAT and revenue account) of articles created from order lines."
}

variable "shipping_article" {
  type        = string
  default     = "VERZENDING"
  description = "Code of the Asperion article on shipping lines; the lines go to the eAccounting article eaccounting_shipping_article."
}

variable "eaccounting_shipping_article" {
  type        = string
  default     = "VERZENDING"
  description = "eAccounting article Number of shipping lines."
}

variable "discount_as" {
  type        = string
  default     = "percentage"
  description = "Line discounts: percentage keeps them on the row; line sends rows at full price and one discount row on discount_article."
}

variable "discount_article" {
  type        = string
  default     = "KORTING"
  description = "eAccounting article Number of the discount row (discount_as = line)."
}

variable "currency" {
  type        = string
  default     = "EUR"
  description = "Currency of the orders (Asperion administrations keep one)."
}

variable "order_status" {
  type        = number
  default     = 2
  description = "Status of the eAccounting orders created: 1 Draft, 2 Ongoing."
}

variable "home_country" {
  type        = string
  default     = "NL"
  description = "Country of the administration: business customers elsewhere get the VAT code of vat_by_country.csv (orders_voucher.hcl)."
}

variable "receivable_account" {
  type        = number
  default     = 1300
  description = "eAccounting receivables account debited with an order's total (orders_voucher.hcl)."
}

variable "vat_account" {
  type        = number
  default     = 1500
  description = "eAccounting account credited with an order's VAT (orders_voucher.hcl)."
}

# --- Value maps ----------------------------------------------------------

# Asperion payment condition code → eAccounting terms of payment (days);
# a code the file does not list gets 30 days.
lookup "payment_days" {
  file         = "payment_terms.csv"
  key_column   = "asperion_code"
  value_column = "eaccounting_days"
  default      = "30"
}

# eAccounting account coding (which decides VAT and revenue account) →
# Asperion sales type (which does the same there); others get OMZET-HOOG.
lookup "sales_type" {
  file         = "sales_types.csv"
  key_column   = "eaccounting_coding"
  value_column = "asperion_sales_type"
  default      = "OMZET-HOOG"
}

# Asperion debtor group → eAccounting customer label (the customer's
# classification there); a debtor without a group, or with one the file
# does not list, gets the label Overig.
lookup "customer_label" {
  file         = "customer_groups.csv"
  key_column   = "asperion_group"
  value_column = "eaccounting_label"
  default      = "Overig"
}

# Asperion order shipping method → eAccounting delivery method (code and
# name on the order or invoice draft); others get the standard method.
lookup "delivery_method_code" {
  file         = "shipping_methods.csv"
  key_column   = "asperion_method"
  value_column = "eaccounting_code"
  default      = "STANDAARD"
}

lookup "delivery_method_name" {
  file         = "shipping_methods.csv"
  key_column   = "asperion_method"
  value_column = "eaccounting_name"
  default      = "Standaard verzending"
}

# Customer country → eAccounting revenue account (orders_voucher.hcl).
lookup "revenue_account" {
  file         = "revenue_accounts.csv"
  key_column   = "country"
  value_column = "eaccounting_account"
  default      = "8000"
}

# Asperion VAT percentage → eAccounting VAT code (orders_voucher.hcl).
lookup "vat_code" {
  file         = "vat_codes.csv"
  key_column   = "asperion_percentage"
  value_column = "eaccounting_vat_code"
  unmapped     = "error"
}

# Business customer's country → eAccounting VAT code (orders_voucher.hcl);
# a foreign country not listed is an error.
lookup "vat_by_country" {
  file         = "vat_by_country.csv"
  key_column   = "country"
  value_column = "eaccounting_vat_code"
  unmapped     = "error"
}

# --- Related records of the order flows (orders.hcl, orders_invoice.hcl,
# orders_voucher.hcl) and customers.hcl: part of each flow that calls them ---

# What an order refers to in Asperion.

related "debtor" {
  in      = "source"
  entity  = "asperion/debtor"
  by      = "id"
  missing = "error"
}

related "source_article" {
  in      = "source"
  entity  = "asperion/article"
  by      = "id"
  missing = "error"
}

related "payment_condition" {
  in     = "source"
  entity = "asperion/payment_condition"
  by     = "id"
}

# What it needs in eAccounting.

related "customer" {
  entity  = "eaccounting/customer"
  by      = var.customer_match
  missing = "create"
  found   = var.update_customers ? "update" : "use"

  # item is the Asperion debtor (related()'s third argument). The label
  # (customer_groups.csv) is customers.hcl's to send: labels are a list of
  # objects, which the engine compares whole with what eAccounting returns
  # (with the label's id), so here it would rewrite a found customer on
  # every order.
  create {
    CustomerNumber     = "var.customer_match == 'CustomerNumber' ? key : nil"
    Name               = "truncate(coalesce(item.name, join([item.contact?.firstName, item.contact?.middleName, item.contact?.lastName], ' ')), 50)"
    EmailAddress       = "lower(item.email)"
    IsPrivatePerson    = "item.type == 'Person'"
    IsActive           = true
    InvoiceAddress1    = "truncate(trim(concat(item.address?.street, ' ', item.address?.houseNumber)), 50)"
    InvoicePostalCode  = "item.address?.postalCode"
    InvoiceCity        = "item.address?.city"
    InvoiceCountryCode = "item.address?.countryCode ?? 'NL'"
    VatNumber          = "item.vatNumber"
    ContactPersonName  = "item.type == 'Company' ? truncate(join([item.contact?.firstName, item.contact?.middleName, item.contact?.lastName], ' '), 100) : nil"
    ContactPersonEmail = "item.type == 'Company' ? lower(item.contact?.email) : nil"
    TermsOfPaymentId   = "related('terms', lookup('payment_days', related('payment_condition', item.paymentConditionId)?.code ?? '-')).Id"
  }
}

related "default_customer" {
  entity  = "eaccounting/customer"
  by      = "CustomerNumber"
  missing = "error"
}

# Articles by Number: missing_product says what a missing one does:
# "error" sets the order aside, "create" creates it first.
related "article" {
  entity  = "eaccounting/article"
  by      = "Number"
  missing = var.missing_product

  # item is the Asperion order line.
  create {
    Number   = "key"
    Name     = "truncate(item.description, 50)"
    NetPrice = "item.unitPrice"
    IsActive = true
    IsStock  = false
    UnitId   = "related('unit', var.unit_code).Id"
    CodingId = "related('coding', var.default_coding).Id"
  }
}

# The discount article is only looked up, whatever missing_product says.
related "discount_article" {
  entity  = "eaccounting/article"
  by      = "Number"
  missing = "error"
}

related "unit" {
  entity  = "eaccounting/unit"
  by      = "Code"
  missing = "error"
}

related "coding" {
  entity  = "eaccounting/article_account_coding"
  by      = "Name"
  missing = "error"
}

related "terms" {
  entity  = "eaccounting/terms_of_payment"
  by      = "NumberOfDays"
  missing = "error"
}
