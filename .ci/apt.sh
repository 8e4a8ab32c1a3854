# Sourced by the .ci scripts: apt_need PKG... installs the Debian packages that are missing, running
# `apt-get update` first (a fresh machine has no package lists), once per CI run.
apt_need() {
  local missing=() p sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "apt: installing ${missing[*]}"
  if [ -z "${REDRAFT_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq
    export REDRAFT_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
