#!/usr/bin/env bash
# Installs what Huddle needs on Debian 12, skipping what is already there.
#   scripts/setup.sh run    packages to build and run the server
#   scripts/setup.sh test   also Node, Chromium and the test tools from npm (tests/package-lock.json), and
#                           PostgreSQL, Redis and HAProxy for the cluster tests (which start them themselves)
#   scripts/setup.sh bench  what scripts/bench.sh needs: Node and the npm `ws` package (the Node peer), and
#                           Debian's libboost1.81-doc, whose Beast chat-multi example is another peer
set -euo pipefail
mode=${1:-run}
here=$(cd "$(dirname "$0")/.." && pwd)

packages=(build-essential cmake ninja-build ccache pkg-config
          libboost1.81-dev libboost-program-options1.81-dev nlohmann-json3-dev libspdlog-dev
          libsqlite3-dev libssl-dev libicu-dev libqrencode-dev
          libpq-dev libhiredis-dev)  # the cluster's clients: PostgreSQL journal, Redis leases and edges
if [ "$mode" = test ]; then
  packages+=(libgtest-dev libgmock-dev chromium openssl)  # openssl: the TLS browser test makes its certificate
  # The cluster tests start their own PostgreSQL, Redis and HAProxy from these (nothing runs as a service).
  packages+=(postgresql redis-server haproxy)
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi
if [ "$mode" = bench ]; then
  packages+=(libboost1.81-doc)
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$mode" = bench ]; then
  # Only `ws` is needed; an existing node_modules that has it is left alone.
  cd "$here/tests"
  node -e "require.resolve('ws')" 2>/dev/null || npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$mode" = test ]; then
  cd "$here/tests"
  # npm ci installs exactly the lockfile; skip it when node_modules already matches.
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.huddle-lock; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.huddle-lock
  fi
fi
