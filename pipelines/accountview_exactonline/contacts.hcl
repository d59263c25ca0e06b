# AccountView debtors' contact persons → Exact Online contacts (crm/Contacts),
# each linked to the account customers.hcl made of its debtor.
#
# Exact models a company as an account with contact persons; AccountView
# keeps one contact person on the debtor itself (MAIN_CONT, with its
# e-mail MC_MAILB). A debtor with a contact person other than itself
# gets one Exact contact: first name and the rest of the name, e-mail
# (MC_MAILB, else the debtor's), mobile (TEL_MOB: the company's own
# number TEL_BUS stays on the account). Exact makes the first contact of
# an account its main contact. A private person (no contact person, or
# one with the debtor's own name) is the Exact account itself and gets
# no contact.
#
# Why a flow of its own rather than a related create in customers.hcl: a
# contact needs its account's ID, which a new account only has once
# customers.hcl has written it; one flow per Exact entity also keeps
# their changes apart (a new mobile number updates the contact only).
# Run it after customers.hcl. The account is found the way customers.hcl
# matches it (customer_match); a debtor whose account Exact lacks is set
# aside with that reason: `pipeline retry contacts.hcl` sends it once
# customers.hcl has run. Contacts are matched by e-mail; a debtor sent
# before keeps its contact (the cross-reference is by debtor number), so
# a changed e-mail address updates the contact instead of adding one.
#
# Settings (settings.hcl): customer_match, update_customers (false: a
# contact Exact has is left as it is).

pipeline "accountview_exactonline_contacts" {
  description = "Contact persons of AccountView debtors become Exact Online contacts of their accounts."
  schedule    = var.customers_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "accountview" {
    use    = "accountview"
    schema = "accountview/debtor"
  }

  target "exactonline" {
    use        = "exactonline"
    schema     = "exactonline/contact"
    key_field  = "Email"
    source_key = "source.SUB_NR"
    on_exists  = var.update_customers ? "update" : "skip"
  }

  # The debtor's Exact account, matched as customers.hcl matches it.
  related "debtor_account" {
    entity  = "exactonline/account"
    by      = var.customer_match == "vat_number" ? "VATNumber" : var.customer_match == "customer_number" ? "Code" : "Email"
    missing = "error"
  }

  filter = [
    "!isEmpty(source.MAIL_BUS)",
    "!isEmpty(trim(source.MAIN_CONT ?? ''))",
    "lower(trim(source.MAIN_CONT)) != lower(trim(source.ACCT_NAME))",
  ]

  map {
    Account = <<-EXPR
      related('debtor_account', var.customer_match == 'vat_number' ? source.VAT_NR
        : var.customer_match == 'customer_number' ? source.SUB_NR : lower(source.MAIL_BUS)).ID
    EXPR
    # "Jan van der Berg": first name Jan, last name "van der Berg". A
    # one-word name has no first name, which Exact requires: the debtor is
    # set aside until AccountView has the whole name.
    FirstName = "regexMatch(trim(source.MAIN_CONT), ' ') ? regexReplace(trim(source.MAIN_CONT), ' .*$', '') : nil"
    LastName  = "regexReplace(trim(source.MAIN_CONT), '^[^ ]+ +', '')"
    Email     = "lower(coalesce(source.MC_MAILB, source.MAIL_BUS))"
    Mobile    = "source.TEL_MOB"
  }
}
