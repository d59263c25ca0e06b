description = "SCHORT lists its variants in ART_DESC2 (Maat: S,M; Kleur: wit,zwart) and becomes four Exact items with size and colour in free text fields, SCHORT-S-WIT, which Exact has, updated without its notes; ROGGE-5 has one combination (Kleur: bruin) and MEEL-25 plain text, so each stays one item, ROGGE-5's colour in FreeTextField_03."
pipeline    = "accountview_exactonline_products"
