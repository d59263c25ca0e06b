# Customers, AccountView → eAccounting: AccountView debtors (AR1) become
# eAccounting customers, created or updated on every change (debtors are
# read incrementally on CNG_DATE). customers_back.hcl is the reverse flow.
#
# No ping-pong: the two flows map the same fields both ways with mappings
# that give back what they got (name, e-mail in lower case, address,
# country, VAT number, phone, contact, payment terms, company/person,
# blocked/active; AccountView's empty text counts as no value). A customer
# written by one flow and read back by the other maps to exactly what the
# first system holds, so the engine finds no field that differs and writes
# nothing; when the flow that reads the echo wrote that record before, the
# payload differs from the one it wrote last, and the engine looks the
# record up in the target and finds these values there already. Set
# integration_user to the AccountView user of this integration's API
# calls to spare that lookup: debtors it changed last (CNG_USR) are then
# left out. (A value that does not fit, such as a name longer than
# AccountView's 40 characters, is shortened once and then stays.)
#
# A new customer gets the debtor number (SUB_NR) as its CustomerNumber;
# numbers are never rewritten on update.
#
# Classification: a new customer gets the label of the debtor's relation
# group (RPL_GRP, through customer_groups.csv; Overig without one). The
# label is create-only: eAccounting's labels are a list of objects that
# the engine compares whole with what eAccounting returns (with the
# label's id), so updating it would rewrite every customer read back;
# customers_back.hcl carries label changes to AccountView. Custom fields:
# neither AccountView's debtor dictionary as we have it nor eAccounting's
# customers have free or custom fields, so none are mapped.
#
# Settings (settings.hcl): customer_match, integration_user;
# payment_terms.csv, customer_groups.csv.

pipeline "accountview_eaccounting_customers" {
  description = "AccountView debtors become eAccounting customers, created or updated on every change."
  schedule    = var.customers_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "accountview" {
    use    = "accountview"
    schema = "accountview/debtor"
  }

  target "eaccounting" {
    use                 = "eaccounting"
    schema              = "eaccounting/customer"
    key_field           = var.customer_match == "number" ? "CustomerNumber" : var.customer_match == "vat" ? "VatNumber" : "EmailAddress"
    source_key          = "source.SUB_NR"
    on_exists           = "update"
    compare_with_target = true # two-way: read the target before an update, so what the other direction wrote is not written back
    create_only         = ["CustomerNumber", "CustomerLabels", "IsPrivatePerson"]
  }

  filter = "var.integration_user == '' || upper(source.CNG_USR ?? '') != upper(var.integration_user)"

  related "terms" {
    entity  = "eaccounting/terms_of_payment"
    by      = "NumberOfDays"
    missing = "error"
  }

  map {
    CustomerNumber = "source.SUB_NR"
    Name           = "truncate(source.ACCT_NAME, 50)"
    EmailAddress   = "lower(coalesce(source.MAIL_BUS))"
    # AccountView has no company flag (IS_COMP means "is my competitor"): a
    # debtor with a VAT number, or with a contact person other than itself,
    # is a company. Decided once, at creation (create_only), so that the
    # way back (customers_back.hcl) cannot flip it.
    IsPrivatePerson    = "isEmpty(trim(source.VAT_NR ?? '')) && (isEmpty(trim(source.MAIN_CONT ?? '')) || lower(trim(source.MAIN_CONT)) == lower(trim(source.ACCT_NAME)))"
    IsActive           = "!(source.REC_BLK ?? false)"
    InvoiceAddress1    = "truncate(coalesce(source.ADDRESS1), 50)"
    InvoicePostalCode  = "coalesce(source.POST_CODE)"
    InvoiceCity        = "truncate(coalesce(source.CITY), 50)"
    InvoiceCountryCode = "coalesce(source.CNT_CODE, 'NL')"
    VatNumber          = "coalesce(source.VAT_NR)"
    Telephone          = "coalesce(source.TEL_BUS)"
    ContactPersonName  = "coalesce(source.MAIN_CONT)"
    TermsOfPaymentId   = "related('terms', lookup('payment_days', source.DISC_CODE ?? '-')).Id"
    CustomerLabels     = "[{Name: lookup('customer_label', source.RPL_GRP ?? '')}]"
  }
}
