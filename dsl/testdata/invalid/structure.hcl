pipeline "p" {
  source "ndjson" {
    schema = "no-slash"                 # ERROR: Invalid schema reference
  }
  target "ndjson" {}
  target "csv" {}                       # ERROR: Duplicate target block
  max_rejects = -1                      # ERROR: Invalid max_rejects
  filter      = 42                      # ERROR: Invalid filter expression
  lookup "terms" {
    values   = { a = "1" }
    unmapped = "sometimes"              # ERROR: Invalid unmapped policy
  }
  lookup "terms" {                      # ERROR: Duplicate lookup block
  }
  related "r" {
    entity = "x/y"
    by     = "Id"
    in     = "elsewhere"                # ERROR: Invalid in
  }
  map {
    A = "source.a"
    B = "${source.b}"                   # ERROR: Expression must be a plain string
    C = { D = ["x"] }                   # ERROR: Expression must be a plain string
  }
  each "Lines" {                        # ERROR: Missing map block
    from = "source.lines"
  }
  each "Lines" {                        # ERROR: Duplicate target field
    from = "source.lines"
    map {
      X = "item.x"
    }
  }
  frobnicate = 1                        # ERROR: Unsupported argument
}
