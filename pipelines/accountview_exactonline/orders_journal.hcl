# Exact Online sales orders → AccountView sales journal entries (DJ1): the
# other order type AccountView takes, for administrations that book
# orders straight into the sales journal instead of as sales orders.
# order_type chooses: this flow runs with "journal_entry", orders.hcl
# with "sales_order"; the other one is disabled.
#
# Per order: only order_statuses are sent; an order AccountView already
# has (INV_NR "EXACT-<number>") is skipped; the debtor is found or created
# as in orders.hcl (or default_debtor); each line is booked on the revenue
# account of the customer's country (revenue_accounts.csv) with the VAT
# code of that country and the line's Exact VAT code (order_vat_codes.csv):
# reverse charge books no VAT. Journal entries need no articles, so
# missing_product does not apply.
#
# Settings (settings.hcl): order_type, sales_journal, order_statuses,
# customer_match, update_customers, default_debtor,
# debtor_control_account, home_country.

pipeline "accountview_exactonline_orders_journal" {
  description = "Exact Online sales orders become AccountView sales journal entries on the revenue account of their country."
  schedule    = var.orders_schedule # how often pipeline serve runs it (settings.hcl)
  enabled     = var.order_type == "journal_entry"
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "exactonline" {
    use    = "exactonline"
    schema = "exactonline/sales_order"
  }

  target "accountview" {
    use       = "accountview"
    schema    = "accountview/journal_entry"
    key_field = "INV_NR"
    on_exists = "skip"
  }

  # account, contact and debtor: as in orders.hcl, in settings.hcl.

  # VAT codes of AccountView, for the rate of each line's code.
  related "vat" {
    entity  = "accountview/vat_code"
    by      = "VAT_CODE"
    missing = "error"
  }

  filter = "source.Status in var.order_statuses"

  map {
    DJ_CODE  = "var.sales_journal"
    INV_NR   = "'EXACT-' + string(source.OrderNumber)"
    HDR_DESC = "truncate('Order ' + string(source.OrderNumber) + ' ' + (source.OrderedByName ?? ''), 40)"
    TRN_DATE = "date(source.OrderDate, 'UTC')"
    SUB_NR   = <<-EXPR
      var.default_debtor != "" ? var.default_debtor : (
        let acc = related('account', source.OrderedBy);
        let key = var.customer_match == 'vat_number' ? acc.VATNumber : var.customer_match == 'customer_number' ? trim(acc.Code) : lower(acc.Email);
        related('debtor', key, {'account': acc, 'contact': related('contact', acc.MainContact)}).SUB_NR
      )
    EXPR
  }

  each "DJ_LINE" {
    from = "source.SalesOrderLines"

    map {
      ACCT_NR  = "lookup('revenue_account', related('account', source.OrderedBy).Country ?? var.home_country)"
      TRN_DATE = "date(source.OrderDate, 'UTC')"
      TRN_DESC = "truncate(coalesce(item.Description, item.ItemDescription, item.ItemCode), 40)"
      AMOUNT   = "round(item.Quantity * item.NetPrice, 2)"
      VAT_CODE = "lookup('order_vat_code', (related('account', source.OrderedBy).Country ?? var.home_country) + '-' + (item.VATCode ?? '2'))"
      VAT_AMT  = <<-EXPR
        let code = lookup('order_vat_code', (related('account', source.OrderedBy).Country ?? var.home_country) + '-' + (item.VATCode ?? '2'));
        let rate = related('vat', code);
        rate.IS_REVERSE ?? false ? 0 : round(round(item.Quantity * item.NetPrice, 2) * rate.VAT_PCT / 100, 2)
      EXPR
    }
  }
}
