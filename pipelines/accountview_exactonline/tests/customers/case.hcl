description = "Debtors become accounts: Korenaar, which Exact has by e-mail, is updated; the Belgian company gets reverse-charge VAT and the EU revenue account."
pipeline    = "accountview_exactonline_customers"
