#!/usr/bin/env bash
# The second half of CI: every test again under AddressSanitizer + UndefinedBehaviorSanitizer, then each
# libFuzzer target for a bounded time from its seed corpus (fuzz/README.md). Built with clang in its own
# folder so the gcc build of the Quick start stays untouched.
#   bash tests/sanitize_and_fuzz.sh            FUZZ_SECONDS (default 20) a target
set -euo pipefail
cd "$(dirname "$0")/.."
build=${JIAXIAO_SANITIZE_BUILD_DIR:-build-clang}
bash deploy/install-deps.sh >/dev/null
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DJIAXIAO_SANITIZE=address,undefined -DJIAXIAO_FUZZ=ON -DJIAXIAO_TESTS=ON >/dev/null
cmake --build "$build" -j 2

# A finding ends the run with its report; leaks count as findings.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" --output-on-failure -j 2 --timeout 600

seconds=${FUZZ_SECONDS:-20}
for target in fuzz_command fuzz_time fuzz_onebot fuzz_wecom fuzz_qq fuzz_csv fuzz_reply; do
  corpus=$(mktemp -d)  # new inputs go here; the committed seeds stay as they are
  echo "fuzz: $target for ${seconds}s"
  "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz/$target-" "$corpus" "fuzz/corpus/$target" 2>&1 | grep -E '^(stat::number_of_executed_units|stat::peak_rss|#[0-9]+ +DONE)|ERROR|SUMMARY' || true
  test "${PIPESTATUS[0]}" -eq 0 || { echo "fuzz: $target found a crash (artifact in $build/fuzz/)"; exit 1; }
  rm -rf "$corpus"
done
echo "sanitizers and fuzzers: clean"
