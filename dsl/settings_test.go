package dsl

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// resolveWithDefaults resolves every pipeline of a file with its
// variables' defaults, as validate does, and returns the diagnostics.
func resolveWithDefaults(f *File) hcl.Diagnostics {
	if f == nil {
		return nil
	}
	vals := map[string]cty.Value{}
	for _, v := range f.Variables {
		vals[v.Name] = cty.UnknownVal(v.Type)
		if v.Default != nil {
			vals[v.Name] = *v.Default
		}
	}
	var diags hcl.Diagnostics
	for _, p := range f.Pipelines {
		_, more := p.Resolve(vals)
		diags = append(diags, more...)
	}
	return diags
}

// TestSettingsFolders loads every file of each folder under
// testdata/settings with one loader, as validate does, and checks that
// each line marked "# ERROR: <summary>" in any of them gets exactly that
// diagnostic once, and no unmarked line gets one.
func TestSettingsFolders(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/settings/*")
	if len(dirs) == 0 {
		t.Fatal("no settings folders")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			files, err := FindFiles([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			l := NewLoader()
			var diags hcl.Diagnostics
			for _, f := range files {
				src, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, errorMarkers(src, filepath.Base(f)+":")...)
				file, more := l.LoadFile(f)
				diags = append(diags, more...)
				diags = append(diags, resolveWithDefaults(file)...)
			}
			for _, d := range UniqueDiagnostics(diags) {
				if d.Severity == hcl.DiagError && d.Subject != nil {
					got = append(got, fmt.Sprintf("%s:%d: %s", filepath.Base(d.Subject.Filename), d.Subject.Start.Line, d.Summary))
				}
			}
			sort.Strings(want)
			sort.Strings(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("wrong diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSettingsShared checks that both pipeline files of a folder see the
// settings' variables, lookup tables and related blocks, settings first
// (a shared block marked so), and that the
// settings file loads as settings, not as a pipeline file.
func TestSettingsShared(t *testing.T) {
	l := NewLoader()
	for _, name := range []string{"orders.hcl", "products.hcl"} {
		f, diags := l.LoadFile(filepath.Join("testdata/settings/shared", name))
		if diags.HasErrors() {
			t.Fatalf("%s: %v", name, diags)
		}
		var vars []string
		for _, v := range f.Variables {
			vars = append(vars, v.Name)
		}
		if vars[0] != "shop" || vars[1] != "missing_product" {
			t.Errorf("%s: variables %v, want the settings' shop and missing_product first", name, vars)
		}
		var lookups []string
		for _, lk := range f.Pipelines[0].Lookups {
			lookups = append(lookups, lk.Name)
		}
		if len(lookups) == 0 || lookups[0] != "terms" {
			t.Errorf("%s: lookups %v, want the settings' terms first", name, lookups)
		}
		var related []string
		for _, r := range f.Pipelines[0].Related {
			related = append(related, fmt.Sprintf("%s shared=%v", r.Name, r.Shared))
		}
		want := []string{"customer shared=true"}
		if name == "orders.hcl" {
			want = append(want, "product shared=false")
		}
		if !cmp.Equal(related, want) {
			t.Errorf("%s: related %v, want %v", name, related, want)
		}
	}
	f, diags := l.LoadFile("testdata/settings/shared/settings.hcl")
	if diags.HasErrors() || f.Settings == nil || len(f.Pipelines) != 0 || len(f.Settings.Lookups) != 1 {
		t.Fatalf("settings.hcl loaded as %+v, %v", f, diags)
	}
	if got := f.Settings.Lookups[0].Keys; !cmp.Equal(got, []string{"14", "30"}) {
		t.Errorf("terms.csv, relative to the folder, gave keys %v", got)
	}
}

// TestResolveLeavesTheFileAlone compiles one decoded file with two values
// of a policy variable, as two test cases do: each gets its own value and
// the decoded pipeline keeps none.
func TestResolveLeavesTheFileAlone(t *testing.T) {
	f, diags := NewLoader().LoadFile("testdata/settings/shared/orders.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p := f.Pipelines[0]
	for _, missing := range []string{"create", "null", "error"} {
		r, diags := p.Resolve(map[string]cty.Value{"missing_product": cty.StringVal(missing),
			"shop": cty.StringVal("x"), "status": cty.StringVal("paid"), "missing_customer": cty.StringVal("error")})
		if missing == "create" {
			// missing = "create" needs a create block: the check runs on
			// the resolved value.
			if !diags.HasErrors() {
				t.Errorf("missing = %q without a create block resolved without error", missing)
			}
			continue
		}
		if diags.HasErrors() {
			t.Fatalf("%s: %v", missing, diags)
		}
		if r.Related[1].Name != "product" || r.Related[1].Missing != missing {
			t.Errorf("resolved %s: missing = %q, want product: %q", r.Related[1].Name, r.Related[1].Missing, missing)
		}
		if c := r.Related[0]; !c.Shared || c.Missing != MissingError {
			t.Errorf("the settings' customer block resolved to shared %v, missing %q; want shared, \"error\"", c.Shared, c.Missing)
		}
	}
	if p.Related[1].Missing != MissingNull || p.Related[0].Missing != MissingNull {
		t.Errorf("the decoded pipeline changed: missing = %q, %q", p.Related[0].Missing, p.Related[1].Missing)
	}
}
