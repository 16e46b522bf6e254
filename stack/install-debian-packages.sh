#!/usr/bin/env bash
# Installs the programs the local stack and its tests run from Debian's packages (Prometheus with promtool,
# the Postgres exporter, openssl) when they are missing. Debian starts a package's service on install; the
# stack runs its own copies on its own ports, so service starts are refused while installing.
set -euo pipefail

packages=()
command -v promtool >/dev/null || packages+=(prometheus)
command -v prometheus-postgres-exporter >/dev/null || packages+=(prometheus-postgres-exporter)
# The TLS tests make their certificates with it.
command -v openssl >/dev/null || packages+=(openssl)
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi

echo "Installing from Debian's packages: ${packages[*]}"
policy=/usr/sbin/policy-rc.d
"${as_root[@]}" sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
trap '"${as_root[@]}" rm -f '"$policy" EXIT
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
