#!/usr/bin/env bash
# Installs the Debian packages named as arguments, as root. The list of what the project needs, and the
# check that decides what is missing, are in src/tooling/prerequisites/ (`npm run prerequisites` runs them).
# Debian starts a package's service on install; the stack runs its own copies on its own ports, so service
# starts are refused while installing.
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: install-debian-packages.sh PACKAGE..." >&2
  exit 64
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-debian-packages.sh: installing packages needs root; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends $*" >&2
  exit 1
fi

echo "[prerequisites] installing from Debian's packages: $*"
policy=/usr/sbin/policy-rc.d
# A machine that already has a policy (container images often do) keeps it, untouched.
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi
DEBIAN_FRONTEND=noninteractive apt-get update -qq
# debconf's note that apt-utils is missing is noise on a minimal machine; real errors still show.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
  2> >(grep -v '^debconf: delaying package configuration' >&2)
