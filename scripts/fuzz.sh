#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, see its README.md) with clang, ASan and UBSan in build-fuzz/,
# replays the saved regression inputs, then fuzzes each target for a fixed time.
#   scripts/fuzz.sh                    every target, 60 s each
#   scripts/fuzz.sh 300                every target, 300 s each
#   scripts/fuzz.sh 120 journal        only fuzz_journal (targets: request_parser dispatcher scenario journal)
# Seeds come from tests/fuzz/corpus/<target>/ (read only). New corpus entries go to a scratch dir that is
# kept between runs, build-fuzz/corpus/<target>/ (or $HUDDLE_FUZZ_SCRATCH/<target>/), never into the repo.
# Crashes, timeouts and OOMs are written to build-fuzz/findings/<target>/ (emptied when the target starts);
# minimise one with:  build-fuzz/fuzz/fuzz_<target> -minimize_crash=1 -runs=20000 <crash file>
# Exits non-zero if a regression input still crashes or any target found a crash.
#   HUDDLE_FUZZ_KEEP_GOING=1   keep fuzzing after a crash (-fork=1 -ignore_crashes=1) to collect every
#                              distinct finding in one run, instead of stopping at the first
#   HUDDLE_FUZZ_FLAGS="..."    more libFuzzer flags for every target (e.g. -entropic=0: about twice the
#                              exec/s on fuzz_dispatcher, whose many features make entropic's bookkeeping dear)
#   HUDDLE_JOBS=N              build jobs (default 2: two cores)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(request_parser dispatcher scenario journal)
case "$seconds" in '' | *[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;; esac

# Build dependencies as scripts/setup.sh installs them, plus clang with libFuzzer, llvm-symbolizer (stack
# traces) and GoogleTest (the tests/ folder that holds the fuzz targets needs it to configure).
"$here/scripts/setup.sh" run
missing=()
for p in clang libclang-rt-dev llvm libgtest-dev libgmock-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# -O1 -g without NDEBUG: fast enough to fuzz, readable stacks, and the project's own assert()s stay on.
# tests/fuzz/CMakeLists.txt adds the sanitizers and coverage to every target of ours in this build dir.
cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" -DHUDDLE_FUZZ=ON -DHUDDLE_NODE_TESTS=OFF >/dev/null
fuzzers=()
for t in "${targets[@]}"; do fuzzers+=("fuzz_$t"); done
cmake --build build-fuzz -j "${HUDDLE_JOBS:-2}" --target "${fuzzers[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
scratch_root=${HUDDLE_FUZZ_SCRATCH:-$here/build-fuzz/corpus}
failed=()
summary=()
for t in "${targets[@]}"; do
  bin=build-fuzz/fuzz/fuzz_$t
  case "$t" in
    request_parser) max_len=4096 ;;  # requests are small; the server's frame limit is far above what matters
    dispatcher) max_len=4096 ;;      # up to 64 request lines
    scenario) max_len=32768 ;;       # the bundled scenarios are 10-26 KB
    journal) max_len=16384 ;;        # a session.created line carries its whole scenario
    *) echo "fuzz: unknown target '$t'" >&2; exit 2 ;;
  esac
  findings=build-fuzz/findings/$t
  rm -rf "$findings"
  mkdir -p "$findings" "$scratch_root/$t"

  regressions=("tests/fuzz/regressions/$t"/*)
  if [ -e "${regressions[0]}" ]; then
    echo "== $t: ${#regressions[@]} regression input(s)"
    if ! "$bin" -runs=1 "${regressions[@]}" >"$findings/regressions.log" 2>&1; then
      echo "fuzz: $t: a regression input still crashes (see $findings/regressions.log)" >&2
      grep -m3 -E "ERROR|SUMMARY|invariant broken|runtime error" "$findings/regressions.log" >&2 || true
      failed+=("$t (regression)")
    fi
  fi

  echo "== $t: fuzzing for ${seconds}s (max_len $max_len)"
  extra=()
  [ "${HUDDLE_FUZZ_KEEP_GOING:-0}" = 1 ] && extra=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  # shellcheck disable=SC2206  # split on purpose: a list of flags
  extra+=(${HUDDLE_FUZZ_FLAGS:-})
  status=0
  "$bin" "${extra[@]}" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -dict="tests/fuzz/dict/$t.dict" -print_final_stats=1 -artifact_prefix="$findings/" \
    "$scratch_root/$t" "tests/fuzz/corpus/$t" >"$findings/fuzz.log" 2>&1 || status=$?
  execs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$findings/fuzz.log" | grep -o '[0-9]*$' || true)
  rate=$(grep -m1 -o 'stat::average_exec_per_sec: *[0-9]*' "$findings/fuzz.log" | grep -o '[0-9]*$' || true)
  [ -n "$rate" ] || rate=$(grep -o 'exec/s: [0-9]*' "$findings/fuzz.log" | tail -1 | grep -o '[0-9]*$' || true)
  crashes=$(find "$findings" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  summary+=("$t: ${execs:-?} runs, ${rate:-?} exec/s, $crashes finding(s)")
  if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    echo "fuzz: $t found $crashes problem(s) (exit $status); inputs and log in $findings/" >&2
    grep -m3 -E "ERROR|SUMMARY|invariant broken|runtime error" "$findings/fuzz.log" >&2 || true
    failed+=("$t")
  fi
done

echo "== summary"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no crash"
