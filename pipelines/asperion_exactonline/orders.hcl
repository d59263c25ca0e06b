# Orders: Exact Online sales orders become Asperion sales orders, with their
# debtors found or created on the way (order_type = "sales_order", the
# default; with "journal_entry", orders_as_journal_entries.hcl books them
# as journal entries instead and this flow is disabled: it reads nothing,
# so its cursor waits for a switch back). Orders are read
# incrementally (Exact's sync endpoints: a changed header or line makes the
# order changed); only those in order_statuses are sent. An order Asperion
# already has (reference = order_reference_prefix + the Exact order
# number) is skipped, so the flow can run every few minutes.
#
# Debtor: the order's Exact account is looked up in Asperion by
# customer_match (e-mail by default); found, it is updated with the
# account's details when update_customers is on, or used as it is; not
# found, it is created: a company with its main contact as contact person
# (an account with a VAT or chamber of commerce number), or a person. With
# default_debtor set, every order goes to that debtor.
#
# Lines: each Exact item must exist in Asperion as an article by code.
# When one is missing, missing_product = "error" sets the order aside
# naming the article; "create" creates it first (default_sales_type).
# Lines on exact_shipping_item go to shipping_article. Line discounts stay
# on the lines (discount_as = "percentage") or become one discount line on
# discount_article (discount_as = "line"). The customer's country picks
# the lines' sales type, which carries VAT code and revenue account in
# Asperion (countries.csv: a Belgian company's lines are booked on
# OMZET-EU, reverse-charged; a Dutch customer's on the article's own).
#
# Settings (settings.hcl): order_type, order_statuses,
# order_reference_prefix, customer_match, update_customers,
# default_debtor, missing_product, default_sales_type,
# exact_shipping_item, shipping_article, discount_as, discount_article;
# payment_conditions.csv, countries.csv.

pipeline "orders" {
  description = "Exact Online sales orders become Asperion sales orders; debtors found or created."
  schedule    = var.orders_schedule # how often pipeline serve runs it (settings.hcl)
  enabled     = var.order_type == "sales_order"
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "exactonline" {
    use    = "exactonline"
    schema = "exactonline/sales_order"
  }

  target "asperion" {
    use       = "asperion"
    schema    = "asperion/sales_order"
    key_field = "reference"
    on_exists = "skip"
  }

  # The setting, checked: another value sets the orders aside, naming it.
  lookup "missing_product" {
    values   = { error = "error", create = "create" }
    unmapped = "error"
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

    # item is {account, contact, payment}: the Exact account, its main
    # contact and the id of the Asperion payment condition (create blocks
    # cannot call related() themselves).
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

  # Articles by code: "article" sets the order aside when one is missing,
  # "new_article" creates it; missing_product picks one per line. (Two
  # blocks rather than missing = var.missing_product: the engine refuses a
  # create block its policy leaves unused.)
  related "article" {
    entity  = "asperion/article"
    by      = "code"
    missing = "error"
  }

  related "new_article" {
    entity  = "asperion/article"
    by      = "code"
    missing = "create"

    # item is {line, salesType}: the Exact order line and the id of the
    # sales type of a new article.
    create {
      code           = "key"
      description    = "truncate(coalesce(item.line.ItemDescription, item.line.Description, key), 100)"
      salesPrice     = "round(item.line.UnitPrice ?? 0, 2)"
      salesTypeId    = "item.salesType"
      isStockArticle = false
    }
  }

  related "sales_type" {
    entity  = "asperion/sales_type"
    by      = "code"
    missing = "error"
  }

  related "payment_condition" {
    entity  = "asperion/payment_condition"
    by      = "code"
    missing = "error"
  }

  map {
    reference          = "var.order_reference_prefix + string(source.OrderNumber)"
    description        = "truncate(join([source.YourRef, source.Description], ' / '), 255)"
    orderDate          = "date(source.OrderDate)"
    deliveryDate       = "date(source.DeliveryDate)"
    paymentConditionId = "isEmpty(source.PaymentCondition) ? nil : related('payment_condition', lookup('payment_condition', source.PaymentCondition)).id"
    debtorId           = <<-EXPR
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

  each "lines" {
    from   = "source.SalesOrderLines"
    filter = "item.Quantity != 0"

    map {
      articleId          = <<-EXPR
        lookup('missing_product', var.missing_product) == 'create'
          ? related('new_article', item.ItemCode == var.exact_shipping_item ? var.shipping_article : item.ItemCode,
              {line: item, salesType: related('sales_type', var.default_sales_type).id}).id
          : related('article', item.ItemCode == var.exact_shipping_item ? var.shipping_article : item.ItemCode).id
      EXPR
      description        = "truncate(coalesce(item.Description, item.ItemDescription), 255)"
      quantity           = "item.Quantity"
      unitPrice          = "item.UnitPrice"
      discountPercentage = "var.discount_as == 'line' ? 0 : round((item.Discount ?? 0) * 100, 2)"
      salesTypeId        = <<-EXPR
        lookup('country_sales_type', upper(related('account', source.OrderedBy).Country ?? 'NL')) == ''
          ? nil
          : related('sales_type', lookup('country_sales_type', upper(related('account', source.OrderedBy).Country ?? 'NL'))).id
      EXPR
    }

    append "discount" {
      when = "var.discount_as == 'line' && sum(source.SalesOrderLines, {#.Quantity * #.UnitPrice * (#.Discount ?? 0)}) > 0"
      map {
        articleId   = "related('article', var.discount_article).id"
        description = "'Korting'"
        quantity    = 1
        unitPrice   = "-round(sum(source.SalesOrderLines, {#.Quantity * #.UnitPrice * (#.Discount ?? 0)}), 2)"
        salesTypeId = <<-EXPR
          lookup('country_sales_type', upper(related('account', source.OrderedBy).Country ?? 'NL')) == ''
            ? nil
            : related('sales_type', lookup('country_sales_type', upper(related('account', source.OrderedBy).Country ?? 'NL'))).id
        EXPR
      }
    }
  }
}
