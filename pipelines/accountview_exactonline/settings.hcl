# Settings of the AccountView ↔ Exact Online integration, shared by every
# flow in this folder (customers.hcl, products.hcl, orders.hcl,
# orders_journal.hcl): variables, value maps and, at the end, the related
# records both order flows find or create. Change a default here, or per
# run with -var name=value or PIPELINE_VAR_name.

variable "accountview_url" {
  type        = string
  default     = "https://www.accountview.net"
  description = "AccountView host, or an emulator's URL."
}

variable "company" {
  type        = string
  default     = "6f1c2d3e-4a5b-4c6d-8e7f-102030405060"
  description = "The AccountView administration's Id (GET /api/v3/companies); the default is the emulator seed's."
}

variable "exact_url" {
  type        = string
  default     = "https://start.exactonline.nl"
  description = "Exact Online host of the country (start.exactonline.nl, .be, ...), or an emulator's URL."
}

variable "division" {
  type        = number
  default     = 0
  description = "Exact Online division; 0 is the user's current division."
}

variable "calls_per_minute" {
  type        = number
  default     = 0
  description = "Client-side call limit of both systems; 0 is each system's own. More only against an emulator on this machine."
}

# How often pipeline serve runs each flow.

variable "orders_schedule" {
  type        = string
  default     = "every 5m"
  description = "How often pipeline serve runs orders.hcl and orders_journal.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

variable "customers_schedule" {
  type        = string
  default     = "every 15m"
  description = "How often pipeline serve runs contacts.hcl and customers.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

variable "products_schedule" {
  type        = string
  default     = "every 1h"
  description = "How often pipeline serve runs products.hcl: an interval (\"every 5m\", \"every 2h\") or a five-field cron line in the flow's time zone (\"*/15 6-22 * * 1-5\", @hourly, @daily)."
}

variable "order_type" {
  type        = string
  default     = "sales_order"
  description = "How Exact's sales orders are booked in AccountView: sales_order (orders.hcl) or journal_entry (orders_journal.hcl). The other flow is disabled: it reads nothing and its cursor stays put, so after a switch the chosen flow sends every order it has not sent before. Another value disables both (pipeline validate lists the disabled flows)."
}

variable "order_statuses" {
  type        = list(number)
  default     = [12, 20, 21]
  description = "Exact sales order statuses sent to AccountView: 12 open, 20 partly delivered, 21 complete (45 cancelled is not sent)."
}

variable "home_country" {
  type        = string
  default     = "NL"
  description = "Country of customers and orders that have none."
}

variable "customer_match" {
  type        = string
  default     = "email"
  description = "How a customer is found in the other system: email, customer_number (AccountView debtor number = Exact account code) or vat_number."
}

variable "update_customers" {
  type        = bool
  default     = true
  description = "Write the source values over a customer the target has (true), or use it as it is (false)."
}

variable "default_debtor" {
  type        = string
  default     = ""
  description = "AccountView debtor number (SUB_NR) every order is booked on instead of its own customer; empty: each order's own customer."
}

variable "debtor_control_account" {
  type        = string
  default     = "1300"
  description = "AccountView control account (ACCT_NR) of debtors created from Exact accounts."
}

variable "missing_product" {
  type        = string
  default     = "error"
  description = "An order line whose item AccountView lacks: error (the order is set aside), create (the article is created first) or null (the line keeps the Exact item code)."
}

variable "new_article_group" {
  type        = string
  default     = "BROOD"
  description = "AccountView article group of articles created from Exact order lines."
}

variable "shipping_item" {
  type        = string
  default     = "VERZEND"
  description = "Exact item code of shipping costs: its order lines become lines on shipping_article."
}

variable "shipping_article" {
  type        = string
  default     = "VERZEND"
  description = "AccountView article of shipping-cost lines."
}

variable "discount_as" {
  type        = string
  default     = "percentage"
  description = "How a line discount reaches AccountView: percentage (a net unit price) or line (gross prices and one discount line on discount_article)."
}

variable "discount_article" {
  type        = string
  default     = "KORTING"
  description = "AccountView article of the discount line; never sent to Exact as an item."
}

variable "prices_include_vat" {
  type        = bool
  default     = false
  description = "Send item prices to Exact including VAT (true) or excluding (false, AccountView's PX_SELL)."
}

variable "manage_stock" {
  type        = bool
  default     = true
  description = "Whether Exact keeps stock for the items this integration creates (IsStockItem)."
}

variable "only_unblocked" {
  type        = bool
  default     = true
  description = "Send only articles that are not blocked (REC_BLK)."
}

variable "article_groups" {
  type        = list(string)
  default     = []
  description = "Custom product filter: send only articles of these AccountView groups; empty sends all."
}

variable "variant_attributes" {
  type        = bool
  default     = true
  description = "Read an article's second description (ART_DESC2) written as \"Maat: S,M,L; Kleur: wit,zwart\" as variant attributes: one Exact item per combination (products.hcl)."
}

variable "variant_free_fields" {
  type        = list(string)
  default     = ["Maat", "Kleur"]
  description = "Variant attributes written to Exact's FreeTextField_02, _03 and _04, in this order (at most three)."
}

variable "currency" {
  type        = string
  default     = "EUR"
  description = "Currency of orders that name none."
}

lookup "item_group" {
  file    = "item_groups.csv"
  default = "GENERAL"
}

lookup "unit" {
  file    = "units.csv"
  default = "pc"
}

lookup "vat_code" {
  file    = "vat_codes.csv"
  default = "2"
}

lookup "order_vat_code" {
  file    = "order_vat_codes.csv"
  default = "2"
}

lookup "payment_terms" {
  file    = "payment_terms.csv"
  default = "30"
}

lookup "payment_terms_back" {
  file         = "payment_terms.csv"
  key_column   = "value"
  value_column = "key"
  default      = "30"
}

lookup "account_vat_code" {
  file    = "account_vat_codes.csv"
  default = "2"
}

lookup "debtor_vat_code" {
  file    = "debtor_vat_codes.csv"
  default = "2"
}

lookup "revenue_account" {
  file    = "revenue_accounts.csv"
  default = "8000"
}

variable "sales_journal" {
  type        = string
  default     = "VKB"
  description = "AccountView sales journal (DJ_CODE) of orders_journal.hcl."
}

# Related records of the order flows (orders.hcl, orders_journal.hcl):
# every flow that calls one of them has it as its own.

# The ordering account and its main contact person, read from Exact.
# Exact models a company as an account with contact persons, one of
# them its main contact (Account.MainContact); a private person is an
# account of their own, without a contact person, or whose main contact
# carries the account's own name.
related "account" {
  in      = "source"
  entity  = "exactonline/account"
  by      = "ID"
  missing = "error"
}

related "contact" {
  in     = "source"
  entity = "exactonline/contact"
  by     = "ID"
}

# The AccountView debtor of an order's account, found by customer_match
# or created; item is {account, contact}: the Exact account and its main
# contact. AccountView keeps a company's contact person on the debtor
# (MAIN_CONT, MC_MAILB); a private person is a debtor under their own
# name without one. (IS_COMP is AccountView's "relation is my
# competitor" flag, not a company flag, and is not written.)
related "debtor" {
  entity  = "accountview/debtor"
  by      = var.customer_match == "vat_number" ? "VAT_NR" : var.customer_match == "customer_number" ? "SUB_NR" : "MAIL_BUS"
  missing = "create"
  found   = var.update_customers ? "update" : "use"

  create {
    SUB_NR    = "var.customer_match == 'customer_number' ? key : nil"
    ACCT_NR   = "var.debtor_control_account"
    ACCT_NAME = "truncate(item.account.Name, 40)"
    SRC_CODE  = "upper(truncate(regexReplace(item.account.Name, '[^A-Za-z0-9]', ''), 10))"
    MAIL_BUS  = "lower(item.account.Email)"
    TEL_BUS   = "item.account.Phone"
    ADDRESS1  = "item.account.AddressLine1"
    POST_CODE = "item.account.Postcode"
    CITY      = "item.account.City"
    CNT_CODE  = "item.account.Country ?? var.home_country"
    VAT_NR    = "item.account.VATNumber"
    COC_CODE  = "item.account.ChamberOfCommerce"
    MAIN_CONT = "item.contact == nil || lower(trim(item.contact.FullName)) == lower(trim(item.account.Name)) ? nil : truncate(item.contact.FullName, 40)"
    MC_MAILB  = "item.contact == nil || lower(trim(item.contact.FullName)) == lower(trim(item.account.Name)) ? nil : truncate(lower(item.contact.Email), 50)"
    DISC_CODE = "lookup('payment_terms_back', item.account.PaymentConditionSales ?? '')"
    VAT_CODE  = "lookup('debtor_vat_code', item.account.Country ?? var.home_country)"
  }
}

# Every flow's source and target take these with use = "name"; the block
# itself holds only what differs per flow.
connection "accountview" {
  connection       = "accountview"
  base_url         = var.accountview_url
  company          = var.company
  client_id        = env("ACCOUNTVIEW_CLIENT_ID")
  calls_per_minute = var.calls_per_minute
}

connection "exactonline" {
  connection       = "exact"
  base_url         = var.exact_url
  division         = var.division
  client_id        = env("EXACT_CLIENT_ID")
  calls_per_minute = var.calls_per_minute
}
