package emulator

// Debtors (AR1, CONTACT) and their delivery addresses (ADDR, DEL_ADDR).
// AccountView numbers a debtor when SUB_NR is left empty ([AV-PHP] creates
// debtors without one and finds them again by e-mail); the control account
// ACCT_NR must be a ledger account, a VAT code a known one.

// firstDebtorNumber is where assigned debtor numbers start when the
// company has no numeric debtor numbers yet.
const firstDebtorNumber = 10001

func init() {
	writeRules["CONTACT"] = tableRules{
		unique:   [][]string{{"SUB_NR"}},
		identity: []string{"SUB_NR"},
		prepare: func(tx *txn, in *rowIn, old *row, _ *rowIn) *apiError {
			if old == nil {
				if err := tx.assign(in, "SUB_NR", "SUB_NR", firstDebtorNumber, "%d"); err != nil {
					return err
				}
			}
			if _, err := tx.mustExist(in, "ACCT_NR", "LEDGER", "ACCT_NR", "ledger account"); err != nil {
				return err
			}
			if _, err := tx.mustExist(in, "VAT_CODE", "VAT", "VAT_CODE", "VAT code"); err != nil {
				return err
			}
			if in.str("CUR_CODE") == "" && old == nil {
				in.vals["CUR_CODE"] = "EUR"
			}
			return nil
		},
	}
	writeRules["DEL_ADDR"] = tableRules{
		unique:   [][]string{{"REC_ID"}},
		identity: []string{"REC_ID"},
		prepare: func(tx *txn, in *rowIn, _ *row, parent *rowIn) *apiError {
			if parent != nil {
				return nil // the debtor is written with it
			}
			_, err := tx.mustExist(in, "SUB_NR", "CONTACT", "SUB_NR", "debtor")
			return err
		},
	}
}
