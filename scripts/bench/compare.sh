#!/usr/bin/env bash
# compare.sh -- time conc against CPython on the project's benchmark programs.
#
# usage: scripts/bench/compare.sh [run.sh options, e.g. -n 5 -b 'b0[1-6]|b13']
#
# Builds conc in release mode, then runs the shared harness (../shared/bench/run.sh,
# beside this checkout) with the real CPython binary first (the pyenv shim adds up
# to 150 ms a start) and conc second, and prints its table: median wall seconds and
# conc's ratio to CPython (< 1 = faster). The machine is shared and noisy: compare
# ratios from one run, never absolute seconds across runs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bench="$repo/../shared/bench"
if [[ ! -x "$bench/run.sh" ]]; then
  echo "compare.sh: no benchmark harness at $bench/run.sh" >&2
  exit 2
fi
python=$(pyenv which python3 2>/dev/null || command -v python3)
(cd "$repo" && cargo build --release --quiet)
cd "$bench"
exec ./run.sh "$@" "python3=$python" conc="$repo/target/release/conc run"
