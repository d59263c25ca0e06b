# Orders: eAccounting sales orders become AccountView sales orders (SO1),
# with their debtors found or created on the way. Orders are read
# incrementally (ModifiedUtc); only those in order_statuses are sent. An
# order AccountView already has (COMMENT1 = order_reference_prefix + the
# eAccounting order number) is skipped, so the flow can run every few
# minutes. order_type = "journal_entry" disables it for orders_journal.hcl.
#
# Debtor: the order's eAccounting customer is looked up in AccountView by
# customer_match (e-mail by default); found, it is used as it is or, with
# update_customers, updated; not found, it is created: a company or a
# private person (no contact person of its own), with its contact. With default_debtor set,
# every order goes to that debtor.
#
# Lines: each row's article must exist in AccountView by code; when one is
# missing, missing_product = "error" sets the order aside naming it,
# "create" creates it first in article_group. Shipping rows go to
# accountview_shipping_article. VAT: a business customer abroad (with a
# VAT number, outside home_country) gets its country's code from
# vat_by_country.csv, everyone else the code of the row's VAT rate
# (vat_rates.csv). Row discounts are netted into the line price
# (discount_as = "percentage") or become one discount line.
#
# Value maps: payment terms (payment_terms.csv) on a new debtor, and its
# relation group from the customer's label (customer_groups.csv).
# Payment and shipping methods: AccountView's sales order header (SO_HDR,
# as far as its fields are known) has neither a payment method nor a
# shipping method field, and eAccounting orders carry no payment method,
# so neither is sent; orders_journal.hcl books the payment method.
#
# Settings (settings.hcl): order_type, order_statuses, order_reference_prefix,
# customer_match, update_customers, default_debtor, debtor_account,
# missing_product, article_group, shipping_article,
# accountview_shipping_article, discount_as, discount_article,
# home_country; vat_rates.csv, vat_by_country.csv, payment_terms.csv,
# customer_groups.csv.

