# Exact Online sales orders → AccountView sales orders (SO1).
#
# Per order (the read is incremental on Exact's Timestamp):
#  1. only orders in order_statuses are sent;
#  2. the currency and dates come from the order, or the settings;
#  3. an order AccountView already has (COMMENT1 "EXACT-<number>") is
#     skipped, before any debtor or article is looked up or created;
#  4. the ordering account is read from Exact and found in AccountView by
#     e-mail (or customer_match): a missing one becomes a debtor — a
#     company (an account whose main contact is another person) with that
#     contact person (MAIN_CONT, MC_MAILB), otherwise a private person
#     under their own name; found debtors are updated when
#     update_customers is on; default_debtor books every order on one
#     debtor instead;
#  5. every line's item must exist in AccountView as an article by code:
#     a missing one sets the order aside (missing_product = "error") or is
#     created first ("create");
#  6. the order type is the sales order; orders_journal.hcl writes the
#     same orders as sales journal entries instead (order_type chooses:
#     this flow runs with "sales_order" and is disabled otherwise);
#  7. the Exact shipping item's lines go to shipping_article, a line
#     discount is a net price or one discount line (discount_as), each
#     line's VAT code follows the delivery country (order_vat_codes.csv),
#     and the debtor gets the payment terms and VAT code of its country.

pipeline "accountview_exactonline_orders" {
  description = "Exact Online sales orders become AccountView sales orders, debtors and articles found or created."
  schedule    = var.orders_schedule # how often pipeline serve runs it (settings.hcl)
  enabled     = var.order_type == "sales_order"
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "exactonline" {
    use    = "exactonline"
    schema = "exactonline/sales_order"
  }

  target "accountview" {
    use       = "accountview"
    schema    = "accountview/sales_order"
    key_field = "COMMENT1"
    on_exists = "skip"
  }

  # The order AccountView already has: nothing else is worked out for it.
  related "existing" {
    entity = "accountview/sales_order"
    by     = "COMMENT1"
  }

  # account, contact and debtor: the ordering account, its main contact
  # person and the AccountView debtor, shared with orders_journal.hcl in
  # settings.hcl.

  # The AccountView article of a line's item (item holds the line's
  # description, unit price and VAT code),
  # created when missing_product = "create"; known_article finds it or
  # sets the order aside ("error") or leaves the code as it is ("null").
  related "article" {
    entity  = "accountview/article"
    by      = "ART_CODE"
    missing = "create"

    create {
      ART_CODE  = "key"
      ART_DESC1 = "truncate(coalesce(item.ItemDescription, key), 50)"
      PX_SELL   = "item.UnitPrice"
      VAT_CODE  = "lookup('vat_code', item.VATCode ?? '')"
      AG_CODE   = "var.new_article_group"
    }
  }

  related "known_article" {
    entity  = "accountview/article"
    by      = "ART_CODE"
    missing = var.missing_product == "create" ? "null" : var.missing_product
  }

  filter = "source.Status in var.order_statuses"

  map {
    COMMENT1 = "'EXACT-' + string(source.OrderNumber)"
    # The articles are checked (or created) before the debtor, so that an
    # order set aside for a missing article has created no debtor. A created
    # article gets the line's fields named here.
    RPL_INV  = <<-EXPR
      let old = related('existing', 'EXACT-' + string(source.OrderNumber));
      let articles = old != nil ? [] : map(source.SalesOrderLines, #.ItemCode == var.shipping_item ? nil
        : var.missing_product == 'create'
          ? related('article', #.ItemCode, {'ItemDescription': #.ItemDescription, 'UnitPrice': #.UnitPrice, 'VATCode': #.VATCode})
          : related('known_article', #.ItemCode));
      old != nil ? old.RPL_INV : var.default_debtor != "" || len(articles) < 0 ? var.default_debtor : (
        let acc = related('account', source.OrderedBy);
        let key = var.customer_match == 'vat_number' ? acc.VATNumber : var.customer_match == 'customer_number' ? trim(acc.Code) : lower(acc.Email);
        related('debtor', key, {'account': acc, 'contact': related('contact', acc.MainContact)}).SUB_NR
      )
    EXPR
    ORD_DATE = "date(source.OrderDate, 'UTC')"
    DEL_DATE = "source.DeliveryDate == nil ? nil : date(source.DeliveryDate, 'UTC')"
    TO_EMAIL = "truncate(lower(related('account', source.OrderedBy).Email ?? ''), 50)"
  }

  each "SO_LINE" {
    from = "source.SalesOrderLines"

    map {
      ART_CODE  = <<-EXPR
        item.ItemCode == var.shipping_item ? var.shipping_article
          : related('existing', 'EXACT-' + string(source.OrderNumber)) != nil ? item.ItemCode
          : var.missing_product == 'create' ? related('article', item.ItemCode, item).ART_CODE
          : related('known_article', item.ItemCode)?.ART_CODE ?? item.ItemCode
      EXPR
      ART_DESC1 = "truncate(coalesce(item.Description, item.ItemDescription), 50)"
      ORD_QTY   = "item.Quantity"
      ART_PX    = "var.discount_as == 'line' ? item.UnitPrice : round(item.NetPrice, 2)"
      VAT_CODE  = "lookup('order_vat_code', (related('account', source.OrderedBy).Country ?? var.home_country) + '-' + (item.VATCode ?? '2'))"
    }

    append "discount" {
      when = "var.discount_as == 'line' && sum(source.SalesOrderLines, #.Quantity * #.UnitPrice * (#.Discount ?? 0)) > 0"
      map {
        ART_CODE  = "var.discount_article"
        ART_DESC1 = "'Discount'"
        ORD_QTY   = 1
        ART_PX    = "-round(sum(source.SalesOrderLines, #.Quantity * #.UnitPrice * (#.Discount ?? 0)), 2)"
      }
    }
  }
}
