#!/bin/sh
# Check that every golden script here prints under python3 exactly what its
# .out (blessed from a conc run) says: the scripts are valid Python, and conc
# must behave like CPython 3.11 on them. Run from anywhere; exits 1 on a difference.
cd "$(dirname "$0")" || exit 2
status=0
for script in */*.conc; do
    out="${script%.conc}.out"
    [ -f "$out" ] || { echo "missing $out"; status=1; continue; }
    dir=$(dirname "$script")
    if ! (cd "$dir" && python3 "$(basename "$script")" 2>&1) | diff -u "$out" - >/dev/null; then
        echo "DIFFERS from python3: $script"
        (cd "$dir" && python3 "$(basename "$script")" 2>&1) | diff -u "$out" - | head -20
        status=1
    fi
done
exit $status
