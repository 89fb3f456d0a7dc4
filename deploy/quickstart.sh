#!/usr/bin/env bash
# The README's two Quick start commands:
#   bash deploy/quickstart.sh serve   install what is missing, build, start `jiaxiao serve` (built-in defaults)
#   bash deploy/quickstart.sh test    install what is missing, build, run every test
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-}
case "$what" in
  serve|test) ;;
  *) echo "usage: bash deploy/quickstart.sh serve|test" >&2; exit 2 ;;
esac

bash deploy/install-deps.sh
build=${JIAXIAO_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJIAXIAO_TESTS=ON >/dev/null
cmake --build "$build" -j 2

if [ "$what" = serve ]; then
  exec "$build/jiaxiao" serve
fi
ctest --test-dir "$build" --output-on-failure -j 2 --timeout 300
