package emulator

import (
	"strings"
	"testing"
)

// The first contact of an account becomes its main contact; a client may
// name another contact of the account, not one of another account; a
// deleted main contact leaves the account without one.
func TestMainContact(t *testing.T) {
	f := newFixture(t, Options{})
	acc := single(t, f.mustDo(201, "POST", "crm/Accounts", map[string]any{"Name": "Bakkerij Nieuw"}))
	accID := acc["ID"].(string)
	if acc["MainContact"] != nil {
		t.Fatalf("a new account has main contact %v", acc["MainContact"])
	}
	first := single(t, f.mustDo(201, "POST", "crm/Contacts", map[string]any{"Account": accID, "FirstName": "Karin", "LastName": "Koren",
		"Email": "karin@nieuw.example"}))
	second := single(t, f.mustDo(201, "POST", "crm/Contacts", map[string]any{"Account": accID, "FirstName": "Kees", "LastName": "Koren"}))
	if first["IsMainContact"] != true || first["AccountMainContact"] != first["ID"] || second["IsMainContact"] != false {
		t.Errorf("first contact main %v (%v), second %v", first["IsMainContact"], first["AccountMainContact"], second["IsMainContact"])
	}
	accPath := "crm/Accounts(guid'" + accID + "')"
	if got := single(t, f.mustDo(200, "GET", accPath, nil)); got["MainContact"] != first["ID"] {
		t.Errorf("account MainContact = %v, want the first contact %v", got["MainContact"], first["ID"])
	}
	// The contact is found by its e-mail address, as the connector looks it up.
	if rows := results(t, f.mustDo(200, "GET", "crm/Contacts?$filter=Email eq 'karin@nieuw.example'", nil)); len(rows) != 1 || rows[0]["ID"] != first["ID"] {
		t.Errorf("contacts by e-mail = %v", rows)
	}

	f.mustDo(204, "PUT", accPath, map[string]any{"MainContact": second["ID"]})
	c1 := single(t, f.mustDo(200, "GET", "crm/Contacts(guid'"+first["ID"].(string)+"')", nil))
	c2 := single(t, f.mustDo(200, "GET", "crm/Contacts(guid'"+second["ID"].(string)+"')", nil))
	if c1["IsMainContact"] != false || c2["IsMainContact"] != true || c1["AccountMainContact"] != second["ID"] {
		t.Errorf("after naming the second: first %v, second %v, first's AccountMainContact %v", c1["IsMainContact"], c2["IsMainContact"], c1["AccountMainContact"])
	}

	other := "0f000000-0000-4000-8000-000000000002" // a contact of another seeded account
	resp, body := f.do("PUT", accPath, map[string]any{"MainContact": other})
	if resp.StatusCode != 400 || !strings.Contains(errMsg(body), "belongs to another account") {
		t.Errorf("a main contact of another account: %d %v", resp.StatusCode, body)
	}

	f.mustDo(204, "DELETE", "crm/Contacts(guid'"+second["ID"].(string)+"')", nil)
	if got := single(t, f.mustDo(200, "GET", accPath, nil)); got["MainContact"] != nil {
		t.Errorf("after deleting the main contact the account names %v", got["MainContact"])
	}
}
