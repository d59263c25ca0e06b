package main

import (
	"strings"
	"testing"
)

// Cases under tests/<pipeline>/ are named <pipeline>/<case> once, and -run
// matches that printed name.
func TestTestCaseNamesAndRun(t *testing.T) {
	dir := settingsFolder(t)
	code, out, _ := cli(t, "test", "-v", dir)
	if code != exitOK {
		t.Fatalf("test -v: exit %d\n%s", code, out)
	}
	for _, want := range []string{"PASS orders/basic\n", "PASS orders/other_shop\n", "PASS customers/basic\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "orders/orders/") || strings.Contains(out, "customers/customers/") {
		t.Errorf("a pipeline name is printed twice:\n%s", out)
	}

	for _, c := range []struct{ run, want string }{
		{"^orders/other_shop$", "1 passed, 0 failed"},
		{"/basic$", "2 passed, 0 failed"},
		{"^orders/orders/", "0 passed, 0 failed"}, // the old doubled name no longer matches
	} {
		code, out, _ := cli(t, "test", "-v", "-run", c.run, dir)
		if code != exitOK || !strings.HasSuffix(strings.TrimSpace(out), c.want) {
			t.Errorf("-run %q: exit %d, want %q:\n%s", c.run, code, c.want, out)
		}
	}
}
