# Exact Online accounts (customers) into a file, incrementally: each run
# reads only the accounts that changed since the last one (Exact's sync
# endpoint, by Timestamp), keyed by account code.

variable "exact_url" {
  type        = string
  default     = "https://start.exactonline.nl"
  description = "Exact Online host of the company's country, or an emulator's URL."
}

variable "division" {
  type        = number
  default     = 0
  description = "Exact Online division (company) number; 0 takes the user's current division."
}

variable "output" {
  type        = string
  default     = "out/customers.ndjson"
  description = "Where the customers are written (relative to this folder)."
}

pipeline "exactonline_customers_to_file" {
  description = "Exact Online accounts become webshop customers."

  source "exactonline" {
    connection = "exact"
    base_url   = var.exact_url
    division   = var.division
    client_id  = env("EXACT_CLIENT_ID")
    schema     = "exactonline/account"
  }

  target "ndjson" {
    path   = var.output
    schema = "webshop/customer"
  }

  filter = "!isEmpty(source.Email)"

  map {
    id         = "integer(trim(source.Code))"
    email      = "lower(source.Email)"
    first_name = "source.Name"
    last_name  = "''"
    company    = "source.Name"
    created_at = "source.Created"
  }
}
