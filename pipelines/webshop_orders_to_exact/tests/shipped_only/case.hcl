description = "Only shipped orders are sent when the statuses setting says so."
now         = "2024-03-02T09:00:00+01:00"
vars = {
  statuses       = ["shipped"]
  default_debtor = "11111111-2222-4333-8444-555555555555"
}
