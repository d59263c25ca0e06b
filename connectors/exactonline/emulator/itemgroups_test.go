package emulator

import (
	"strings"
	"testing"
)

// Item groups come from the seed only (Exact's API reads them but cannot
// create them); an item names one by ID and reads back its code.
func TestItemGroups(t *testing.T) {
	const group = "1b000000-0000-4000-8000-000000000001"
	seed := `{"divisions": [123456], "ItemGroups": [{"ID": "` + group + `", "Code": "BROOD", "Description": "Brood en banket"}]}`
	f := newFixture(t, Options{Seed: strings.NewReader(seed)})

	groups := results(t, f.mustDo(200, "GET", "logistics/ItemGroups?$filter=Code eq 'BROOD'", nil))
	if len(groups) != 1 || groups[0]["ID"] != group || groups[0]["Description"] != "Brood en banket" {
		t.Fatalf("item groups by code = %v", groups)
	}
	if resp, _ := f.do("POST", "logistics/ItemGroups", map[string]any{"Code": "NEW", "Description": "New"}); resp.StatusCode != 405 {
		t.Errorf("POST on ItemGroups: %d, want 405 (read-only in Exact)", resp.StatusCode)
	}

	item := single(t, f.mustDo(201, "POST", "logistics/Items", map[string]any{"Code": "MEEL-25", "Description": "Tarwebloem", "ItemGroup": group}))
	if item["ItemGroupCode"] != "BROOD" || item["ItemGroupDescription"] != "Brood en banket" {
		t.Errorf("item's group fields = %v / %v", item["ItemGroupCode"], item["ItemGroupDescription"])
	}
	resp, body := f.do("POST", "logistics/Items", map[string]any{"Code": "X-1", "Description": "x", "ItemGroup": "1b000000-0000-4000-8000-0000000000ff"})
	if resp.StatusCode != 400 || !strings.Contains(errMsg(body), "ItemGroup") {
		t.Errorf("an unknown item group: %d %v", resp.StatusCode, body)
	}
}
