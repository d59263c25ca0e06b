package asperion

import (
	"context"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
)

// A journal entry carries the reference of the document it books (an
// order number): a lookup by reference finds it, which is how a pipeline
// skips an order it booked before, and a create answered 500 after it took
// effect is found by it and not sent twice.
func TestJournalEntryReference(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/v1/journalentries", Method: "POST"})
	w := f.writer("journal_entry", nil)
	raw := `{"journalCode":"MEM","entryDate":"2026-03-01","description":"Order 17","reference":"EXO-17",` +
		`"lines":[{"ledgerAccountNumber":"1300","debit":12.10},{"ledgerAccountNumber":"8000","credit":10},{"ledgerAccountNumber":"1500","credit":2.10}]}`
	if err := w.Write(context.Background(), connectors.Record{Raw: []byte(raw)}); err != nil {
		t.Fatal(err)
	}
	if res := w.Last(); !res.Confirmed || decode(t, res.Raw)["reference"] != "EXO-17" {
		t.Fatalf("Last() = %+v, want the entry confirmed by its reference", res)
	}
	if n := f.count("POST", "/v1/journalentries"); n != 1 {
		t.Errorf("%d POSTs, want exactly 1", n)
	}
	for _, value := range []string{"EXO-17", "exo-17"} {
		got, err := f.writer("journal_entry", nil).Lookup(context.Background(),
			connectors.LookupQuery{Entity: "asperion/journal_entry", Field: "reference", Value: value})
		if err != nil || len(got) != 1 {
			t.Fatalf("entries with reference %s: %v (%v), want one", value, got, err)
		}
	}
	got, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "asperion/journal_entry", Field: "reference", Value: "EXO-18"})
	if err != nil || len(got) != 0 {
		t.Fatalf("entries with reference EXO-18: %v (%v), want none", got, err)
	}
}

// Debtors can be found by VAT number, ignoring case, as by e-mail.
func TestDebtorByVATNumber(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("debtor", nil)
	if err := w.Write(context.Background(), connectors.Record{Raw: []byte(`{"type":"Company","name":"Dupont SRL","vatNumber":"BE0123456789"}`)}); err != nil {
		t.Fatal(err)
	}
	got, err := f.writer("debtor", nil).Lookup(context.Background(),
		connectors.LookupQuery{Entity: "asperion/debtor", Field: "vatNumber", Value: "be0123456789"})
	if err != nil || len(got) != 1 || decode(t, got[0].Raw)["name"] != "Dupont SRL" {
		t.Fatalf("debtors with VAT number be0123456789: %v (%v), want Dupont SRL", got, err)
	}
	if got, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "asperion/debtor", Field: "vatNumber", Value: "NL000"}); err != nil || len(got) != 0 {
		t.Fatalf("debtors with VAT number NL000: %v (%v), want none", got, err)
	}
}
