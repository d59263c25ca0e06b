# Orders as financial mutations: with order_type = "journal_entry", Exact
# Online sales orders are booked in Asperion as journal entries in
# journal_code instead of as sales orders (orders.hcl is then disabled):
# the receivable on receivables_account (debit, with the debtor), each
# order line's amount excluding VAT on the revenue account of the
# customer's country (credit; a negative line, a credit, is booked debit),
# and the order's VAT on vat_account. The entry balances by construction:
# the receivable is the sum of the other lines.
#
# Statuses, the skip of an order booked before (the entry's reference is
# order_reference_prefix + the Exact order number) and the debtor found or
# created follow the same settings as orders.hcl. Entries need no
# articles: the lines name ledger accounts, so missing_product does not
# apply. The VAT code of a line is its country's (countries.csv: ICP for
# an EU company, 0 outside the EU) or, at home, the Exact line's VAT code
# translated by vat_codes.csv.
#
# Settings (settings.hcl): order_type, order_statuses,
# order_reference_prefix, customer_match, update_customers,
# default_debtor, journal_code, receivables_account, vat_account;
# payment_conditions.csv, countries.csv, vat_codes.csv.

pipeline "orders_as_journal_entries" {
  description = "Exact Online sales orders become Asperion journal entries (financial mutations); debtors found or created."
  schedule    = var.orders_schedule # how often pipeline serve runs it (settings.hcl)
  enabled     = var.order_type == "journal_entry"
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "exactonline" {
    use    = "exactonline"
    schema = "exactonline/sales_order"
  }

  target "asperion" {
    use       = "asperion"
    schema    = "asperion/journal_entry"
    key_field = "reference"
    on_exists = "skip"
  }

  filter = "source.Status in var.order_statuses"

  # customer_match = vatNumber and an account without one: the order is
  # set aside naming the account (a lookup with no values always fails).
  lookup "account_without_vat_number" {
    values   = { "-" = "-" }
    unmapped = "error"
  }

  # --- what the order refers to in Exact ---

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

  # --- what it needs in Asperion ---

  related "debtor" {
    entity  = "asperion/debtor"
    by      = var.customer_match
    missing = "create"
    found   = var.update_customers ? "update" : "use"

    # item is {account, contact, payment}, as in orders.hcl.
    create {
      number                  = "var.customer_match == 'number' ? integer(key) : nil"
      type                    = "isEmpty(item.account.VATNumber) && isEmpty(item.account.ChamberOfCommerce) ? 'Person' : 'Company'"
      name                    = "truncate(item.account.Name, 100)"
      email                   = "lower(item.account.Email)"
      phone                   = "truncate(item.account.Phone, 30)"
      vatNumber               = "item.account.VATNumber"
      chamberOfCommerceNumber = "item.account.ChamberOfCommerce"
      paymentConditionId      = "item.payment"
      contact = {
        firstName  = "truncate(item.contact?.FirstName, 50)"
        middleName = "truncate(item.contact?.MiddleName, 20)"
        lastName   = "truncate(item.contact?.LastName ?? item.account.Name, 80)"
        email      = "lower(item.contact?.Email ?? item.account.Email)"
        phone      = "truncate(item.contact?.Phone, 30)"
      }
      address = {
        street      = "truncate(item.account.AddressLine1, 100)"
        postalCode  = "truncate(item.account.Postcode, 10)"
        city        = "truncate(item.account.City, 60)"
        countryCode = "upper(item.account.Country ?? 'NL')"
      }
    }
  }

  related "default_debtor" {
    entity  = "asperion/debtor"
    by      = "number"
    missing = "error"
  }

  related "vat_code" {
    entity  = "asperion/vat_code"
    by      = "code"
    missing = "error"
  }

  related "payment_condition" {
    entity  = "asperion/payment_condition"
    by      = "code"
    missing = "error"
  }

  map {
    journalCode = "var.journal_code"
    reference   = "var.order_reference_prefix + string(source.OrderNumber)"
    entryDate   = "date(source.OrderDate)"
    description = "truncate(join(['Order ' + string(source.OrderNumber), related('account', source.OrderedBy).Name, source.YourRef], ' / '), 100)"
  }

  each "lines" {
    from   = "source.SalesOrderLines"
    filter = "(item.AmountFC ?? 0) != 0"

    map {
      ledgerAccountNumber = "lookup('country_revenue_account', upper(related('account', source.OrderedBy).Country ?? 'NL'))"
      description         = "truncate(coalesce(item.Description, item.ItemDescription), 100)"
      credit              = "item.AmountFC > 0 ? item.AmountFC : nil"
      debit               = "item.AmountFC < 0 ? -item.AmountFC : nil"
      vatCodeId           = <<-EXPR
        related('vat_code',
          lookup('country_vat_code', upper(related('account', source.OrderedBy).Country ?? 'NL')) != ''
            ? lookup('country_vat_code', upper(related('account', source.OrderedBy).Country ?? 'NL'))
            : lookup('asperion_vat_code', item.VATCode)).id
      EXPR
    }

    append "vat" {
      when = "sum(source.SalesOrderLines, {#.VATAmount ?? 0}) != 0"
      map {
        ledgerAccountNumber = "var.vat_account"
        description         = "'Btw order ' + string(source.OrderNumber)"
        credit              = "sum(source.SalesOrderLines, {#.VATAmount ?? 0}) > 0 ? sum(source.SalesOrderLines, {#.VATAmount ?? 0}) : nil"
        debit               = "sum(source.SalesOrderLines, {#.VATAmount ?? 0}) < 0 ? -sum(source.SalesOrderLines, {#.VATAmount ?? 0}) : nil"
      }
    }

    # The receivable: the order's total including VAT, with the debtor.
    append "receivable" {
      when = "true"
      map {
        ledgerAccountNumber = "var.receivables_account"
        description         = "'Order ' + string(source.OrderNumber)"
        debit               = "sum(source.SalesOrderLines, {(#.AmountFC ?? 0) + (#.VATAmount ?? 0)}) > 0 ? sum(source.SalesOrderLines, {(#.AmountFC ?? 0) + (#.VATAmount ?? 0)}) : nil"
        credit              = "sum(source.SalesOrderLines, {(#.AmountFC ?? 0) + (#.VATAmount ?? 0)}) < 0 ? -sum(source.SalesOrderLines, {(#.AmountFC ?? 0) + (#.VATAmount ?? 0)}) : nil"
        debtorId            = <<-EXPR
          var.default_debtor != ''
            ? related('default_debtor', var.default_debtor).id
            : related('debtor',
                var.customer_match == 'number' ? string(integer(trim(related('account', source.OrderedBy).Code)))
                  : var.customer_match == 'vatNumber' ? (isEmpty(related('account', source.OrderedBy).VATNumber) ? lookup('account_without_vat_number', related('account', source.OrderedBy).Name) : related('account', source.OrderedBy).VATNumber)
                  : lower(related('account', source.OrderedBy).Email),
                {
                  account: related('account', source.OrderedBy),
                  contact: related('contact', related('account', source.OrderedBy).MainContact),
                  payment: related('payment_condition', lookup('payment_condition', related('account', source.OrderedBy).PaymentConditionSales ?? '')).id
                }).id
        EXPR
      }
    }
  }
}
