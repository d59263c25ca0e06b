# Orders: Asperion sales orders become eAccounting sales orders, with their
# customers found or created on the way. Orders are read incrementally
# (modifiedAt); only those in order_statuses are sent. An order eAccounting
# already has (YourReference = order_reference_prefix + the Asperion order
# number) is skipped, so the flow can run every few minutes.
#
# Customer: the order's Asperion debtor is looked up in eAccounting by
# customer_match (e-mail by default); found, it is updated with the
# debtor's details when update_customers is on, or used as it is; not
# found, it is created: a company with its contact person, or a private
# person. With default_customer set, every order goes to that customer.
#
# Lines: each Asperion article must exist in eAccounting by Number (the
# code). When one is missing, missing_product = "error" sets the order
# aside naming the article; "create" creates it first (unit_code,
# default_coding). Lines on the Asperion shipping article, and lines without
# an article, go to eaccounting_shipping_article. Line discounts stay on
# the rows (discount_as = "percentage") or become one discount row on
# discount_article (discount_as = "line"). eAccounting derives each row's
# VAT and revenue account from the article's account coding and the
# customer's country and VAT number, so a foreign company's order is booked
# as eAccounting books it for that country. orders_voucher.hcl is the
# other order type: the orders as vouchers, with a revenue account and
# VAT code per country; orders_invoice.hcl books them as customer invoice
# drafts. order_type chooses: this flow runs with "sales_order" (the
# default) and is disabled otherwise.
#
# Value maps: the order's payment condition becomes eAccounting's terms of
# payment (payment_terms.csv); its shipping method becomes the order's
# delivery method, code and name (shipping_methods.csv, STANDAARD when it
# has none or one not listed); the customer's label (classification) is
# customers.hcl's. Payment methods: eAccounting orders
# have no payment method field (and Asperion orders carry none), so none
# is sent; the terms of payment are what eAccounting keeps.
#
# The related blocks (debtor, source_article, payment_condition, customer,
# default_customer, article, discount_article, unit, coding, terms) are
# settings.hcl's, shared with orders_invoice.hcl.
#
# Settings (settings.hcl): order_type, order_statuses, order_reference_prefix,
# customer_match, update_customers, default_customer, missing_product,
# unit_code, default_coding, shipping_article,
# eaccounting_shipping_article, discount_as, discount_article, currency,
# order_status; payment_terms.csv, shipping_methods.csv.

pipeline "eaccounting_asperion_orders" {
  description = "Asperion sales orders become eAccounting sales orders; customers found or created."
  schedule    = var.orders_schedule # how often pipeline serve runs it (settings.hcl)
  enabled     = var.order_type == "sales_order"
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "asperion" {
    use    = "asperion"
    schema = "asperion/sales_order"
  }

  target "eaccounting" {
    use       = "eaccounting"
    schema    = "eaccounting/order"
    key_field = "YourReference"
    on_exists = "skip"
  }

  filter = "source.status in var.order_statuses"

  map {
    YourReference                       = "var.order_reference_prefix + string(source.number)"
    BuyersOrderReference                = "truncate(source.reference, 35)"
    OurReference                        = "truncate(source.description, 100)"
    CustomerId                          = <<-EXPR
      var.default_customer != ''
        ? related('default_customer', var.default_customer).Id
        : related('customer',
            var.customer_match == 'CustomerNumber' ? string(related('debtor', source.debtorId).number)
              : var.customer_match == 'VatNumber' ? related('debtor', source.debtorId).vatNumber
              : lower(related('debtor', source.debtorId).email),
            related('debtor', source.debtorId)).Id
    EXPR
    CurrencyCode                        = "var.currency"
    OrderDate                           = "source.orderDate"
    DeliveryDate                        = "source.deliveryDate"
    Status                              = "var.order_status"
    TermsOfPaymentId                    = "source.paymentConditionId == nil ? nil : related('terms', lookup('payment_days', related('payment_condition', source.paymentConditionId)?.code ?? '-')).Id"
    EuThirdParty                        = false
    ReverseChargeOnConstructionServices = false
    RotReducedInvoicingType             = 0
    DeliveryMethodCode                  = "lookup('delivery_method_code', source.shippingMethod ?? '')"
    DeliveryMethodName                  = "lookup('delivery_method_name', source.shippingMethod ?? '')"
  }

  each "Rows" {
    from = "source.lines"

    map {
      LineNumber                    = "index + 1"
      ArticleId                     = <<-EXPR
        related('article',
          item.articleId == nil || related('source_article', item.articleId).code == var.shipping_article
            ? var.eaccounting_shipping_article : related('source_article', item.articleId).code,
          item).Id
      EXPR
      Text                          = "truncate(item.description, 2000)"
      Quantity                      = "item.quantity"
      UnitPrice                     = "item.unitPrice"
      DiscountPercentage            = "var.discount_as == 'line' ? 0 : (item.discountPercentage ?? 0) / 100"
      IsTextRow                     = false
      IsWorkCost                    = false
      EligibleForReverseChargeOnVat = false
    }

    append "discount" {
      when = "var.discount_as == 'line' && sum(source.lines, {#.quantity * #.unitPrice * (#.discountPercentage ?? 0) / 100}) > 0"
      map {
        LineNumber                    = "len(source.lines) + 1"
        ArticleId                     = "related('discount_article', var.discount_article).Id"
        Text                          = "'Korting'"
        Quantity                      = 1
        UnitPrice                     = "-round(sum(source.lines, {#.quantity * #.unitPrice * (#.discountPercentage ?? 0) / 100}), 2)"
        IsTextRow                     = false
        IsWorkCost                    = false
        EligibleForReverseChargeOnVat = false
      }
    }
  }
}
