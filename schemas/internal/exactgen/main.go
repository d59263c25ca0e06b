package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/pipeline-dev/pipeline/schemas/internal/schemagen"
)

func main() {
	factsPath := flag.String("facts", "", "path of exact-online-entities.facts.json")
	out := flag.String("out", "schemas/exactonline", "folder to write <entity>.schema.json files into")
	flag.Parse()
	if *factsPath == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: exactgen -facts <exact-online-entities.facts.json> [-out schemas/exactonline]")
		os.Exit(2)
	}
	if err := run(*factsPath, *out); err != nil {
		fmt.Fprintln(os.Stderr, "exactgen:", err)
		os.Exit(1)
	}
}

func run(factsPath, out string) error {
	endpoints, err := readFacts(factsPath)
	if err != nil {
		return err
	}
	files, err := generate(endpoints, entities)
	if err != nil {
		return err
	}
	return schemagen.WriteDir(os.Stderr, "exactgen", out, files, generatedNote)
}

// generate returns the file contents by file name.
func generate(endpoints map[string]*endpoint, entities []entity) (map[string][]byte, error) {
	g, err := newGenerator(endpoints, entities)
	if err != nil {
		return nil, err
	}
	return schemagen.Render(entities, func(e entity) string { return e.File }, g.build)
}
