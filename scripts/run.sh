#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running server on http://127.0.0.1:8080:
# installs what is missing, builds (Release) and starts Huddle with the bundled scenarios and ./data.
# Extra arguments go to the server (see `build/bin/huddle --help`).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh" run
"$here/scripts/build.sh" release
cd "$here"
exec build/bin/huddle --bind 127.0.0.1 --port 8080 --scenarios scenarios --web client-web --data data "$@"
