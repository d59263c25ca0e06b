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