pipeline "accountview_eaccounting_orders" {
  description = "eAccounting sales orders become AccountView sales orders; debtors found or created."
  schedule    = var.orders_schedule # how often pipeline serve runs it (settings.hcl)
  enabled     = var.order_type == "sales_order"
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "eaccounting" {
    use    = "eaccounting"
    schema = "eaccounting/order"
  }

  target "accountview" {
    use       = "accountview"
    schema    = "accountview/sales_order"
    key_field = "COMMENT1"
    on_exists = "skip"
  }

  filter = "source.Status in var.order_statuses"

  # --- what the order refers to in eAccounting ---

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

  # --- what it needs in AccountView ---

  related "debtor" {
    entity  = "accountview/debtor"
    by      = var.customer_match == "number" ? "SUB_NR" : var.customer_match == "vat" ? "VAT_NR" : "MAIL_BUS"
    missing = "create"
    found   = var.update_customers ? "update" : "use"

    # item is the eAccounting customer (related()'s third argument).
    create {
      SUB_NR    = "truncate(item.CustomerNumber, 10)"
      ACCT_NR   = "var.debtor_account"
      ACCT_NAME = "truncate(item.Name, 40)"
      SRC_CODE  = "upper(truncate(regexReplace(item.Name, '[^A-Za-z0-9]', ''), 10))"
      MAIL_BUS  = "truncate(lower(item.EmailAddress), 50)"
      ADDRESS1  = "item.InvoiceAddress1"
      POST_CODE = "item.InvoicePostalCode"
      CITY      = "truncate(item.InvoiceCity, 35)"
      CNT_CODE  = "item.InvoiceCountryCode ?? 'NL'"
      VAT_NR    = "truncate(item.VatNumber, 14)"
      TEL_BUS   = "truncate(item.Telephone, 20)"
      MAIN_CONT = "truncate(item.ContactPersonName, 40)"
      DISC_CODE = "lookup('disc_code', string(related('terms', item.TermsOfPaymentId)?.NumberOfDays ?? 30))"
      RPL_GRP   = "lookup('debtor_group', item.CustomerLabels?.[0]?.Name ?? '')"
    }
  }

  related "default_debtor" {
    entity  = "accountview/debtor"
    by      = "SUB_NR"
    missing = "error"
  }

  # Articles by code: missing_product says what a missing one does:
  # "error" sets the order aside, "create" creates it first.
  related "article" {
    entity  = "accountview/article"
    by      = "ART_CODE"
    missing = var.missing_product

    # item is the eAccounting row; its VAT code as on the order line.
    create {
      ART_CODE  = "key"
      ART_DESC1 = "truncate(coalesce(item.Text, key), 50)"
      AG_CODE   = "var.article_group"
      PX_SELL   = "item.UnitPrice"
      VAT_CODE  = <<-EXPR
        related('customer', source.CustomerId).InvoiceCountryCode != var.home_country && !related('customer', source.CustomerId).IsPrivatePerson && !isEmpty(related('customer', source.CustomerId).VatNumber)
          ? lookup('vat_by_country', related('customer', source.CustomerId).InvoiceCountryCode)
          : lookup('vat_code', string(item.VatRate ?? 0))
      EXPR
    }
  }

  # The discount article is only looked up, whatever missing_product says.
  related "discount_article" {
    entity  = "accountview/article"
    by      = "ART_CODE"
    missing = "error"
  }

  map {
    COMMENT1 = "var.order_reference_prefix + string(source.Number)"
    RPL_INV  = <<-EXPR
      var.default_debtor != ''
        ? related('default_debtor', var.default_debtor).SUB_NR
        : related('debtor',
            var.customer_match == 'number' ? related('customer', source.CustomerId).CustomerNumber
              : var.customer_match == 'vat' ? related('customer', source.CustomerId).VatNumber
              : lower(related('customer', source.CustomerId).EmailAddress),
            related('customer', source.CustomerId)).SUB_NR
    EXPR
    ORD_DATE = "source.OrderDate"
    DEL_DATE = "source.DeliveryDate"
    TO_EMAIL = "truncate(lower(related('customer', source.CustomerId).EmailAddress), 50)"
  }

  each "SO_LINE" {
    from   = "source.Rows"
    filter = "!item.IsTextRow"

    map {
      ART_CODE  = "related('article', item.ArticleNumber == var.shipping_article ? var.accountview_shipping_article : item.ArticleNumber, item).ART_CODE"
      ART_DESC1 = "truncate(item.Text, 50)"
      ORD_QTY   = "item.Quantity"
      ART_PX    = "var.discount_as == 'line' ? item.UnitPrice : round(item.UnitPrice * (1 - (item.DiscountPercentage ?? 0)), 2)"
      VAT_CODE  = <<-EXPR
        related('customer', source.CustomerId).InvoiceCountryCode != var.home_country && !related('customer', source.CustomerId).IsPrivatePerson && !isEmpty(related('customer', source.CustomerId).VatNumber)
          ? lookup('vat_by_country', related('customer', source.CustomerId).InvoiceCountryCode)
          : lookup('vat_code', string(item.VatRate ?? 0))
      EXPR
    }

    append "discount" {
      when = "var.discount_as == 'line' && sum(source.Rows, {#.Quantity * #.UnitPrice * (#.DiscountPercentage ?? 0)}) > 0"
      map {
        ART_CODE  = "related('discount_article', var.discount_article).ART_CODE"
        ART_DESC1 = "'Korting'"
        ORD_QTY   = 1
        ART_PX    = "-round(sum(source.Rows, {#.Quantity * #.UnitPrice * (#.DiscountPercentage ?? 0)}), 2)"
        VAT_CODE  = <<-EXPR
          related('customer', source.CustomerId).InvoiceCountryCode != var.home_country && !related('customer', source.CustomerId).IsPrivatePerson && !isEmpty(related('customer', source.CustomerId).VatNumber)
            ? lookup('vat_by_country', related('customer', source.CustomerId).InvoiceCountryCode)
            : lookup('vat_code', string(source.Rows[0].VatRate ?? 0))
        EXPR
      }
    }
  }
}
