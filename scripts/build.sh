#!/usr/bin/env bash
# Configures and builds one flavour of Huddle.
#   scripts/build.sh [release|asan|tsan]   -> build/, build-asan/, build-tsan/
set -euo pipefail
flavour=${1:-release}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
werror=OFF
[ -n "${CI:-}" ] && werror=ON
case "$flavour" in
  release) dir=build;      args=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan)    dir=build-asan; args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DHUDDLE_SANITIZE=address -DHUDDLE_NODE_TESTS=OFF) ;;
  tsan)    dir=build-tsan; args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DHUDDLE_SANITIZE=thread -DHUDDLE_NODE_TESTS=OFF) ;;
  *) echo "usage: $0 [release|asan|tsan]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja -DHUDDLE_WERROR=$werror "${args[@]}" >/dev/null
# Two cores and heavy Beast translation units: two jobs keep memory and time in check.
cmake --build "$dir" -j "${HUDDLE_JOBS:-2}"
