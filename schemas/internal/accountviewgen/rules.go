package main

// tableRule is what the generator adds to a table beyond the dictionary:
// keys, server-maintained fields, header/detail links and annotations.
type tableRule struct {
	// Key is the field clients page by (lastKey) and the row's own id:
	// SUB_NR for CONTACT and ACCT_NR for LEDGER as [AV-RB] pages them,
	// REC_ID where the table has one, else the row id <TABLE>_Id.
	Key string
	// Parent is the header table of a detail table; its rows link to the
	// header through Link (a field copied from the header row).
	Parent, Link string
	// Assigned fields get a value from the server when a write leaves them
	// empty (numbers, record ids); a client may set those not read-only.
	Assigned []string
	// ReadOnly fields are maintained by the server; writes must not set them.
	ReadOnly []string
	// Inherited fields of a detail row are copied from its header row.
	Inherited []string
	Natural   []string
	Personal  []string
	// IDSourced marks tables whose <TABLE>_Id column appears in [AV-GO]'s
	// response types; for the others it is assumed.
	IDSourced bool
}

// tracked are the change-tracking fields of every table; the server sets
// them on each write.
var tracked = []string{"CNG_DATE", "CNG_NR", "CNG_USR", "INP_DATE", "INP_USR", "USR_NAME", "TRANS_NR"}

var rules = map[string]tableRule{
	"CONTACT": {Key: "SUB_NR", IDSourced: true,
		Assigned: []string{"SUB_NR"},
		ReadOnly: []string{"ACCT_BAL", "ACCT_BAL2", "AMT_REC", "AMT_REST", "AMT_REST2", "CR_AMT", "DR_AMT",
			"CRED_BAL", "SALE_AMT", "SALE_PY", "SYNC_STATE"},
		Natural: []string{"SUB_NR", "MAIL_BUS"},
		Personal: []string{"ACCT_NAME", "ADDRESS1", "ADDR_LINE1", "ADDR_LINE2", "ADMIN_CONT", "ADMIN_NAME", "ADM_DEAR",
			"BANK_ACC2", "BANK_ACCT", "BANK_AC_N1", "BANK_AC_N2", "BLK_ACCT", "BLK_IBAN", "BOX_CITY", "BV_NR",
			"CHN_CMAIL", "CHN_CONT", "CITY", "COC_CODE", "EIA", "FAX_BUS", "GIRO", "IBAN_NR", "IBAN_NR2",
			"INV_ADDRES", "LB_NR", "MAIL_BUS", "MAIN_CONT", "MAND_ID", "MC_DEAR", "MC_MAILB", "PAY_NAME", "PO_BOX",
			"PO_CITY", "PO_CODE", "POST_CODE", "REM_ADDR", "SRC_PC", "ST_EXTRA", "ST_NR", "ST_PROP", "ST_STREET",
			"TEL_BUS", "TEL_MOB", "VAT_NR", "VIS_ADDRES"}},
	"DEL_ADDR": {Key: "REC_ID", Parent: "CONTACT", Link: "SUB_NR",
		Assigned: []string{"REC_ID"}, ReadOnly: []string{"REC_ID"}, Inherited: []string{"SUB_NR"},
		Personal: []string{"DEL_NAME", "ADDRESS1", "POST_CODE", "CITY", "MAIL_BUS", "TEL_BUS"}},
	"ART_GRP": {Key: "ART_GRP_Id", Natural: []string{"AG_CODE"}},
	"ARTICLE": {Key: "REC_ID",
		Assigned: []string{"REC_ID"}, ReadOnly: []string{"REC_ID", "QTY_AVAIL"},
		Natural: []string{"ART_CODE", "EAN_CODE"}},
	"SO_HDR": {Key: "REC_ID",
		Assigned: []string{"REC_ID", "ORD_NR"}, ReadOnly: []string{"REC_ID", "ORD_AMT"},
		Natural: []string{"COMMENT1"}, Personal: []string{"TO_EMAIL"}},
	"SO_LINE": {Key: "REC_ID", Parent: "SO_HDR", Link: "SO_HDR_Id",
		Assigned: []string{"REC_ID", "REC_ORD"}, ReadOnly: []string{"REC_ID", "REC_ORD", "LINE_AMT"},
		Inherited: []string{"ORD_NR"}},
	"DJ_PAGE": {Key: "DJ_PAGE_Id", IDSourced: true,
		Assigned: []string{"PAGE_NR"}, ReadOnly: []string{"PAGE_AMT", "PAGE_VAT", "PAGE_NRV"},
		Natural: []string{"DJ_CODE", "PAGE_NR", "INV_NR"}, Personal: []string{"CARD_NAME", "CARD_NR", "MAND_ID"}},
	"DJ_LINE": {Key: "REC_ID", Parent: "DJ_PAGE", Link: "DJ_PAGE_Id", IDSourced: true,
		Assigned:  []string{"REC_ID", "SRC_ID", "SRC_TYPE", "REC_ORD"},
		ReadOnly:  []string{"REC_ID", "SRC_ID", "SRC_TYPE", "REC_ORD", "PAGE_NRV"},
		Inherited: []string{"DJ_CODE", "PAGE_NR"}},
	"VAT":    {Key: "VAT_Id", Natural: []string{"VAT_CODE"}},
	"LEDGER": {Key: "ACCT_NR", Natural: []string{"ACCT_NR"}},
}

// businessObject is one BusinessObject code the emulator serves and the
// schemas describe.
type businessObject struct {
	Code, Desc string
	Table      string
	Details    []string
	// Insert: POST accepted; Update: PUT accepted (our assumption, see the
	// emulator's doc); Delete is never offered.
	Insert, Update bool
}

// businessObjects are in the order /accountviewsystembusinessobjects lists
// them. Codes and tables are from [AV-GO], [AV-RB], [AV-PHP]; descriptions
// are ours.
var businessObjects = []businessObject{
	{Code: "AR1", Desc: "Debiteuren", Table: "CONTACT", Details: []string{"DEL_ADDR"}, Insert: true, Update: true},
	{Code: "ADDR", Desc: "Afleveradressen", Table: "DEL_ADDR", Insert: true, Update: true},
	{Code: "AG1", Desc: "Artikelgroepen", Table: "ART_GRP", Insert: true, Update: true},
	{Code: "AK1", Desc: "Artikelen", Table: "ARTICLE", Insert: true, Update: true},
	{Code: "SO1", Desc: "Verkooporders", Table: "SO_HDR", Details: []string{"SO_LINE"}, Insert: true},
	{Code: "DJ1", Desc: "Dagboekbladzijden", Table: "DJ_PAGE", Details: []string{"DJ_LINE"}, Insert: true},
	{Code: "VA1", Desc: "BTW-codes", Table: "VAT"},
	{Code: "GL1", Desc: "Grootboekrekeningen", Table: "LEDGER"},
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
