"""Write syntax_errors/CPYTHON.md: what CPython says about each syntax-error script.

Run from anywhere: python3 tests/lang/cpython_syntax_table.py
"""
import glob
import os

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "syntax_errors")
lines = [
    "# What CPython 3.11 says about each syntax-error script",
    "",
    "For checking conc's own diagnostics (the `.err` files here come from conc, blessed",
    "with `CONC_BLESS=1`). Made by `../cpython_syntax_table.py`, which calls `compile()` on each",
    "script: line, column (1-based), exception and message.",
    "",
    "| script | line:col | CPython |",
    "|---|---|---|",
]
for path in sorted(glob.glob(os.path.join(here, "*.conc"))):
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        source = f.read()
    try:
        compile(source, name, "exec")
        lines.append(f"| {name} | - | compiles! |")
    except SyntaxError as e:
        lines.append(f"| {name} | {e.lineno}:{e.offset} | {type(e).__name__}: {e.msg} |")
with open(os.path.join(here, "CPYTHON.md"), "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
