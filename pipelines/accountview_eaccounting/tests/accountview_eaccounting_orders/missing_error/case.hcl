description = "EA-1 (Korenaar, found by e-mail; shipping row on BEZORG), EA-2 (Martin, French company: new debtor, intra-EU VAT code 4, 5% discount netted), EA-3 (Sophie Jansen, private: new debtor; ZEEP-NL missing in AccountView: set aside), EA-4 is a draft (filtered out), EA-5 is in AccountView (skipped)."

vars = {
  missing_product = "error"
}
