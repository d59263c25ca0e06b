package all

import (
	// Each import registers its connectors from init.
	_ "github.com/pipeline-dev/pipeline/connectors/accountview"
	_ "github.com/pipeline-dev/pipeline/connectors/asperion"
	_ "github.com/pipeline-dev/pipeline/connectors/eaccounting"
	_ "github.com/pipeline-dev/pipeline/connectors/exactonline"
	_ "github.com/pipeline-dev/pipeline/connectors/file"
	_ "github.com/pipeline-dev/pipeline/connectors/hubspot"
)
