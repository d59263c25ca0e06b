package pipelinetest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	_ "github.com/pipeline-dev/pipeline/connectors/file"
	"github.com/pipeline-dev/pipeline/engine/pipelinetest"
	"github.com/pipeline-dev/pipeline/schemas"
)

const goldenPipeline = `
pipeline "orders" {
  source "ndjson" {
    path     = "orders.ndjson"
    schema   = "webshop/order"
    validate = false
  }
  target "ndjson" {
    path = "out.ndjson"
  }

  related "account" {
    entity  = "exactonline/account"
    by      = "Email"
    missing = "create"
    create {
      Name  = "source.customer.company"
      Email = "key"
    }
  }
  related "account_by_name" {
    entity = "exactonline/account"
    by     = "Name"
  }

  map {
    Ref     = "source.order_number"
    Account = "related('account', source.customer.email).ID"
    Again   = "related('account_by_name', source.customer.company).ID"
  }
}
`

// TestGoldenRelated: a case whose orders create a customer compares the
// create with want.related.ndjson; -update writes that file, a changed
// file fails the case with the field that differs, and the created record
// (with its made-up id) answers the case's later lookups.
func TestGoldenRelated(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("pipeline.hcl", goldenPipeline)
	write("tests/new_customer/input.ndjson", `{"order_number":"A1","customer":{"email":"new@example.com","company":"New BV"}}
{"order_number":"A2","customer":{"email":"new@example.com","company":"New BV"}}
`)
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	run := func(update bool) pipelinetest.Result {
		t.Helper()
		results, _, err := pipelinetest.Run(context.Background(), []string{dir},
			pipelinetest.Config{Connectors: connectors.Default(), Schemas: set, Update: update})
		if err != nil || len(results) != 1 {
			t.Fatalf("run: %v, %d results", err, len(results))
		}
		return results[0]
	}
	if r := run(true); !r.Updated || len(r.Failures) > 0 {
		t.Fatalf("-update: %+v", r)
	}
	want := filepath.Join(dir, "tests/new_customer/want.related.ndjson")
	got, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != `{"action":"create","key":"new@example.com","record":{"Email":"new@example.com","Name":"New BV"},"related":"account"}`+"\n" {
		t.Fatalf("want.related.ndjson:\n%s", got)
	}
	out, _ := os.ReadFile(filepath.Join(dir, "tests/new_customer/want.ndjson"))
	if strings.Count(string(out), `"Account":"00000000-0000-4000-8000-000000000001"`) != 2 || strings.Count(string(out), `"Again":"00000000-0000-4000-8000-000000000001"`) != 2 {
		t.Errorf("the created account does not answer later lookups:\n%s", out)
	}
	if r := run(false); !r.Passed {
		t.Fatalf("the updated case fails: %v", r.Failures)
	}
	write("tests/new_customer/want.related.ndjson", strings.Replace(string(got), "New BV", "Old BV", 1))
	r := run(false)
	if r.Passed || len(r.Failures) != 1 || !strings.Contains(r.Failures[0], "want.related.ndjson:1") || !strings.Contains(r.Failures[0], `record.Name: want "Old BV", got "New BV"`) {
		t.Fatalf("a changed want.related.ndjson: %+v", r.Failures)
	}
}
