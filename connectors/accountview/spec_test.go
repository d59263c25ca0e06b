package accountview

import (
	"testing"

	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

func TestSpec(t *testing.T) { conntest.TestSpec(t, Spec()) }
