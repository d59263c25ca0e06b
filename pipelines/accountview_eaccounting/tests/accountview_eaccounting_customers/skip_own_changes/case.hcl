description = "integration_user = pipeline-accountview: debtor 10002, changed last by this integration (CNG_USR), is filtered out, so it never travels back."

vars = {
  integration_user = "pipeline-accountview"
}
