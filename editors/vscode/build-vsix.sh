#!/usr/bin/env bash
# Builds the Redraft VS Code extension with the server inside, one package per platform:
#
#   editors/vscode/build-vsix.sh [--install] [TARGET...]
#       TARGET: linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64, or "all";
#       none: this machine's platform. --install: then install this machine's package with
#       `code --install-extension` ($CODE names another VS Code CLI, e.g. codium, code-server).
#
# For each target it cross-builds `redraft` with CGO_ENABLED=0 (pure Go, model built in) into
# bin/redraft (bin/redraft.exe on Windows), then runs `vsce package --target TARGET`, writing
# dist/redraft-TARGET.vsix, and checks that the package holds exactly that one server for that
# platform. The extension runs bin/redraft unless the user sets `redraft.path`.
#
# Needs Go and node/npm (the extension's dependencies are installed with `npm ci` if missing).
# bin/, out/ and dist/ are build outputs and git-ignored. Env: VERSION (the server's version
# string; default: the extension's version), GOFLAGS.
set -euo pipefail
EXT=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$EXT/../.." && pwd)
cd "$EXT"

ALL=(linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64)

# host_target prints this machine's VS Code platform target.
host_target() {
  local os arch
  case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  MINGW* | MSYS* | CYGWIN*) os=win32 ;;
  *) echo "build-vsix: unknown OS $(uname -s); name a target" >&2; return 1 ;;
  esac
  case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "build-vsix: unknown CPU $(uname -m); name a target" >&2; return 1 ;;
  esac
  echo "$os-$arch"
}

install=
targets=()
for a in "$@"; do
  if [ "$a" = --install ]; then install=1; else targets+=("$a"); fi
done
if [ ${#targets[@]} -eq 0 ]; then
  targets=("$(host_target)")
elif [ "${targets[*]}" = all ]; then
  targets=("${ALL[@]}")
fi
for t in "${targets[@]}"; do
  case " ${ALL[*]} " in
  *" $t "*) ;;
  *) echo "build-vsix: unknown target '$t' (one of: ${ALL[*]}, all)" >&2; exit 2 ;;
  esac
done

# check_package VSIX TARGET EXE GOOS GOARCH: the package is for TARGET and holds exactly one
# server, extension/bin/EXE, built for GOOS/GOARCH with CGO_ENABLED=0.
check_package() {
  local vsix=$1 target=$2 exe=$3 goos=$4 goarch=$5 tmp
  tmp=$(mktemp -d)
  python3 - "$vsix" "$tmp" "$exe" "$target" <<'PY'
import sys, zipfile
vsix, tmp, exe, target = sys.argv[1:]
z = zipfile.ZipFile(vsix)
names = z.namelist()
bins = [n for n in names if n.startswith("extension/bin/") and not n.endswith("/")]
if bins != ["extension/bin/" + exe]:
    sys.exit(f"build-vsix: {vsix}: extension/bin holds {bins}, want [extension/bin/{exe}]")
manifest = z.read("extension.vsixmanifest").decode()
if f'TargetPlatform="{target}"' not in manifest:
    sys.exit(f"build-vsix: {vsix}: the manifest does not name target {target}")
for need in ("extension/package.json", "extension/out/extension.js", "extension/node_modules/vscode-languageclient/package.json"):
    if need not in names:
        sys.exit(f"build-vsix: {vsix}: {need} is missing")
with open(tmp + "/" + exe, "wb") as f:
    f.write(z.read("extension/bin/" + exe))
PY
  local info
  info=$(go version -m "$tmp/$exe")
  rm -rf "$tmp"
  for want in "GOOS=$goos" "GOARCH=$goarch" "CGO_ENABLED=0"; do
    if ! grep -q "build[[:space:]]*$want\$" <<<"$info"; then
      echo "build-vsix: $vsix: the server is not built with $want" >&2
      return 1
    fi
  done
  echo "build-vsix: $vsix ($(du -h "$vsix" | cut -f1)): bin/$exe for $goos/$goarch, CGO_ENABLED=0"
}

if [ ! -x node_modules/.bin/vsce ] || [ ! -x node_modules/.bin/tsc ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
EXT_VERSION=$(node -p "require('./package.json').version")
VERSION=${VERSION:-$EXT_VERSION}
npx tsc -p .
mkdir -p dist

for t in "${targets[@]}"; do
  goos=${t%-*}
  goarch=${t#*-}
  [ "$goos" = win32 ] && goos=windows
  [ "$goarch" = x64 ] && goarch=amd64
  exe=redraft
  [ "$goos" = windows ] && exe=redraft.exe
  rm -rf bin
  mkdir -p bin
  echo "build-vsix: $t: go build (GOOS=$goos GOARCH=$goarch CGO_ENABLED=0)"
  (cd "$ROOT" && CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch \
    go build -trimpath -ldflags "-s -w -X main.version=$VERSION" -o "$EXT/bin/$exe" ./cmd/redraft)
  out=dist/redraft-$t.vsix
  rm -f "$out"
  npx vsce package --target "$t" --skip-license --out "$out" >/dev/null
  check_package "$out" "$t" "$exe" "$goos" "$goarch"
done
rm -rf bin

if [ -n "$install" ]; then
  host=$(host_target)
  [ -s "dist/redraft-$host.vsix" ] || { echo "build-vsix: --install: no package for this machine ($host) was built" >&2; exit 1; }
  "${CODE:-code}" --install-extension "$EXT/dist/redraft-$host.vsix" --force
fi
