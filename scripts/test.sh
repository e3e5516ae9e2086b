#!/usr/bin/env bash
# Runs every cpstat test: go vet, the Go tests (reference values from R, DEAP and others; tricky inputs), a
# short fuzz run, and every notebook executed headless in real Jupyter with the GoNB kernel. Installs what
# is missing first (see scripts/setup.sh). Exits non-zero on the first failure.
#
#   FUZZTIME=10s scripts/test.sh     fuzz each target for 10 s instead of the default 3 s
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO"

say "go vet ./..."
go vet ./...

say "go test ./..."
go test -count=1 ./...

fuzztime="${FUZZTIME:-3s}"
say "fuzzing each Fuzz target for $fuzztime"
scripts/fuzz.sh "$fuzztime"

say "executing notebooks"
scripts/run-notebooks.sh

say "all tests passed"
