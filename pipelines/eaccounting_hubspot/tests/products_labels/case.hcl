description = "The custom filter: only articles with the label Machines are sent, prices including VAT."
pipeline    = "eaccounting_hubspot_products"
vars = {
  article_labels     = ["Machines"]
  prices_include_vat = true
}
