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

import (
	"flag"
	"fmt"
	"os"

	"github.com/pipeline-dev/pipeline/schemas/internal/schemagen"
)

func main() {
	specs := flag.String("specs", "", "folder holding the <table>.fields.json dumps")
	schemaDir := flag.String("schemas", "", "folder to write <entity>.schema.json files into (optional)")
	emulator := flag.String("emulator", "", "Go file to write the emulator's dictionary into (optional)")
	flag.Parse()
	if *specs == "" || flag.NArg() > 0 || (*schemaDir == "" && *emulator == "") {
		fmt.Fprintln(os.Stderr, "usage: accountviewgen -specs <dir> [-schemas <dir>] [-emulator <file.go>]")
		os.Exit(2)
	}
	if err := run(*specs, *schemaDir, *emulator); err != nil {
		fmt.Fprintln(os.Stderr, "accountviewgen:", err)
		os.Exit(1)
	}
}

func run(specs, schemaDir, emulator string) error {
	models, err := load(specs)
	if err != nil {
		return err
	}
	if schemaDir != "" {
		files, err := schemaFiles(models)
		if err != nil {
			return err
		}
		// No note: the emulator's table is written from the same run, and
		// schemas/accountview has no files of entities that left the table.
		if err := schemagen.WriteDir(os.Stderr, "accountviewgen", schemaDir, files, ""); err != nil {
			return err
		}
	}
	if emulator != "" {
		src, err := goTable(models)
		if err != nil {
			return err
		}
		if err := os.WriteFile(emulator, src, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "accountviewgen: wrote %s\n", emulator)
	}
	return nil
}

// load reads the dumps and builds the table models.
func load(specs string) (map[string]*model, error) {
	tables, err := readDumps(specs)
	if err != nil {
		return nil, err
	}
	if err := mergeAcctRec(tables); err != nil {
		return nil, err
	}
	return buildModels(tables)
}

// schemaFiles returns the schema documents by file name.
func schemaFiles(models map[string]*model) (map[string][]byte, error) {
	return schemagen.Render(entities, func(e entity) string { return e.File }, func(e entity) (*schemagen.Object, error) {
		return buildSchema(e, models)
	})
}
