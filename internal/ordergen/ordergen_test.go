package ordergen

import (
	"encoding/json"
	"testing"
)

func TestOrdersAreValidJSONOfRealisticSize(t *testing.T) {
	total := 0
	for i := 0; i < 200; i++ {
		b := Order(1, i)
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("order %d is not JSON: %v\n%s", i, err, b)
		}
		lines := v["line_items"].([]any)
		if len(lines) < 1 || len(lines) > 8 {
			t.Fatalf("order %d has %d lines", i, len(lines))
		}
		total += len(b)
	}
	if avg := total / 200; avg < 700 || avg > 1600 {
		t.Errorf("average order size %d bytes, want about 1 KB", avg)
	}
	if a, b := Order(1, 7), Order(1, 7); string(a) != string(b) {
		t.Error("orders are not deterministic")
	}
}
