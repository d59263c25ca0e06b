description = "Articles become items in their Exact item group with their picture; MEEL-25, which Exact has, is updated; the blocked article and the discount article are not sent."
pipeline    = "accountview_exactonline_products"
