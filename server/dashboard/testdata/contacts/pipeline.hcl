# The dashboard tests' pipeline: webshop customers become HubSpot contacts,
# written to a file that stands in for HubSpot. The contact's name and
# e-mail are personal data (masked in the activity log); the country comes
# from a lookup that sets aside an order from a country it does not list.

pipeline "order_contacts" {
  description = "Webshop customers become HubSpot contacts."
  timezone    = "Europe/Amsterdam"
  max_rejects = 5

  source "ndjson" {
    path   = "orders.ndjson"
    schema = "webshop/order"
  }

  target "ndjson" {
    path       = "contacts.ndjson"
    mode       = "append"
    schema     = "hubspot/contact"
    key_field  = "properties.email"    # a contact already written is skipped
    source_key = "source.order_number" # the record's key in the activity log
  }

  lookup "country" {
    file         = "countries.csv"
    key_column   = "code"
    value_column = "name"
    unmapped     = "error"
  }

  map {
    properties = {
      email     = "lower(source.customer.email)"
      firstname = "source.customer.first_name"
      lastname  = "source.customer.last_name"
      country   = "lookup('country', source.billing_address.country)"
      website   = "'https://shop.example/orders/' + source.order_number"
    }
  }
}
