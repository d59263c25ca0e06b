# Orders as journal entries: the other order type AccountView takes. Where
# orders.hcl makes sales orders (SO1), this flow books each eAccounting
# order on the sales journal (DJ1, sales_journal): a page for the order's
# debtor, whose control account takes the counter-entry, with one line per
# row on the revenue account of the customer's country
# (revenue_accounts.csv) and its VAT code and VAT amount; it runs with
# order_type = "journal_entry" (orders.hcl is then disabled). Line amounts
# are positive sales excl. VAT (assumed: not published for AccountView).
#
# Everything else is as in orders.hcl: statuses, an order booked before
# (INV_NR = order_reference_prefix + number) skipped, the debtor found or
# created, VAT code per country, row discounts netted into the amounts.
#
# Value maps: the type (cash, card, …) of the order's terms of payment,
# or else the customer's, becomes the page's payment method (PAY_TYPE,
# payment_methods.csv, bank transfer by default); a new debtor gets the
# relation group of the customer's label (customer_groups.csv). Shipping
# methods: a journal page has no shipping field, so the order's delivery
# method is not booked.
#
# Settings (settings.hcl): order_type, sales_journal, order_statuses,
# order_reference_prefix, customer_match, update_customers,
# default_debtor, debtor_account, home_country; revenue_accounts.csv,
# vat_rates.csv, vat_by_country.csv, payment_terms.csv,
# payment_methods.csv, customer_groups.csv.

pipeline "accountview_eaccounting_orders_journal" {
  description = "eAccounting sales orders become AccountView sales journal entries; debtors found or created."
  schedule    = var.orders_schedule # how often pipeline serve runs it (settings.hcl)
  enabled     = var.order_type == "journal_entry"
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "eaccounting" {
    use    = "eaccounting"
    schema = "eaccounting/order"
  }

  target "accountview" {
    use       = "accountview"
    schema    = "accountview/journal_entry"
    key_field = "INV_NR"
    on_exists = "skip"
  }

  filter = "source.Status in var.order_statuses"

  related "customer" {
    in      = "source"
    entity  = "eaccounting/customer"
    by      = "Id"
    missing = "error"
  }

  related "terms" {
    in     = "source"
    entity = "eaccounting/terms_of_payment"
    by     = "Id"
  }

  related "debtor" {
    entity  = "accountview/debtor"
    by      = var.customer_match == "number" ? "SUB_NR" : var.customer_match == "vat" ? "VAT_NR" : "MAIL_BUS"
    missing = "create"
    found   = var.update_customers ? "update" : "use"

    # item is the eAccounting customer, as in orders.hcl.
    create {
      SUB_NR    = "truncate(item.CustomerNumber, 10)"
      ACCT_NR   = "var.debtor_account"
      ACCT_NAME = "truncate(item.Name, 40)"
      SRC_CODE  = "upper(truncate(regexReplace(item.Name, '[^A-Za-z0-9]', ''), 10))"
      MAIL_BUS  = "truncate(lower(item.EmailAddress), 50)"
      MAIN_CONT = "item.IsPrivatePerson ? nil : truncate(item.ContactPersonName, 40)"
      ADDRESS1  = "item.InvoiceAddress1"
      POST_CODE = "item.InvoicePostalCode"
      CITY      = "truncate(item.InvoiceCity, 35)"
      CNT_CODE  = "item.InvoiceCountryCode ?? 'NL'"
      VAT_NR    = "truncate(item.VatNumber, 14)"
      DISC_CODE = "lookup('disc_code', string(related('terms', item.TermsOfPaymentId)?.NumberOfDays ?? 30))"
      RPL_GRP   = "lookup('debtor_group', item.CustomerLabels?.[0]?.Name ?? '')"
    }
  }

  related "default_debtor" {
    entity  = "accountview/debtor"
    by      = "SUB_NR"
    missing = "error"
  }

  map {
    DJ_CODE  = "var.sales_journal"
    INV_NR   = "var.order_reference_prefix + string(source.Number)"
    HDR_DESC = "truncate('Order ' + string(source.Number) + ' ' + related('customer', source.CustomerId).Name, 40)"
    TRN_DATE = "date(source.OrderDate)"
    PAY_TYPE = "lookup('payment_method', string(related('terms', source.TermsOfPaymentId ?? related('customer', source.CustomerId).TermsOfPaymentId)?.TermsOfPaymentTypeId ?? 0))"
    SUB_NR   = <<-EXPR
      var.default_debtor != ''
        ? related('default_debtor', var.default_debtor).SUB_NR
        : related('debtor',
            var.customer_match == 'number' ? related('customer', source.CustomerId).CustomerNumber
              : var.customer_match == 'vat' ? related('customer', source.CustomerId).VatNumber
              : lower(related('customer', source.CustomerId).EmailAddress),
            related('customer', source.CustomerId)).SUB_NR
    EXPR
  }

  each "DJ_LINE" {
    from   = "source.Rows"
    filter = "!item.IsTextRow"

    map {
      ACCT_NR  = "lookup('revenue_account', related('customer', source.CustomerId).InvoiceCountryCode ?? var.home_country)"
      TRN_DATE = "date(source.OrderDate)"
      TRN_DESC = "truncate(item.Text, 40)"
      AMOUNT   = "round(item.Quantity * item.UnitPrice * (1 - (item.DiscountPercentage ?? 0)), 2)"
      VAT_CODE = <<-EXPR
        related('customer', source.CustomerId).InvoiceCountryCode != var.home_country && !related('customer', source.CustomerId).IsPrivatePerson && !isEmpty(related('customer', source.CustomerId).VatNumber)
          ? lookup('vat_by_country', related('customer', source.CustomerId).InvoiceCountryCode)
          : lookup('vat_code', string(item.VatRate ?? 0))
      EXPR
      VAT_AMT  = <<-EXPR
        related('customer', source.CustomerId).InvoiceCountryCode != var.home_country && !related('customer', source.CustomerId).IsPrivatePerson && !isEmpty(related('customer', source.CustomerId).VatNumber)
          ? 0
          : round(round(item.Quantity * item.UnitPrice * (1 - (item.DiscountPercentage ?? 0)), 2) * (item.VatRate ?? 0), 2)
      EXPR
    }
  }
}
