#!/usr/bin/env bash
# The race detector over the server and the refine package. -short keeps the real model out
# (the server's raced edit sequences run with the fake refiner); the race detector needs cgo.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
if ! command -v gcc >/dev/null; then
  source .ci/apt.sh
  apt_need gcc libc6-dev
fi
CGO_ENABLED=1 go test -race -short -count=1 -timeout 15m ./lsp/... ./refine/
