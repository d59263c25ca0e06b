# Customers: Exact Online accounts become Asperion debtors and are kept up
# to date. Accounts are read incrementally (Exact's sync endpoint, by
# Timestamp): each run sends only the accounts changed since the last one,
# found in Asperion by customer_match (e-mail by default) and updated where
# a field differs, or created. The cross-reference follows the Exact
# account's ID, so an account whose e-mail changes updates the same debtor.
#
# An account with a VAT or chamber of commerce number becomes a company
# debtor with its main contact as contact person; one without, a person
# (Exact has no person flag on accounts). The payment condition goes
# through payment_conditions.csv. Asperion's debtors carry no VAT code or
# revenue account: orders take them from the country (countries.csv).
#
# Settings (settings.hcl): customer_match, customer_statuses;
# payment_conditions.csv.

pipeline "customers" {
  description = "Exact Online accounts become Asperion debtors, created or updated on every change."
  schedule    = var.customers_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "exactonline" {
    use    = "exactonline"
    schema = "exactonline/account"
  }

  target "asperion" {
    use        = "asperion"
    schema     = "asperion/debtor"
    key_field  = var.customer_match
    source_key = "source.ID"
    on_exists  = "update"
  }

  filter = [
    "source.Status in var.customer_statuses",
    "!isEmpty(source.Email) || var.customer_match != 'email'",
  ]

  related "contact" {
    in     = "source"
    entity = "exactonline/contact"
    by     = "ID"
  }

  related "payment_condition" {
    entity  = "asperion/payment_condition"
    by      = "code"
    missing = "error"
  }

  map {
    number                  = "var.customer_match == 'number' ? integer(trim(source.Code)) : nil"
    type                    = "isEmpty(source.VATNumber) && isEmpty(source.ChamberOfCommerce) ? 'Person' : 'Company'"
    name                    = "truncate(source.Name, 100)"
    email                   = "lower(source.Email)"
    phone                   = "truncate(source.Phone, 30)"
    vatNumber               = "source.VATNumber"
    chamberOfCommerceNumber = "source.ChamberOfCommerce"
    paymentConditionId      = "related('payment_condition', lookup('payment_condition', source.PaymentConditionSales ?? '')).id"
    contact = {
      firstName  = "truncate(related('contact', source.MainContact)?.FirstName, 50)"
      middleName = "truncate(related('contact', source.MainContact)?.MiddleName, 20)"
      lastName   = "truncate(related('contact', source.MainContact)?.LastName ?? source.Name, 80)"
      email      = "lower(related('contact', source.MainContact)?.Email ?? source.Email)"
      phone      = "truncate(related('contact', source.MainContact)?.Phone, 30)"
    }
    address = {
      street      = "truncate(source.AddressLine1, 100)"
      postalCode  = "truncate(source.Postcode, 10)"
      city        = "truncate(source.City, 60)"
      countryCode = "upper(source.Country ?? 'NL')"
    }
  }
}
