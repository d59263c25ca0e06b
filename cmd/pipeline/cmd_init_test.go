package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cliIn is cli with answers on standard input.
func cliIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cliEnv{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(string) (string, bool) { return "", false }}
	code := runCLI(context.Background(), env, args)
	return code, out.String(), errb.String()
}

// init from flags, as a script would: the folder holds the chosen flows
// only, the settings carry the answers, it validates and its starter
// cases pass — also when `pipeline test` runs them again later.
func TestInitFromFlagsWritesAFolderThatValidatesAndPassesItsTests(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	code, out, errs := cliIn(t, "", "init", "-systems", "asperion,eaccounting", "-flows", "orders,products",
		"-set", "order_statuses=Delivered,Invoiced", "-set", "update_customers=true", "-yes", dir)
	if code != exitOK {
		t.Fatalf("init exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"2 pipeline(s)", "passed, 0 failed", "pipeline auth " + filepath.Join(dir, "products.hcl"), "pipeline plan ", "in this order (orders need their customers and products): orders.hcl"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "stock.hcl")); !os.IsNotExist(err) {
		t.Error("stock.hcl was written though not chosen")
	}
	settings, err := os.ReadFile(filepath.Join(dir, "settings.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`["Delivered", "Invoiced"]`, "default     = true", "# Settings shared by the flows"} {
		if !strings.Contains(string(settings), want) {
			t.Errorf("settings.hcl lacks %q", want)
		}
	}
	starters, _ := filepath.Glob(filepath.Join(dir, "tests", "*", "starter", "want.*"))
	if len(starters) == 0 {
		t.Fatal("no starter want files recorded")
	}
	if code, out, errs := cli(t, "test", dir); code != exitOK || !strings.Contains(out, " passed, 0 failed") {
		t.Errorf("pipeline test on the new folder: exit %d\n%s%s", code, out, errs)
	}
	// init never writes over an existing folder.
	if code, _, errs := cliIn(t, "", "init", "-systems", "asperion,eaccounting", "-yes", dir); code != exitFail || !strings.Contains(errs, "not empty") {
		t.Errorf("init over an existing folder: exit %d %s", code, errs)
	}
}

// init asks when not told: the systems by number, the flows, then each
// setting with its default; a wrong answer is asked again.
func TestInitAsksItsQuestions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "asked")
	// Find the number of the eAccounting ↔ Asperion integration in the menu.
	_, menu, _ := cliIn(t, "\n", "init", dir+"-menu")
	num := ""
	for _, line := range strings.Split(menu, "\n") {
		if strings.Contains(line, "asperion ↔ eaccounting") {
			num = strings.TrimSpace(strings.SplitN(line, ")", 2)[0])
		}
	}
	if num == "" {
		t.Fatalf("the menu does not offer asperion ↔ eaccounting:\n%s", menu)
	}
	// Answers: the integration, the customers flow only, then settings in
	// file order: keep the first five, a bad calls_per_minute, a good one,
	// and defaults for the rest (end of input).
	answers := num + "\ncustomers\n\n\n\n\n\nmany\n60\n"
	code, out, errs := cliIn(t, answers, "init", dir)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"Which two systems", "Flows of eaccounting_asperion", "Settings (Enter keeps the default)",
		"calls_per_minute [0]", "is a number", "1 pipeline(s)"} {
		if !strings.Contains(out, want) {
			t.Errorf("dialogue lacks %q:\n%s", want, out)
		}
	}
	settings, _ := os.ReadFile(filepath.Join(dir, "settings.hcl"))
	if !strings.Contains(string(settings), "default     = 60") {
		t.Errorf("calls_per_minute not set to 60:\n%s", settings)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if len(files) != 2 {
		t.Errorf("files = %v, want customers.hcl and settings.hcl", files)
	}
}

func TestInitRefusesUnknownSystemsAndSettings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	if code, _, errs := cliIn(t, "", "init", "-yes", "-systems", "asperion,sap", dir); code != exitUsage || !strings.Contains(errs, "no integration connects asperion and sap") {
		t.Errorf("unknown pair: exit %d %s", code, errs)
	}
	if code, _, errs := cliIn(t, "", "init", "-yes", "-systems", "asperion,eaccounting", "-set", "colour=blue", dir); code != exitUsage || !strings.Contains(errs, "colour") {
		t.Errorf("unknown setting: exit %d %s", code, errs)
	}
	if code, _, errs := cliIn(t, "", "init", "-yes", "-systems", "asperion,eaccounting", "-set", "update_customers=maybe", dir); code != exitUsage || !strings.Contains(errs, "true or false") {
		t.Errorf("bad bool: exit %d %s", code, errs)
	}
}
