package main

// Tables without a dictionary dump. Their field names come from client code
// that reads or writes them (Source), or are our choice where a connector
// needs a field no source shows (an order number, a record id); types and
// lengths are chosen to match similar dumped fields (ADDRESS1 C80 as in
// CONTACT, amounts as currency Y like DJ_LINE.AMOUNT). Every column here is
// marked assumed.

const (
	srcPHP = "[AV-PHP] Accountview_model.php"
	srcRB  = "[AV-RB] api_methods.rb"
)

// changeColumns are the change-tracking columns every dumped master table
// has (CONTACT, VAT, LEDGER); the assumed tables get them too.
func changeColumns() []column {
	return []column{
		{Name: "CNG_DATE", Type: 'T', Len: 8, Desc: "Wijzigingsdatum"},
		{Name: "CNG_NR", Type: 'I', Len: 4, Desc: "Wijzignummer"},
		{Name: "CNG_USR", Type: 'C', Len: 20, Upper: true, Desc: "Medewerker laatste wijziging"},
		{Name: "INP_DATE", Type: 'T', Len: 8, Desc: "Invoerdatum"},
		{Name: "INP_USR", Type: 'C', Len: 20, Upper: true, Desc: "Invoermedewerker"},
	}
}

func assumedTables() []*table {
	tables := []*table{
		{Name: "DEL_ADDR", Columns: []column{
			{Name: "ADDRESS1", Type: 'C', Len: 80, Desc: "Adres", Source: srcPHP},
			{Name: "CITY", Type: 'C', Len: 35, Desc: "Plaats", Source: srcPHP},
			{Name: "CNT_CODE", Type: 'C', Len: 2, Upper: true, Desc: "ISO-landcode", Source: srcPHP},
			{Name: "DEL_NAME", Type: 'C', Len: 40, Mandatory: true, Desc: "Naam afleveradres", Source: srcPHP},
			{Name: "MAIL_BUS", Type: 'C', Len: 50, Desc: "E-mail", Source: srcPHP},
			{Name: "POST_CODE", Type: 'C', Len: 10, Upper: true, Desc: "Postcode", Source: srcPHP},
			{Name: "REC_ID", Type: 'C', Len: 10, Mandatory: true, Upper: true, Desc: "Unieke code", Source: srcPHP},
			{Name: "SUB_NR", Type: 'C', Len: 10, Mandatory: true, Upper: true, Desc: "Debiteurnummer", Source: srcPHP},
			{Name: "TEL_BUS", Type: 'C', Len: 20, Desc: "Telefoon", Source: srcPHP},
		}},
		{Name: "ART_GRP", Columns: []column{
			{Name: "AG_CODE", Type: 'C', Len: 10, Mandatory: true, Upper: true, Desc: "Artikelgroepcode", Source: srcPHP},
			{Name: "AG_DESC", Type: 'C', Len: 40, Mandatory: true, Desc: "Omschrijving artikelgroep", Source: srcPHP},
		}},
		{Name: "ARTICLE", Columns: []column{
			{Name: "AG_CODE", Type: 'C', Len: 10, Upper: true, Desc: "Artikelgroep", Source: srcPHP},
			{Name: "ART_CODE", Type: 'C', Len: 20, Mandatory: true, Desc: "Artikelcode", Source: srcPHP},
			{Name: "ART_DESC1", Type: 'C', Len: 50, Mandatory: true, Desc: "Omschrijving", Source: srcPHP},
			{Name: "ART_DESC2", Type: 'C', Len: 50, Desc: "Omschrijving 2"},
			{Name: "EAN_CODE", Type: 'C', Len: 13, Desc: "EAN-code"},
			// The article's picture, base64-encoded (the content is assumed:
			// [AV-PHP] reads the field but does not show what it holds).
			{Name: "IMG_MEDIUM", Type: 'M', Len: 4, Desc: "Afbeelding", Source: srcPHP},
			{Name: "PX_SELL", Type: 'Y', Len: 8, Desc: "Verkoopprijs", Source: srcPHP},
			{Name: "QTY_AVAIL", Type: 'N', Len: 13, Desc: "Beschikbare voorraad", Source: srcPHP},
			{Name: "REC_BLK", Type: 'L', Len: 1, Desc: "Geblokkeerd"},
			{Name: "REC_ID", Type: 'C', Len: 10, Mandatory: true, Upper: true, Desc: "Unieke code", Source: srcRB},
			{Name: "UNIT_CODE", Type: 'C', Len: 10, Upper: true, Desc: "Eenheid"},
			{Name: "VAT_CODE", Type: 'C', Len: 2, Upper: true, Desc: "BTW-code"},
		}},
		{Name: "SO_HDR", Columns: []column{
			{Name: "COMMENT1", Type: 'M', Len: 4, Desc: "Omschrijving verkooporder", Source: srcPHP},
			{Name: "DEL_CODE", Type: 'C', Len: 10, Upper: true, Desc: "Afleveradres", Source: srcPHP},
			{Name: "DEL_DATE", Type: 'T', Len: 8, Desc: "Leverdatum", Source: srcPHP},
			{Name: "INV_DATE", Type: 'T', Len: 8, Desc: "Factuurdatum", Source: srcPHP},
			{Name: "ORD_AMT", Type: 'Y', Len: 8, Desc: "Orderbedrag excl. BTW"},
			{Name: "ORD_DATE", Type: 'T', Len: 8, Desc: "Verkooporderdatum", Source: srcPHP},
			{Name: "ORD_NR", Type: 'C', Len: 10, Mandatory: true, Upper: true, Desc: "Ordernummer"},
			{Name: "PD_AMT", Type: 'Y', Len: 8, Desc: "Kortingsbedrag", Source: srcPHP},
			{Name: "REC_ID", Type: 'C', Len: 10, Mandatory: true, Upper: true, Desc: "Unieke code"},
			{Name: "RPL_DEL", Type: 'C', Len: 10, Upper: true, Desc: "Verzenddebiteur", Source: srcPHP},
			{Name: "RPL_INV", Type: 'C', Len: 10, Mandatory: true, Upper: true, Desc: "Factuurdebiteur", Source: srcPHP},
			{Name: "TO_EMAIL", Type: 'C', Len: 50, Desc: "E-mail", Source: srcPHP},
		}},
		{Name: "SO_LINE", Columns: []column{
			{Name: "ART_CODE", Type: 'C', Len: 20, Mandatory: true, Desc: "Artikelcode", Source: srcPHP},
			{Name: "ART_DESC1", Type: 'C', Len: 50, Desc: "Omschrijving"},
			{Name: "ART_PX", Type: 'Y', Len: 8, Desc: "Verkoopprijs per eenheid", Source: srcPHP},
			{Name: "DEL_DATE", Type: 'T', Len: 8, Desc: "Leverdatum", Source: srcPHP},
			{Name: "LINE_AMT", Type: 'Y', Len: 8, Desc: "Regelbedrag excl. BTW"},
			{Name: "ORD_NR", Type: 'C', Len: 10, Mandatory: true, Upper: true, Desc: "Ordernummer"},
			{Name: "ORD_QTY", Type: 'N', Len: 13, Mandatory: true, Desc: "Aantal besteld", Source: srcPHP},
			{Name: "REC_ID", Type: 'C', Len: 10, Mandatory: true, Upper: true, Desc: "Unieke code"},
			{Name: "REC_ORD", Type: 'I', Len: 4, Desc: "Regelvolgorde"},
			{Name: "VAT_CODE", Type: 'C', Len: 2, Upper: true, Desc: "BTW-code"},
		}},
	}
	for _, t := range tables {
		t.Assumed = true
		if t.Name != "SO_LINE" {
			t.Columns = append(t.Columns, changeColumns()...)
		}
		for i := range t.Columns {
			t.Columns[i].Assumed = true
		}
		sortColumns(t)
	}
	return tables
}
