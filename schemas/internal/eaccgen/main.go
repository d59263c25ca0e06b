package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/pipeline-dev/pipeline/schemas/internal/schemagen"
)

func main() {
	specPath := flag.String("spec", "", "path of visma_external_api.yaml")
	out := flag.String("out", "schemas/eaccounting", "folder to write <entity>.schema.json files into")
	flag.Parse()
	if *specPath == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: eaccgen -spec <visma_external_api.yaml> [-out schemas/eaccounting]")
		os.Exit(2)
	}
	if err := run(*specPath, *out); err != nil {
		fmt.Fprintln(os.Stderr, "eaccgen:", err)
		os.Exit(1)
	}
}

func run(specPath, out string) error {
	s, err := readSpec(specPath)
	if err != nil {
		return err
	}
	files, err := generate(s, entities)
	if err != nil {
		return err
	}
	return schemagen.WriteDir(os.Stderr, "eaccgen", out, files, generatedNote)
}

// generate returns the file contents by file name.
func generate(s *spec, entities []entity) (map[string][]byte, error) {
	g, err := newGenerator(s, entities)
	if err != nil {
		return nil, err
	}
	return schemagen.Render(entities, func(e entity) string { return e.File }, g.build)
}
