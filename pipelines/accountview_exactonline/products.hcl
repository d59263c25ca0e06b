# AccountView articles → Exact Online items, created or updated by code.
#
# Each item goes to the Exact item group of its article group
# (item_groups.csv, default GENERAL). Exact's API can read item groups but
# not create them, so the groups are set up once in Exact and matched by
# code; an article whose group maps to a code Exact lacks is set aside
# with that reason. The article's picture (IMG_MEDIUM, base64) becomes
# the item's one picture. The long description (Notes) is written on
# create only: text enriched by hand in Exact is never overwritten. The
# read is incremental (CNG_DATE).
#
# Variant products: an article whose second description (ART_DESC2) lists
# attributes, "Maat: S,M; Kleur: wit,zwart", becomes one Exact item per
# combination (for_each): code SCHORT-S-WIT, description "Schort S wit",
# the variant's attributes as extra description and in the free text
# fields named by variant_free_fields (Maat in FreeTextField_02, Kleur in
# _03). An article with one combination or none stays one item, its
# attributes (if any) in the free text fields too.
#
# Settings (settings.hcl): only_unblocked and article_groups (which
# articles are sent), prices_include_vat (the article's VAT rate from its
# AccountView VAT code), manage_stock (IsStockItem), discount_article
# (never sent), variant_attributes and variant_free_fields.

pipeline "accountview_exactonline_products" {
  description = "AccountView articles become Exact Online items in their item group, created or updated by code."
  schedule    = var.products_schedule # how often pipeline serve runs it (settings.hcl)
  timezone    = "Europe/Amsterdam"
  max_rejects = 10

  source "accountview" {
    use    = "accountview"
    schema = "accountview/article"
  }

  target "exactonline" {
    use         = "exactonline"
    schema      = "exactonline/item"
    key_field   = "Code"
    on_exists   = "update"
    create_only = ["Notes"]
  }

  # The article's VAT code in AccountView, for its rate.
  related "vat" {
    in      = "source"
    entity  = "accountview/vat_code"
    by      = "VAT_CODE"
    missing = "error"
  }

  related "item_group" {
    entity  = "exactonline/item_group"
    by      = "Code"
    missing = "error"
  }

  filter = [
    "!(source.REC_BLK ?? false) || !var.only_unblocked",
    "len(var.article_groups) == 0 || (source.AG_CODE ?? '') in var.article_groups",
    "source.ART_CODE != var.discount_article",
  ]

  # One element per variant: {variant, attributes}, the attributes being
  # a combination of one value of each attribute, as a list of {name,
  # value}. An article with one combination (or no attributes) gives one
  # element that is no variant.
  for_each = <<-EXPR
    let text = var.variant_attributes ? trim(source.ART_DESC2 ?? '') : '';
    let attributes = !regexMatch(text, '^[^:;]+:[^:;]+(;[^:;]+:[^:;]+)*;?$') ? [] : map(
      filter(split(text, ';'), trim(#) != ''),
      let pair = split(#, ':');
      {name: trim(pair[0]), values: filter(map(split(pair[1], ','), trim(#)), # != '')});
    let combinations = reduce(attributes,
      let attribute = #;
      reduce(map(#acc, let combination = #; map(attribute.values, concat(combination, [{name: attribute.name, value: #}]))), concat(#acc, #), []),
      [[]]);
    let variant = len(combinations) > 1;
    map(combinations, ({variant: variant, attributes: #}))
  EXPR

  map {
    Code               = "!item.variant ? source.ART_CODE : source.ART_CODE + '-' + join(map(item.attributes, upper(regexReplace(.value, '[^A-Za-z0-9]', ''))), '-')"
    Description        = "!item.variant ? source.ART_DESC1 : truncate(source.ART_DESC1 + ' ' + join(map(item.attributes, .value), ' '), 60)"
    ExtraDescription   = "!item.variant ? coalesce(source.ART_DESC2) : join(map(item.attributes, .name + ': ' + .value), '; ')"
    Notes              = "!item.variant ? coalesce(source.ART_DESC2, source.ART_DESC1) : source.ART_DESC1"
    Barcode            = "!item.variant ? coalesce(source.EAN_CODE) : nil"
    StandardSalesPrice = <<-EXPR
      var.prices_include_vat
        ? round((source.PX_SELL ?? 0) * (100 + related('vat', source.VAT_CODE ?? '2').VAT_PCT) / 100, 2)
        : source.PX_SELL ?? 0
    EXPR
    SalesVatCode       = "lookup('vat_code', source.VAT_CODE ?? '')"
    Unit               = "lookup('unit', source.UNIT_CODE ?? '')"
    IsSalesItem        = true
    IsStockItem        = "var.manage_stock && source.AG_CODE != 'DIENST'"
    ItemGroup          = "related('item_group', lookup('item_group', source.AG_CODE ?? '')).ID"
    FreeTextField_01   = "source.AG_CODE"
    FreeTextField_02   = "len(var.variant_free_fields) > 0 ? find(item.attributes, lower(.name) == lower(var.variant_free_fields[0]))?.value : nil"
    FreeTextField_03   = "len(var.variant_free_fields) > 1 ? find(item.attributes, lower(.name) == lower(var.variant_free_fields[1]))?.value : nil"
    FreeTextField_04   = "len(var.variant_free_fields) > 2 ? find(item.attributes, lower(.name) == lower(var.variant_free_fields[2]))?.value : nil"
    Picture            = "coalesce(source.IMG_MEDIUM)"
  }
}
