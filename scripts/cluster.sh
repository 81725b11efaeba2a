#!/usr/bin/env bash
# A local Huddle cluster in the foreground, one command: Redis, PostgreSQL, HAProxy and three Huddle nodes from
# build/bin/huddle, each a process on loopback in its own temporary folder. Prints the address to open; Ctrl-C
# stops everything and removes the folders.
#   scripts/cluster.sh [--nodes N] [--port 8080] [--stats-port 8404] [--lease-ms 3000] [--standalone] [--quiet]
# Needs `scripts/setup.sh test` (PostgreSQL, Redis, HAProxy, Node) and a build (`scripts/build.sh release`).
# The work is done by tests/cluster/run-cluster.mjs, with the same helpers the cluster tests use.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export HUDDLE_BIN=${HUDDLE_BIN:-$here/build/bin/huddle}
export HUDDLE_SOURCE_DIR=${HUDDLE_SOURCE_DIR:-$here}
if [ ! -x "$HUDDLE_BIN" ]; then
  echo "cluster: no server binary at $HUDDLE_BIN: build it first (scripts/build.sh release)" >&2
  exit 1
fi
exec node "$here/tests/cluster/run-cluster.mjs" "$@"
