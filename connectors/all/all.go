package all

import (
	// Each import registers its connectors from init.
	_ "github.com/pipeline-dev/pipeline/connectors/exactonline"
	_ "github.com/pipeline-dev/pipeline/connectors/file"
)
