#!/usr/bin/env bash
# arm64: cross-compiles the tests of the kernels, the FMA peak loop and the engine
# (statically: CGO_ENABLED=0, so no aarch64 C library is needed) and runs them under
# qemu-aarch64 (Debian qemu-user), whose default CPU has ASIMD and DotProd, so the NEON and
# SDOT kernels are the ones under test. qemu runs NEON float code ~100× slower than the
# hardware: every kernel test runs, but of the engine's only those on its tiny test models
# (forward against a naive reference, the context cache, int8 loading); REDRAFT_ARM64_FULL=1
# runs all of the engine's (the real model's forward and cache tests take minutes of CPU each
# under qemu).
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/apt.sh
apt_need qemu-user

engine_tests='^Test(TinyForward|CacheOnTiny|F16ToF32|LoadInt8|LoadTinyDtypes|Tokenizer)'
[ -n "${REDRAFT_ARM64_FULL:-}" ] && engine_tests=.

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { # PKG [TEST-REGEXP]
  local bin="$out/$(echo "$1" | tr / _).test"
  CGO_ENABLED=0 GOARCH=arm64 go test -c -o "$bin" "./$1"
  # Tests run in their package's directory, as go test runs them.
  (cd "$1" && qemu-aarch64 "$bin" -test.short -test.timeout 15m -test.run "${2:-.}")
}
run engine/kernels
# A CPU without FEAT_DotProd: the SDOT kernel must not be chosen (qemu's default CPU has it).
QEMU_CPU=cortex-a57 run engine/kernels '^Test(DotProdKernel|Int8KernelsMatchReference|PackInt8Stacked)$'
run internal/cpupeak
run engine "$engine_tests"
