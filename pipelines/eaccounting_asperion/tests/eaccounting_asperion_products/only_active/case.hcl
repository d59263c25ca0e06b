description = "send_inactive = false leaves the inactive OUD-VAAS out."

vars = {
  send_inactive = false
}
