# Orders as vouchers: the financial-mutation order type. Where orders.hcl
# makes eAccounting sales orders (whose VAT and revenue accounts
# eAccounting derives from the articles), this flow books each Asperion
# order as an eAccounting voucher: one credit row per order line on the
# revenue account of the customer's country (revenue_accounts.csv), with
# the VAT code of the line's rate or, for a business customer abroad, of
# its country (vat_by_country.csv); one credit row with the order's VAT on
# vat_account; one debit row with the total on receivable_account. Amounts
# are Asperion's own (amountExclVat, totalVat, totalInclVat), so the
# voucher balances as the order does. order_type chooses one of the two
# order flows: this one runs with "voucher" and is disabled otherwise.
#
# An order booked before is recognised by its VoucherText ("Asperion order
# <number>") and skipped. Only orders in order_statuses are booked.
#
# Settings (settings.hcl): order_type, order_statuses, home_country,
# receivable_account, vat_account; revenue_accounts.csv, vat_codes.csv,
# vat_by_country.csv.

pipeline "eaccounting_asperion_orders_voucher" {
  description = "Asperion sales orders become eAccounting vouchers on per-country revenue accounts."
  schedule    = var.orders_schedule # how often pipeline serve runs it (settings.hcl)
  enabled     = var.order_type == "voucher"
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "asperion" {
    use    = "asperion"
    schema = "asperion/sales_order"
  }

  target "eaccounting" {
    use       = "eaccounting"
    schema    = "eaccounting/voucher"
    key_field = "VoucherText"
    on_exists = "skip"
  }

  filter = "source.status in var.order_statuses"

  related "asperion_vat" {
    in      = "source"
    entity  = "asperion/vat_code"
    by      = "id"
    missing = "error"
  }

  related "vat_code" {
    entity  = "eaccounting/vat_code"
    by      = "Code"
    missing = "error"
  }

  map {
    VoucherText = "'Asperion order ' + string(source.number)"
    VoucherDate = "source.orderDate"
  }

  each "Rows" {
    from = "source.lines"

    map {
      AccountNumber   = "integer(lookup('revenue_account', related('debtor', source.debtorId).address?.countryCode ?? var.home_country))"
      CreditAmount    = "item.amountExclVat"
      DebitAmount     = 0
      TransactionText = "truncate(item.description, 60)"
      VatCodeId       = <<-EXPR
        related('vat_code',
          (related('debtor', source.debtorId).address?.countryCode ?? var.home_country) != var.home_country
            && related('debtor', source.debtorId).type == 'Company' && !isEmpty(related('debtor', source.debtorId).vatNumber)
            ? lookup('vat_by_country', related('debtor', source.debtorId).address.countryCode)
            : lookup('vat_code', string(related('asperion_vat', item.vatCodeId).percentage))
        ).Id
      EXPR
    }

    append "vat" {
      when = "(source.totalVat ?? 0) != 0"
      map {
        AccountNumber   = "var.vat_account"
        CreditAmount    = "source.totalVat"
        DebitAmount     = 0
        TransactionText = "'Btw order ' + string(source.number)"
      }
    }

    append "receivable" {
      map {
        AccountNumber   = "var.receivable_account"
        DebitAmount     = "source.totalInclVat"
        CreditAmount    = 0
        TransactionText = "truncate('Order ' + string(source.number) + ' ' + (related('debtor', source.debtorId).name ?? ''), 60)"
      }
    }
  }
}
