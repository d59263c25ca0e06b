package server

import (
	"strings"
	"testing"
	"time"
)

func TestRunTimeoutResolution(t *testing.T) {
	for _, c := range []struct {
		flag time.Duration
		env  string
		want time.Duration
		err  string
	}{
		{0, "", DefaultRunTimeout, ""},
		{0, "2h", 2 * time.Hour, ""},
		{30 * time.Minute, "2h", 30 * time.Minute, ""}, // the flag wins
		{0, "soon", 0, `$PIPELINE_RUN_TIMEOUT = "soon"`},
		{0, "-5m", 0, `$PIPELINE_RUN_TIMEOUT = "-5m"`},
		{-time.Second, "", 0, "-run-timeout -1s"},
	} {
		got, err := RunTimeout(c.flag, c.env)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("RunTimeout(%s, %q): %v, want an error naming %s", c.flag, c.env, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("RunTimeout(%s, %q) = %s, %v; want %s", c.flag, c.env, got, err, c.want)
		}
	}
}

// A run that outlasts the run timeout is stopped and reported as failed,
// saying why, so the operator hears of it; a retry is bounded as well.
func TestRunTimeoutStopsARunAndAlerts(t *testing.T) {
	f := newFixture(t, map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs},
		func(c *Config) { c.RunTimeout = time.Nanosecond })
	f.do("POST", "/api/pipelines/copy/runs", "", nil)
	waitFor(t, "the run to end", func() bool { return strings.Contains(f.log.String(), `msg="run ended"`) })
	got := f.sent.list()
	if len(got) != 1 || got[0].Kind != "failure" || got[0].Status != "failed" || !strings.Contains(got[0].FirstError, "run timeout (-run-timeout 1ns)") {
		t.Fatalf("alerts = %+v, want one failure naming the run timeout", got)
	}
	var res struct {
		Status, Error string
	}
	if code := f.do("POST", "/api/set-aside/retry", `{"pipeline":"copy"}`, &res); code != 200 ||
		res.Status != "failed" || !strings.Contains(res.Error, "run timeout") {
		t.Fatalf("retry under the timeout: %d %+v", code, res)
	}
}
