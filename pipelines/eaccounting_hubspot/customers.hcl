# Visma eAccounting customers → HubSpot contacts, and for a company
# customer its HubSpot company, kept up to date on every change (the read
# is incremental on ChangedUtc).
#
# A private person becomes a contact with the customer's own e-mail. A
# company becomes a HubSpot company (found by customer number, or VAT
# number with customer_match = "vat_number"; created when missing) and its
# contact person a contact associated with it; without a contact person
# the company's own e-mail is the contact. Contacts are matched on e-mail.
# Both carry the customer classification, cost centre and cost unit of the
# customer's first eAccounting label (customer_classes.csv, with defaults),
# as the portal's custom properties.
#
# Settings (settings.hcl): only_active, customer_match, update_customers
# (false: a company HubSpot has is used as it is), home_country.

pipeline "eaccounting_hubspot_customers" {
  description = "eAccounting customers become HubSpot contacts and companies, created or updated by e-mail."
  schedule    = var.customers_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "eaccounting" {
    use    = "eaccounting"
    schema = "eaccounting/customer"
  }

  target "hubspot" {
    use        = "hubspot"
    schema     = "hubspot/contact"
    key_field  = "properties.email"
    source_key = "source.CustomerNumber"
    on_exists  = var.update_customers ? "update" : "skip"

    calls_per_ten_seconds = var.calls_per_ten_seconds
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
        website                 = "item.WwwAddress"
        customer_classification = "lookup('classification', item.CustomerLabels?.[0]?.Name ?? '')"
        cost_centre             = "lookup('cost_centre', item.CustomerLabels?.[0]?.Name ?? '')"
        cost_unit               = "lookup('cost_unit', item.CustomerLabels?.[0]?.Name ?? '')"
      }
    }
  }

  filter = [
    "source.IsActive || !var.only_active",
    "!isEmpty(coalesce(source.ContactPersonEmail, source.EmailAddress))",
  ]

  map {
    properties = {
      email                   = "lower(source.IsPrivatePerson ? source.EmailAddress : coalesce(source.ContactPersonEmail, source.EmailAddress))"
      firstname               = "split(coalesce(source.IsPrivatePerson ? source.Name : source.ContactPersonName, source.Name), ' ', 2)[0]"
      lastname                = "let parts = split(coalesce(source.IsPrivatePerson ? source.Name : source.ContactPersonName, source.Name), ' ', 2); len(parts) > 1 ? parts[1] : nil"
      customer_number         = "source.IsPrivatePerson ? source.CustomerNumber : nil"
      company                 = "source.IsPrivatePerson ? nil : source.Name"
      phone                   = "source.IsPrivatePerson ? source.Telephone : coalesce(source.ContactPersonPhone, source.Telephone)"
      mobilephone             = "source.IsPrivatePerson ? source.MobilePhone : source.ContactPersonMobile"
      address                 = "source.InvoiceAddress1"
      zip                     = "source.InvoicePostalCode"
      city                    = "source.InvoiceCity"
      country                 = "source.InvoiceCountryCode ?? var.home_country"
      lifecyclestage          = "'customer'"
      customer_classification = "lookup('classification', source.CustomerLabels?.[0]?.Name ?? '')"
      cost_centre             = "lookup('cost_centre', source.CustomerLabels?.[0]?.Name ?? '')"
      cost_unit               = "lookup('cost_unit', source.CustomerLabels?.[0]?.Name ?? '')"
    }
    associations = {
      companies = "source.IsPrivatePerson ? nil : [related('company', var.customer_match == 'vat_number' ? source.VatNumber : source.CustomerNumber, source).id]"
    }
  }
}
