# Customers: Asperion debtors become eAccounting customers and are kept up
# to date. Debtors are read incrementally (modifiedAt): each run sends only
# the debtors changed since the last one, found in eAccounting by the
# customer_match field (e-mail by default) and updated where a field
# differs, or created. The cross-reference follows the Asperion debtor id,
# so a debtor whose e-mail changes updates the same customer.
#
# A company debtor becomes a company customer with its contact as contact
# person; a person debtor a private person. The payment condition goes
# through payment_terms.csv to eAccounting's terms of payment by days.
# eAccounting's customers carry no VAT code or revenue account: eAccounting
# derives both from the customer's country, VAT number and private-person
# flag, which are sent.
#
# Classification: the debtor's group (debtorGroup) becomes the customer's
# label in eAccounting through customer_groups.csv (Overig when the group
# is missing or not listed), on create and on every update, so the label
# follows the group. (The order flows' customer create leaves the label to
# this flow.)
# Custom fields: eAccounting customers have no free or custom fields
# (labels are the only classification it offers), so no free field of the
# debtor is sent.
#
# Settings (settings.hcl): customer_match; payment_terms.csv,
# customer_groups.csv. The payment_condition and terms related blocks are
# settings.hcl's, shared with the order flows.

pipeline "eaccounting_asperion_customers" {
  description = "Asperion debtors become eAccounting customers, created or updated on every change."
  schedule    = var.customers_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "asperion" {
    use    = "asperion"
    schema = "asperion/debtor"
  }

  target "eaccounting" {
    use        = "eaccounting"
    schema     = "eaccounting/customer"
    key_field  = var.customer_match
    source_key = "string(source.id)"
    on_exists  = "update"
  }

  map {
    CustomerNumber          = "var.customer_match == 'CustomerNumber' ? string(source.number) : nil"
    Name                    = "truncate(coalesce(source.name, join([source.contact?.firstName, source.contact?.middleName, source.contact?.lastName], ' ')), 50)"
    EmailAddress            = "lower(source.email)"
    IsPrivatePerson         = "source.type == 'Person'"
    IsActive                = true
    Telephone               = "source.phone"
    InvoiceAddress1         = "truncate(trim(concat(source.address?.street, ' ', source.address?.houseNumber)), 50)"
    InvoicePostalCode       = "source.address?.postalCode"
    InvoiceCity             = "source.address?.city"
    InvoiceCountryCode      = "source.address?.countryCode ?? 'NL'"
    VatNumber               = "source.vatNumber"
    CorporateIdentityNumber = "source.chamberOfCommerceNumber"
    ContactPersonName       = <<-EXPR
      source.type == 'Company'
        ? truncate(join([source.contact?.firstName, source.contact?.middleName, source.contact?.lastName], ' '), 100)
        : nil
    EXPR
    ContactPersonEmail      = "source.type == 'Company' ? lower(source.contact?.email) : nil"
    ContactPersonPhone      = "source.type == 'Company' ? source.contact?.phone : nil"
    TermsOfPaymentId        = "related('terms', lookup('payment_days', related('payment_condition', source.paymentConditionId)?.code ?? '-')).Id"
    CustomerLabels          = "[{Name: lookup('customer_label', source.debtorGroup ?? '')}]"
  }
}
