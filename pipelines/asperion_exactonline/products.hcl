# Products: Asperion articles become Exact Online items, matched by code
# (the SKU). A new one is created, one Exact has is updated where a field
# differs, and an unchanged one costs no call on the next run (the source
# is read incrementally on modifiedAt).
#
# ExtraDescription (Asperion's longDescription) is written when the item is
# created and never overwritten: it is the text people enrich by hand in
# Exact. The item group follows the article's sales type (item_groups.csv;
# Exact's API cannot create groups, so they must exist there), the sales
# VAT code the sales type's VAT code (vat_codes.csv). Asperion keeps no
# variants or attributes: sizes and colours are articles of their own
# there (SCHORT-M, SCHORT-L), and arrive as items of their own; the sales
# unit goes to Exact's free text field 1.
#
# Settings (settings.hcl): code_prefix chooses the articles;
# prices_include_vat picks the price written; manage_stock decides whether
# Exact keeps stock of them; default_item_group; item_groups.csv,
# vat_codes.csv.

pipeline "products" {
  description = "Asperion articles become Exact Online items, created or updated by code."
  schedule    = var.products_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "asperion" {
    use    = "asperion"
    schema = "asperion/article"
  }

  target "exactonline" {
    use         = "exactonline"
    schema      = "exactonline/item"
    key_field   = "Code"
    on_exists   = "update"
    create_only = ["ExtraDescription"]
  }

  filter = "var.code_prefix == '' || source.code startsWith var.code_prefix"

  # The sales type gives the VAT code (and its percentage) and the group.
  related "sales_type" {
    in      = "source"
    entity  = "asperion/sales_type"
    by      = "id"
    missing = "error"
  }

  related "vat_code" {
    in      = "source"
    entity  = "asperion/vat_code"
    by      = "id"
    missing = "error"
  }

  related "item_group" {
    entity  = "exactonline/item_group"
    by      = "Code"
    missing = "error"
  }

  map {
    Code               = "source.code"
    Description        = "truncate(source.description, 60)"
    ExtraDescription   = "source.longDescription"
    Barcode            = "source.barcode"
    StandardSalesPrice = <<-EXPR
      var.prices_include_vat
        ? round((source.salesPrice ?? 0) * (100 + related('vat_code', related('sales_type', source.salesTypeId).vatCodeId).percentage) / 100, 2)
        : round(source.salesPrice ?? 0, 2)
    EXPR
    CostPriceStandard  = "source.purchasePrice"
    SalesVatCode       = "lookup('exact_vat_code', related('vat_code', related('sales_type', source.salesTypeId).vatCodeId).code)"
    ItemGroup          = <<-EXPR
      lookup('item_group', related('sales_type', source.salesTypeId).code) != ''
        ? related('item_group', lookup('item_group', related('sales_type', source.salesTypeId).code)).ID
        : var.default_item_group != '' ? related('item_group', var.default_item_group).ID : nil
    EXPR
    IsSalesItem        = true
    IsStockItem        = "var.manage_stock && (source.isStockArticle ?? false)"
    FreeTextField_01   = "source.unit"
  }
}
