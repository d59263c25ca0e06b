package engine

import (
	"testing"

	"github.com/pipeline-dev/pipeline/dsl"
)

// TestFingerprintNamesTheBuild: another build of the engine gives another
// plan fingerprint, so records are mapped again after an upgrade.
func TestFingerprintNamesTheBuild(t *testing.T) {
	p := &dsl.Pipeline{Name: "orders"}
	before := planFingerprint(p, nil)
	defer func(b string) { engineBuild = b }(engineBuild)
	engineBuild += " upgraded"
	if after := planFingerprint(p, nil); after == before || after == "" {
		t.Errorf("fingerprint %q after an upgrade, %q before: want another one", after, before)
	}
}
