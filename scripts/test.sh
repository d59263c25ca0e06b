#!/usr/bin/env bash
# The whole test suite, as CI runs it: static checks, the consultants'
# golden tests through the real CLI, and every Go test (fuzz seeds included).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== pipeline fmt -check pipelines"
go build -o bin/pipeline ./cmd/pipeline
bin/pipeline fmt -check pipelines

echo "== pipeline validate pipelines"
bin/pipeline validate pipelines

echo "== pipeline test pipelines"
bin/pipeline test pipelines

echo "== go test ./..."
go test -count=1 ./...
