# Orders as sales invoices: the "sales invoice" order type. Where
# orders.hcl makes eAccounting sales orders, this flow makes each Asperion
# sales order an eAccounting customer invoice draft, which the user checks
# and turns into an invoice in eAccounting (the draft's convert); it runs
# with order_type = "sales_invoice" and is disabled otherwise.
#
# Everything else is as in orders.hcl, through the related blocks they
# share in settings.hcl: only orders in order_statuses are sent; a draft
# eAccounting already has (YourReference = order_reference_prefix + the
# Asperion order number) is skipped; the customer is found by
# customer_match and updated or used (update_customers), or created as a
# company with its contact person or a private person, or every order
# goes to default_customer; each article
# must exist by Number (missing_product: error sets the order aside,
# create creates it first); shipping lines go to
# eaccounting_shipping_article; line discounts stay on the rows or become
# one discount row (discount_as). The invoice date is the order date.
# eAccounting derives VAT and revenue account per row from the article's
# coding and the customer's country and VAT number.
#
# Value maps: payment condition → terms of payment (payment_terms.csv);
# shipping method → the draft's delivery method code and name
# (shipping_methods.csv, with a default). Payment methods: eAccounting
# invoice drafts have no payment method field (Asperion orders carry
# none either); the terms of payment are what eAccounting keeps.
#
# Drafts are recognised by YourReference while they are drafts: once one
# is converted to an invoice it is no longer a draft, so an order changed
# in Asperion after that would be sent again as a new draft.
#
# Settings (settings.hcl): order_type, order_statuses, order_reference_prefix,
# customer_match, update_customers, default_customer, missing_product,
# unit_code, default_coding, shipping_article,
# eaccounting_shipping_article, discount_as, discount_article;
# payment_terms.csv, shipping_methods.csv.

pipeline "eaccounting_asperion_orders_invoice" {
  description = "Asperion sales orders become eAccounting customer invoice drafts; customers found or created."
  schedule    = var.orders_schedule # how often pipeline serve runs it (settings.hcl)
  enabled     = var.order_type == "sales_invoice"
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "asperion" {
    use    = "asperion"
    schema = "asperion/sales_order"
  }

  target "eaccounting" {
    use       = "eaccounting"
    schema    = "eaccounting/customer_invoice_draft"
    key_field = "YourReference"
    on_exists = "skip"
  }

  filter = "source.status in var.order_statuses"

  map {
    YourReference           = "var.order_reference_prefix + string(source.number)"
    BuyersOrderReference    = "truncate(source.reference, 35)"
    OurReference            = "truncate(source.description, 100)"
    CustomerId              = <<-EXPR
      var.default_customer != ''
        ? related('default_customer', var.default_customer).Id
        : related('customer',
            var.customer_match == 'CustomerNumber' ? string(related('debtor', source.debtorId).number)
              : var.customer_match == 'VatNumber' ? related('debtor', source.debtorId).vatNumber
              : lower(related('debtor', source.debtorId).email),
            related('debtor', source.debtorId)).Id
    EXPR
    InvoiceDate             = "source.orderDate"
    DeliveryDate            = "source.deliveryDate"
    TermsOfPaymentId        = "source.paymentConditionId == nil ? nil : related('terms', lookup('payment_days', related('payment_condition', source.paymentConditionId)?.code ?? '-')).Id"
    EuThirdParty            = false
    RotReducedInvoicingType = 0
    DeliveryMethodCode      = "lookup('delivery_method_code', source.shippingMethod ?? '')"
    DeliveryMethodName      = "lookup('delivery_method_name', source.shippingMethod ?? '')"
  }

  each "Rows" {
    from = "source.lines"

    map {
      LineNumber                          = "index + 1"
      ArticleId                           = <<-EXPR
        related('article',
          item.articleId == nil || related('source_article', item.articleId).code == var.shipping_article
            ? var.eaccounting_shipping_article : related('source_article', item.articleId).code,
          item).Id
      EXPR
      Text                                = "truncate(item.description, 2000)"
      Quantity                            = "item.quantity"
      UnitPrice                           = "item.unitPrice"
      DiscountPercentage                  = "var.discount_as == 'line' ? 0 : (item.discountPercentage ?? 0) / 100"
      IsTextRow                           = false
      IsWorkCost                          = false
      ReversedConstructionServicesVatFree = false
    }

    append "discount" {
      when = "var.discount_as == 'line' && sum(source.lines, {#.quantity * #.unitPrice * (#.discountPercentage ?? 0) / 100}) > 0"
      map {
        LineNumber                          = "len(source.lines) + 1"
        ArticleId                           = "related('discount_article', var.discount_article).Id"
        Text                                = "'Korting'"
        Quantity                            = 1
        UnitPrice                           = "-round(sum(source.lines, {#.quantity * #.unitPrice * (#.discountPercentage ?? 0) / 100}), 2)"
        IsTextRow                           = false
        IsWorkCost                          = false
        ReversedConstructionServicesVatFree = false
      }
    }
  }
}
