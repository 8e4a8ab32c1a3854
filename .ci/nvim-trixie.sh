#!/usr/bin/env bash
# Neovim 0.10 on Debian 12 without touching the system: downloads Debian trixie's neovim and the
# libraries it needs (libc6 >= 2.38 among them) with a private apt configuration (its own sources
# list, package lists, cache and empty dpkg status, all under DIR), unpacks them with `dpkg -x`
# into DIR/root, and writes DIR/nvim, a wrapper that runs DIR/root/usr/bin/nvim through trixie's
# own dynamic loader with trixie's libraries and VIMRUNTIME. The machine's apt setup, package
# lists and installed packages are left as they are.
#
#   .ci/nvim-trixie.sh DIR      prints the wrapper's path (DIR/nvim) on its last line
#
# Idempotent: an existing wrapper that runs is kept. Needs apt-get, dpkg and network access to
# deb.debian.org; x86_64 only (the loader path below).
set -euo pipefail
DIR=$(mkdir -p "$1" && cd "$1" && pwd)
WANT=0.10.4
PACKAGES=(neovim neovim-runtime libc6 libluajit-5.1-2 libluajit-5.1-common libmsgpack-c2
  libtree-sitter0.22 libunibilium4 libuv1t64 libvterm0 lua-lpeg lua-luv libutf8proc3)

if "$DIR/nvim" --version 2>/dev/null | head -1 | grep -q "v$WANT"; then
  echo "$DIR/nvim"
  exit 0
fi

APT=$DIR/apt
rm -rf "$APT" "$DIR/root" "$DIR/debs"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/sources.list.d" "$APT/preferences.d" "$DIR/debs" "$DIR/root"
cat >"$APT/sources.list" <<'EOF'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
EOF
: >"$APT/status"
opts=(
  -o Dir::Etc::SourceList="$APT/sources.list"
  -o Dir::Etc::SourceParts="$APT/sources.list.d"
  -o Dir::Etc::Preferences="$APT/preferences"
  -o Dir::Etc::PreferencesParts="$APT/preferences.d"
  -o Dir::State::Lists="$APT/lists"
  -o Dir::State::Status="$APT/status"
  -o Dir::Cache="$APT/cache"
  -o APT::Architecture=amd64
  -o APT::Architectures::=amd64
  -o Acquire::Languages=none
  -o APT::Sandbox::User=root
)
apt-get "${opts[@]}" -qq update
(cd "$DIR/debs" && apt-get "${opts[@]}" -qq download "${PACKAGES[@]}")
for deb in "$DIR"/debs/*.deb; do
  dpkg -x "$deb" "$DIR/root"
done

R=$DIR/root
LIBS=$R/usr/lib/x86_64-linux-gnu:$R/lib/x86_64-linux-gnu
for f in "$R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$R/usr/bin/nvim" "$R/usr/share/nvim/runtime"; do
  [ -e "$f" ] || { echo "nvim-trixie: $f is missing after unpacking" >&2; exit 1; }
done
# lua-lpeg and lua-luv install their modules for LuaJIT under these paths.
cat >"$DIR/nvim" <<EOF
#!/bin/sh
# Neovim $WANT from Debian trixie, run with trixie's loader and libraries (see .ci/nvim-trixie.sh).
export VIMRUNTIME="$R/usr/share/nvim/runtime"
exec "$R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$LIBS" "$R/usr/bin/nvim" "\$@"
EOF
chmod +x "$DIR/nvim"
"$DIR/nvim" --version | head -1 >&2
"$DIR/nvim" --version | head -1 | grep -q "v$WANT" || { echo "nvim-trixie: not Neovim $WANT" >&2; exit 1; }
echo "$DIR/nvim"
