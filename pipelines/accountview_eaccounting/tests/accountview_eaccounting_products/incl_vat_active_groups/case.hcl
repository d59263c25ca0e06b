description = "prices_include_vat: PX_SELL is the gross price and NetPrice is computed; send_blocked = false leaves OUD-BLIK out; article_groups = [BAKKERIJ] sends only that group."

vars = {
  prices_include_vat = true
  send_blocked       = false
  article_groups     = ["BAKKERIJ"]
}
