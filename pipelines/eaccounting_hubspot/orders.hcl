# Visma eAccounting sales orders → HubSpot deals with their line items,
# associated with the customer's contact and company.
#
# Per order (the read is incremental on ModifiedUtc):
#  1. only orders in order_statuses are sent;
#  2. the currency, pipeline and stage come from the order or the settings;
#  3. an order HubSpot already has (external_order_number) is skipped,
#     before any customer, product or line item is looked up or created;
#  4. the customer is read from eAccounting and found in HubSpot (by e-mail,
#     or customer_match): a company customer becomes a company (by customer
#     number or VAT number) with its contact person, a private person a
#     contact; missing ones are created, found ones updated when
#     update_customers is on. default_contact sends every deal to one
#     contact instead;
#  5. every row's article is found in HubSpot by SKU (external_sku); a
#     missing one is created first (missing_product = "create"), or the
#     order is set aside ("error");
#  6. rows become line items (external_line_id "<order>-<line>", created
#     once), the shipping_article's row a shipping line without product,
#     row discounts a percentage or an amount (discount_as), with the tax
#     rate group of the delivery country and the VAT rate
#     (tax_rate_groups.csv);
#  7. payment terms, shipping method (value maps with defaults) and the
#     revenue account of the country go to the deal's custom properties.

