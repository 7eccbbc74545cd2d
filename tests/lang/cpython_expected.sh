#!/bin/sh
# Produce the expected files of golden tests from a real CPython 3.11 run.
#
#   tests/lang/cpython_expected.sh tests/lang/strings/*.conc
#
# For each script X.conc: run `python3 X.conc` in the script's directory,
# write stdout to X.out and stderr to X.err (deleted when empty), and check
# that the exit status equals the header's `exit=N` (default 0).
# Two normalisations of stderr, nothing else:
#   - CPython 3.11's caret lines (only blanks and ^/~) under traceback source
#     lines are removed: conc does not print them;
#   - the script directory's absolute path is removed from `File "..."` lines:
#     CPython makes __main__'s path absolute, conc names the file as run.
# Scripts under syntax_errors/ are refused: their .err comes from conc itself
# (CONC_BLESS=1), because conc reports syntax errors in its own layout.
set -u
status=0
for script in "$@"; do
    case "$script" in
    *syntax_errors/*) echo "skip $script (bless syntax errors with conc)" >&2; continue ;;
    esac
    dir=$(cd "$(dirname "$script")" && pwd)
    base=$(basename "$script")
    stem=${base%.*}
    want=$(head -n 1 "$script" | sed -n 's/^# conc-test:.*exit=\([0-9]*\).*/\1/p')
    want=${want:-0}
    (
        cd "$dir" || exit 99
        PYTHONDONTWRITEBYTECODE=1 PYTHONHASHSEED=0 python3 "$base" > "$stem.out" 2> "$stem.err.raw"
    )
    got=$?
    sed -E -e '/^[[:space:]]*[~^][~^[:space:]]*$/d' -e "s|File \"$dir/|File \"|" \
        "$dir/$stem.err.raw" > "$dir/$stem.err"
    rm -f "$dir/$stem.err.raw"
    [ -s "$dir/$stem.err" ] || rm -f "$dir/$stem.err"
    if [ "$got" != "$want" ]; then
        echo "MISMATCH $script: exit $got, header says $want" >&2
        status=1
    fi
done
exit $status
