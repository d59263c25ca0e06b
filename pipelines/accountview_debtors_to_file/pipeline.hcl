# AccountView debtors (AR1) into an NDJSON file, one customer per line, for
# a webshop or CRM to import. The read is incremental: each run reads only
# the debtors changed since the last (AccountView's CNG_DATE), so run it as
# often as needed; the first run, or `pipeline run -full`, reads them all.

variable "accountview_url" {
  type        = string
  default     = "https://www.accountview.net"
  description = "AccountView host, or an emulator's URL."
}

variable "company" {
  type        = string
  default     = "7a1c2d3e-4a5b-4c6d-8e7f-000000000001"
  description = "The administration's Id (GET /api/v3/companies); the default is the emulator seed's of ../webshop_orders_to_accountview."
}

variable "calls_per_minute" {
  type        = number
  default     = 0
  description = "Client-side call limit; 0 is 120 a minute. More than 300 only against an emulator on this machine."
}

variable "output" {
  type        = string
  default     = "out/debtors.ndjson"
  description = "The file the debtors are appended to (relative to this folder)."
}

pipeline "accountview_debtors_to_file" {
  description = "AccountView debtors, as they change, into an NDJSON file."
  timezone    = "Europe/Amsterdam"

  source "accountview" {
    connection = "accountview"
    base_url   = var.accountview_url
    company    = var.company
    client_id  = env("ACCOUNTVIEW_CLIENT_ID")
    schema     = "accountview/debtor"

    calls_per_minute = var.calls_per_minute
  }

  target "ndjson" {
    path = var.output
    mode = "append"
  }

  filter = "!(source.REC_BLK ?? false)"

  map {
    debtor_number = "source.SUB_NR"
    name          = "source.ACCT_NAME"
    email         = "isEmpty(source.MAIL_BUS) ? nil : lower(source.MAIL_BUS)"
    phone         = "isEmpty(source.TEL_BUS) ? nil : source.TEL_BUS"
    address       = "source.ADDRESS1"
    postcode      = "source.POST_CODE"
    city          = "source.CITY"
    country       = "source.CNT_CODE"
    vat_number    = "isEmpty(source.VAT_NR) ? nil : source.VAT_NR"
    changed_at    = "source.CNG_DATE"
  }
}
