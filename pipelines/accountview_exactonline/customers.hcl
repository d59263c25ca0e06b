# AccountView debtors → Exact Online accounts, created or updated by
# e-mail (or customer number / VAT number, customer_match), kept up to date
# on every change (the read is incremental on CNG_DATE).
#
# The account gets the debtor's number as its code, its payment condition
# through payment_terms.csv, and the sales VAT code and revenue account of
# its country (account_vat_codes.csv, revenue_accounts.csv): a Belgian
# company is booked with reverse-charge VAT on the EU revenue account.
#
# A company's contact person becomes an Exact contact of the account in
# contacts.hcl (run it after this flow); a private person is the account
# itself, with their mobile number as its phone when the debtor has no
# other.
#
# Settings (settings.hcl): customer_match, update_customers (false: an
# account Exact has is left as it is), home_country.

pipeline "accountview_exactonline_customers" {
  description = "AccountView debtors become Exact Online accounts, created or updated by e-mail."
  schedule    = var.customers_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "accountview" {
    use    = "accountview"
    schema = "accountview/debtor"
  }

  target "exactonline" {
    use        = "exactonline"
    schema     = "exactonline/account"
    key_field  = var.customer_match == "vat_number" ? "VATNumber" : var.customer_match == "customer_number" ? "Code" : "Email"
    source_key = "source.SUB_NR"
    on_exists  = var.update_customers ? "update" : "skip"
  }

  related "gl_account" {
    entity  = "exactonline/gl_account"
    by      = "Code"
    missing = "error"
  }

  filter = "!isEmpty(source.MAIL_BUS)"

  map {
    Code                  = "padLeft(source.SUB_NR, 18)" # Exact keeps codes right-aligned in 18 characters
    Name                  = "source.ACCT_NAME"
    SearchCode            = "source.SRC_CODE"
    Email                 = "lower(source.MAIL_BUS)"
    Phone                 = "coalesce(source.TEL_BUS, isEmpty(trim(source.MAIN_CONT ?? '')) || lower(trim(source.MAIN_CONT)) == lower(trim(source.ACCT_NAME)) ? source.TEL_MOB : nil)"
    AddressLine1          = "source.ADDRESS1"
    Postcode              = "source.POST_CODE"
    City                  = "source.CITY"
    Country               = "source.CNT_CODE ?? var.home_country"
    VATNumber             = "source.VAT_NR"
    ChamberOfCommerce     = "source.COC_CODE"
    Status                = "'C'"
    PaymentConditionSales = "lookup('payment_terms', source.DISC_CODE ?? '')"
    SalesVATCode          = "lookup('account_vat_code', source.CNT_CODE ?? var.home_country)"
    GLAccountSales        = "related('gl_account', lookup('revenue_account', source.CNT_CODE ?? var.home_country)).ID"
  }
}