pipeline "eaccounting_hubspot_orders" {
  description = "eAccounting orders become HubSpot deals with line items, customers and products found or created."
  schedule    = var.orders_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "eaccounting" {
    use    = "eaccounting"
    schema = "eaccounting/order"
  }

  target "hubspot" {
    use       = "hubspot"
    schema    = "hubspot/deal"
    key_field = "properties.external_order_number"
    on_exists = "skip"

    calls_per_ten_seconds = var.calls_per_ten_seconds
  }

  # The deal of an order sent before: its associations are not worked out
  # (no customer or line item is created for an order that is skipped).
  related "deal" {
    entity = "hubspot/deal"
    by     = "properties.external_order_number"
  }

  # The order's customer, read from eAccounting itself.
  related "customer" {
    in      = "source"
    entity  = "eaccounting/customer"
    by      = "Id"
    missing = "error"
  }

  # A private customer's contact, found by e-mail or customer number.
  related "person" {
    entity  = "hubspot/contact"
    by      = var.customer_match == "customer_number" ? "properties.customer_number" : "properties.email"
    missing = "create"
    found   = var.update_customers ? "update" : "use"

    create {
      properties = {
        email                   = "lower(item.EmailAddress)"
        customer_number         = "item.CustomerNumber"
        firstname               = "split(item.Name, ' ', 2)[0]"
        lastname                = "let parts = split(item.Name, ' ', 2); len(parts) > 1 ? parts[1] : nil"
        phone                   = "item.Telephone"
        mobilephone             = "item.MobilePhone"
        address                 = "item.InvoiceAddress1"
        zip                     = "item.InvoicePostalCode"
        city                    = "item.InvoiceCity"
        country                 = "item.InvoiceCountryCode ?? var.home_country"
        lifecyclestage          = "'customer'"
        customer_classification = "lookup('classification', item.CustomerLabels?.[0]?.Name ?? '')"
        cost_centre             = "lookup('cost_centre', item.CustomerLabels?.[0]?.Name ?? '')"
        cost_unit               = "lookup('cost_unit', item.CustomerLabels?.[0]?.Name ?? '')"
      }
    }
  }

  # A company customer's contact person, always found by e-mail.
  related "contact_person" {
    entity  = "hubspot/contact"
    by      = "properties.email"
    missing = "create"

    create {
      properties = {
        email     = "key"
        firstname = "split(item.ContactPersonName ?? item.Name, ' ', 2)[0]"
        lastname  = "let parts = split(item.ContactPersonName ?? item.Name, ' ', 2); len(parts) > 1 ? parts[1] : nil"
        phone     = "coalesce(item.ContactPersonPhone, item.Telephone)"
        company   = "item.Name"
      }
    }
  }

  related "company" {
    entity  = "hubspot/company"
    by      = var.customer_match == "vat_number" ? "properties.vat_number" : "properties.customer_number"
    missing = "create"
    found   = var.update_customers ? "update" : "use"

    create {
      properties = {
        name                    = "item.Name"
        customer_number         = "item.CustomerNumber"
        vat_number              = "item.VatNumber"
        phone                   = "item.Telephone"
        address                 = "item.InvoiceAddress1"
        zip                     = "item.InvoicePostalCode"
        city                    = "item.InvoiceCity"
        country                 = "item.InvoiceCountryCode ?? var.home_country"
        customer_classification = "lookup('classification', item.CustomerLabels?.[0]?.Name ?? '')"
        cost_centre             = "lookup('cost_centre', item.CustomerLabels?.[0]?.Name ?? '')"
        cost_unit               = "lookup('cost_unit', item.CustomerLabels?.[0]?.Name ?? '')"
      }
    }
  }

  # The HubSpot product of a row's article (item is the order row), created
  # when HubSpot lacks it and missing_product = "create"; with "error" or
  # "null", known_product finds it or sets the order aside / leaves the
  # line without a product.
  related "known_product" {
    entity  = "hubspot/product"
    by      = "properties.external_sku"
    missing = var.missing_product == "create" ? "null" : var.missing_product
  }

  related "product" {
    entity  = "hubspot/product"
    by      = "properties.external_sku"
    missing = "create"

    create {
      properties = {
        name            = "coalesce(item.Text, key)"
        hs_sku          = "key"
        external_sku    = "key"
        price           = "item.UnitPrice"
        hs_product_type = "item.IsServiceArticle ? 'service' : 'inventory'"
      }
    }
  }

  # One line item per row, created once: its id goes into the deal. item
  # is {row, product}: the order row and the id of its HubSpot product.
  related "line_item" {
    entity  = "hubspot/line_item"
    by      = "properties.external_line_id"
    missing = "create"

    create {
      properties = {
        external_line_id           = "key"
        name                       = "item.row.ArticleNumber == var.shipping_article ? var.shipping_name : coalesce(item.row.Text, item.row.ArticleNumber)"
        hs_sku                     = "item.row.ArticleNumber"
        quantity                   = "item.row.Quantity"
        price                      = "var.prices_include_vat ? round(item.row.UnitPrice * (1 + (item.row.VatRate ?? 0)), 2) : item.row.UnitPrice"
        hs_discount_percentage     = "var.discount_as == 'percentage' && (item.row.DiscountPercentage ?? 0) > 0 ? round(item.row.DiscountPercentage * 100, 2) : nil"
        discount                   = "var.discount_as == 'amount' && (item.row.DiscountPercentage ?? 0) > 0 ? round(item.row.UnitPrice * item.row.DiscountPercentage, 2) : nil"
        hs_product_id              = "item.product == nil ? nil : integer(item.product)"
        hs_tax_rate_group_id       = "lookup('tax_rate_group', (source.DeliveryCountryCode ?? source.InvoiceCountryCode ?? var.home_country) + '-' + string(round((item.row.VatRate ?? 0) * 100, 0)))"
        hs_line_item_currency_code = "source.CurrencyCode ?? var.currency"
        hs_position_on_quote       = "item.row.LineNumber"
      }
    }
  }

  filter = "source.Status in var.order_statuses"

  map {
    properties = {
      dealname              = "'Order ' + string(source.Number) + ' ' + (source.CustomerName ?? '')"
      external_order_number = "string(source.Number)"
      amount                = "var.prices_include_vat ? source.Amount + source.VatAmount : source.Amount"
      closedate             = "date(source.OrderDate) + 'T00:00:00Z'"
      pipeline              = "var.deal_pipeline"
      dealstage             = "lookup('deal_stage', string(source.Status))"
      deal_currency_code    = "source.CurrencyCode ?? var.currency"
      your_reference        = "source.YourReference"
      payment_terms         = "lookup('payment_terms', source.TermsOfPaymentId ?? '')"
      shipping_method       = "lookup('shipping_method', source.DeliveryMethodCode ?? '')"
      revenue_account       = "lookup('revenue_account', source.DeliveryCountryCode ?? source.InvoiceCountryCode ?? var.home_country)"
    }
    associations = {
      # Line items first and every product before them, so that an order
      # set aside for a missing product has created no line item or customer.
      line_items = <<-EXPR
        let rows = related('deal', string(source.Number)) != nil ? [] : filter(source.Rows ?? [], !#.IsTextRow);
        let products = map(rows, #.ArticleNumber == nil || #.ArticleNumber == var.shipping_article ? nil
          : var.missing_product == "create" ? related('product', #.ArticleNumber, #)?.id : related('known_product', #.ArticleNumber)?.id);
        map(rows, related('line_item', string(source.Number) + '-' + string(#.LineNumber), {'row': #, 'product': products[#index]}).id)
      EXPR
      contacts   = <<-EXPR
        related('deal', string(source.Number)) != nil ? nil : var.default_contact != "" ? [var.default_contact] : (
          let c = related('customer', source.CustomerId);
          c.IsPrivatePerson
            ? [related('person', var.customer_match == 'customer_number' ? c.CustomerNumber : lower(c.EmailAddress), c).id]
            : (isEmpty(c.ContactPersonEmail) ? nil : [related('contact_person', lower(c.ContactPersonEmail), c).id])
        )
      EXPR
      companies  = <<-EXPR
        related('deal', string(source.Number)) != nil || var.default_contact != "" ? nil : (
          let c = related('customer', source.CustomerId);
          c.IsPrivatePerson ? nil : [related('company', var.customer_match == 'vat_number' ? c.VatNumber : c.CustomerNumber, c).id]
        )
      EXPR
    }
  }
}
