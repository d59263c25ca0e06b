description = "QTY_AVAIL becomes StockBalance of articles eAccounting keeps stock of: MEEL-25 (120) is unchanged, OLIE-1L gets 40; BEZORG keeps no stock; MAND-S, not in eAccounting, is set aside."
