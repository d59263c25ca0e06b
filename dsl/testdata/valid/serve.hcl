pipeline "scheduled" {
  schedule = "every 15m"
  source "ndjson" {}
  target "ndjson" {}
}

pipeline "on_cron_and_webhooks" {
  timezone = "Europe/Amsterdam"
  schedule = "0 6 * * 1-5"
  trigger "hubspot" {
    events = ["deal.creation", "deal.propertyChange"]
  }
  trigger "exactonline" {}
  source "ndjson" {}
  target "ndjson" {}
}
