package cluster

import (
	"os"
	"testing"

	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

// One PostgreSQL server for the package's tests, a schema per test.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
