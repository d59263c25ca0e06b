# Customers, eAccounting → AccountView: eAccounting customers become
# AccountView debtors, created or updated on every change (customers are
# read incrementally on ChangedUtc). customers.hcl is the reverse flow;
# its header explains why a customer written by one flow and read back by
# the other is not sent back again: the mappings give back what they got,
# so the engine's unchanged detection (only fields that differ count)
# stops the round. eAccounting records no "changed by", so this direction
# relies on that detection alone.
#
# A new debtor gets the CustomerNumber as its number (SUB_NR), the control
# account debtor_account and a search code from the name.
#
# Classification: the customer's first label becomes the debtor's
# relation group (RPL_GRP) through customer_groups.csv, read the other way
# round than in customers.hcl, so a group comes back as it went (OVERIG
# for a label not listed). A customer without a label leaves the debtor's
# group as it is, so a group set in AccountView is not wiped. Custom fields:
# neither system has free fields on customers here, so none are mapped.
#
# Settings (settings.hcl): customer_match, debtor_account;
# payment_terms.csv, customer_groups.csv.

pipeline "accountview_eaccounting_customers_back" {
  description = "eAccounting customers become AccountView debtors, created or updated on every change."
  schedule    = var.customers_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "eaccounting" {
    use    = "eaccounting"
    schema = "eaccounting/customer"
  }

  target "accountview" {
    use                 = "accountview"
    schema              = "accountview/debtor"
    key_field           = var.customer_match == "number" ? "SUB_NR" : var.customer_match == "vat" ? "VAT_NR" : "MAIL_BUS"
    source_key          = "source.Id"
    on_exists           = "update"
    compare_with_target = true # two-way: read the target before an update, so what the other direction wrote is not written back
    create_only         = ["SUB_NR", "SRC_CODE", "ACCT_NR"]
  }

  related "terms" {
    in     = "source"
    entity = "eaccounting/terms_of_payment"
    by     = "Id"
  }

  map {
    SUB_NR    = "truncate(source.CustomerNumber, 10)"
    ACCT_NR   = "var.debtor_account"
    ACCT_NAME = "truncate(source.Name, 40)"
    SRC_CODE  = "upper(truncate(regexReplace(source.Name, '[^A-Za-z0-9]', ''), 10))"
    MAIL_BUS  = "truncate(lower(source.EmailAddress), 50)"
    REC_BLK   = "!source.IsActive"
    ADDRESS1  = "source.InvoiceAddress1"
    POST_CODE = "source.InvoicePostalCode"
    CITY      = "truncate(source.InvoiceCity, 35)"
    CNT_CODE  = "source.InvoiceCountryCode ?? 'NL'"
    VAT_NR    = "truncate(source.VatNumber, 14)"
    TEL_BUS   = "truncate(source.Telephone, 20)"
    MAIN_CONT = "truncate(source.ContactPersonName, 40)"
    DISC_CODE = "lookup('disc_code', string(related('terms', source.TermsOfPaymentId)?.NumberOfDays ?? 30))"
    RPL_GRP   = "len(source.CustomerLabels ?? []) == 0 ? nil : lookup('debtor_group', source.CustomerLabels[0].Name)"
  }
}
