package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeRunTimeoutFlag: -run-timeout (else $PIPELINE_RUN_TIMEOUT)
// bounds every run; a bad value is a usage error naming where it came
// from.
func TestServeRunTimeoutFlag(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("in.ndjson", `{"id":1}`+"\n")
	write("copy.hcl", strings.NewReplacer("NAME", "copy", `"every 1s"`, `"every 1h"`).Replace(clusterCopy))
	state := filepath.Join(t.TempDir(), "state.db")

	for _, c := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"-run-timeout", "-1s"}, nil, "-run-timeout -1s: want a positive duration"},
		{nil, map[string]string{"PIPELINE_RUN_TIMEOUT": "soon"}, `$PIPELINE_RUN_TIMEOUT = "soon"`},
	} {
		var stderr bytes.Buffer
		env := &cliEnv{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr,
			getenv: func(name string) (string, bool) {
				if name == "PIPELINE_SERVE_TOKENS" {
					return serveToken, true
				}
				v, ok := c.env[name]
				return v, ok
			}}
		args := append(append([]string{"serve", "-addr", "127.0.0.1:0", "-state", state}, c.args...), dir)
		if code := runCLI(context.Background(), env, args); code != exitUsage || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v %v: exit %d, want %d and %q:\n%s", c.args, c.env, code, exitUsage, c.want, stderr.String())
		}
	}

	// The flag wins over the environment, and stops a run that outlasts it.
	s := startServe(t, map[string]string{"PIPELINE_RUN_TIMEOUT": "2h"}, "-state", state, "-run-timeout", "1ns", dir)
	if code := s.call("POST", "/api/pipelines/copy/runs", nil); code != 202 {
		t.Fatalf("start a run: %d", code)
	}
	waitUntil(t, func() bool { return strings.Contains(s.stderr.String(), "run-timeout 1ns") })
}
