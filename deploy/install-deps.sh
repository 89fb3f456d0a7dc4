#!/usr/bin/env bash
# Installs every Debian 12 package jiaxiao needs to build, run and test (shared/DESIGN.md rule 1).
# Idempotent: installs only what is missing; runs `apt-get update` only when something is.
# Run as root (or through sudo).
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config git
  # libraries (Boost 1.81, not Debian's default 1.74)
  libboost1.81-dev libboost-url1.81-dev libssl-dev nlohmann-json3-dev
  libsqlitecpp-dev libsqlite3-dev libkainjow-mustache-dev libpugixml-dev libhowardhinnant-date-dev
  # run time: the IANA time zone database, CA certificates for the platforms' HTTPS APIs, sqlite3 CLI
  tzdata ca-certificates sqlite3
  # tests
  googletest libgtest-dev libgmock-dev
  # sanitizer and fuzzer builds in CI (clang with libFuzzer and the ASan/UBSan runtimes)
  clang-14 libclang-rt-14-dev
  # benchmarks (bench/run.sh): load generator, setup requests
  wrk curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then exec sudo "$0" "$@"; fi
  echo "install-deps: missing ${missing[*]}; run as root" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
