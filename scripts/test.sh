#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to every test: installs what is missing, builds, and runs the
# unit, integration, protocol-schema and browser tests (Release), then the C++ tests again under
# AddressSanitizer+UBSan and ThreadSanitizer. Exits non-zero on any failure.
#   HUDDLE_SANITIZERS=0 scripts/test.sh    skips the sanitizer builds (quick local loop)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
"$here/scripts/setup.sh" test

echo "== release build: all tests"
scripts/build.sh release
ctest --test-dir build --output-on-failure --timeout 600

if [ "${HUDDLE_SANITIZERS:-1}" != 0 ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer: C++ unit and integration tests"
  scripts/build.sh asan
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure --timeout 900
  echo "== ThreadSanitizer: C++ unit and integration tests"
  scripts/build.sh tsan
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    ctest --test-dir build-tsan --output-on-failure --timeout 900
fi
echo "all test suites passed"
