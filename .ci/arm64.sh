#!/usr/bin/env bash
# arm64: cross-compiles the tests of the kernels, the FMA peak loop and the engine
# (statically: CGO_ENABLED=0, so no aarch64 C library is needed) and runs them under
# qemu-aarch64 (Debian qemu-user), whose default CPU has ASIMD and FP16, so the NEON kernels
# are the ones under test.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/apt.sh
apt_need qemu-user

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for pkg in engine/kernels internal/cpupeak engine; do
  bin="$out/$(echo "$pkg" | tr / _).test"
  CGO_ENABLED=0 GOARCH=arm64 go test -c -o "$bin" "./$pkg"
  # Tests run in their package's directory, as go test runs them.
  (cd "$pkg" && qemu-aarch64 "$bin" -test.short -test.timeout 15m)
done
