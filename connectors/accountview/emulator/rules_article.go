package emulator

// Articles (AK1, ARTICLE) and article groups (AG1, ART_GRP). ART_CODE and
// AG_CODE are unique; an article's group and VAT code must exist.
// QTY_AVAIL, the available stock, is the server's: seed data sets it and
// sales orders lower it (rules_order.go).

func init() {
	writeRules["ART_GRP"] = tableRules{
		unique:   [][]string{{"AG_CODE"}},
		identity: []string{"AG_CODE"},
	}
	writeRules["ARTICLE"] = tableRules{
		unique:   [][]string{{"REC_ID"}, {"ART_CODE"}},
		identity: []string{"REC_ID", "ART_CODE"},
		prepare: func(tx *txn, in *rowIn, _ *row, _ *rowIn) *apiError {
			if _, err := tx.mustExist(in, "AG_CODE", "ART_GRP", "AG_CODE", "article group"); err != nil {
				return err
			}
			_, err := tx.mustExist(in, "VAT_CODE", "VAT", "VAT_CODE", "VAT code")
			return err
		},
	}
	// VAT codes and ledger accounts come from seed data only (VA1 and GL1
	// take no writes); their codes are unique.
	writeRules["VAT"] = tableRules{unique: [][]string{{"VAT_CODE"}}}
	writeRules["LEDGER"] = tableRules{unique: [][]string{{"ACCT_NR"}}}
}
