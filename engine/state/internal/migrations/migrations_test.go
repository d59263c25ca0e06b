package migrations

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadOrdersByVersion(t *testing.T) {
	fsys := fstest.MapFS{
		"m/0002_more.sql": {Data: []byte("B")},
		"m/0001_init.sql": {Data: []byte("A")},
	}
	ms, err := Load(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Name != "0001_init.sql" || ms[0].SQL != "A" || ms[1].Version != 2 || ms[1].SQL != "B" {
		t.Fatalf("migrations = %+v", ms)
	}
}

func TestLoadRejectsBadNamesAndGaps(t *testing.T) {
	for _, tt := range []struct {
		files []string
		want  string
	}{
		{[]string{"init.sql"}, "init.sql: name must start with a positive version"},
		{[]string{"0000_zero.sql"}, "0000_zero.sql: name must start"},
		{[]string{"0001_a.sql", "0003_c.sql"}, "0003_c.sql: expected version 2"},
		{[]string{"0001_a.sql", "1_b.sql"}, "expected version 2"},
	} {
		fsys := fstest.MapFS{}
		for _, f := range tt.files {
			fsys["m/"+f] = &fstest.MapFile{Data: []byte("SELECT 1")}
		}
		if _, err := Load(fsys, "m"); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want %q", tt.files, err, tt.want)
		}
	}
}
