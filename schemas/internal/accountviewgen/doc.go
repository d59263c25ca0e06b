// Command accountviewgen derives, from the AccountView data-dictionary
// dumps, the JSON Schemas of the AccountView records (schemas/accountview)
// and the field table of the AccountView emulator
// (connectors/accountview/emulator/dictionary_gen.go). It runs at
// development time only:
//
//	go run ./schemas/internal/accountviewgen \
//	    -specs ../shared/specs/accountview \
//	    -schemas schemas/accountview \
//	    -emulator connectors/accountview/emulator/dictionary_gen.go
//
// The dumps (see shared/specs/accountview/SOURCE.txt: DCT_FLD records of
// CONTACT, ACCT_REC, VAT, DJ_PAGE, DJ_LINE and LEDGER from
// omniboost/go-accountview.net, MIT) are not part of the repository; what
// is derived from them is, and is reviewed like code. One generator writes
// both outputs so that the schemas and the emulator cannot disagree on a
// field's type, length or mandatory flag.
//
// How a field is derived:
//   - From the dump: name, FIELD_TYPE (C character, M memo, N numeric,
//     Y currency, I integer, B double, D date, T datetime, L logical),
//     FIELD_LEN (the maximum length of C fields), INP_MAND (mandatory on
//     input), "!" in FLD_FMT (stored in upper case) and FLD_DESC (the Dutch
//     label, used in descriptions and the emulator's dictionary endpoints).
//     ACCT_REC, the AR1 view of CONTACT, contributes its mandatory flags to
//     CONTACT.
//   - Tables without a dump (ARTICLE, ART_GRP, DEL_ADDR, SO_HDR, SO_LINE)
//     are defined in assumed.go; their fields carry x-assumed.
//   - rules.go adds per table the key clients page by, the fields the
//     server assigns, maintains or copies from a header row, the natural
//     keys and the personal-data fields, and lists the business objects.
//     Every table gets a system column <TABLE>_Id (the row id seen in the
//     client library's response types) and detail tables a link to their
//     header.
//   - JSON types: C, M, D and T are strings (D and T with an ISO date
//     pattern), N, Y and B numbers, I 32-bit integers, L booleans; maxLength
//     is FIELD_LEN for C fields. required lists mandatory fields that the
//     server neither assigns, maintains nor copies from a header.
//
// Known gaps: the dumps give no decimals for N fields, no enumerations
// (VAT_TYPE, CALC_TYPE, ACCT_TYPE codes) and nothing for articles, orders
// and delivery addresses.
package main
