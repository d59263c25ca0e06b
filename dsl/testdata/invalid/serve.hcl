pipeline "bad_interval" {
  schedule = "every 5 min"              # ERROR: Invalid schedule
  source "ndjson" {}
  target "ndjson" {}
}

pipeline "bad_cron" {
  schedule = "61 * * * *"               # ERROR: Invalid schedule
  trigger "shopify" {}                  # ERROR: Unknown trigger system
  trigger "hubspot" {}
  trigger "hubspot" {}                  # ERROR: Duplicate trigger block
  source "ndjson" {}
  target "ndjson" {}
}
