//! The parser against the lesson snippets (`../shared/snippets/*.py`).
//!
//! 1. Every snippet CPython 3.11 parses must parse, to the same tree as
//!    CPython's `ast.dump`, with the same positions on every statement and
//!    expression; every snippet CPython's parser rejects must give an error
//!    on the same line. Expectations come from running `python3`
//!    when it is on PATH; without it, an embedded list recorded from
//!    CPython 3.11.7 is used (and trees are not compared).
//! 2. A no-panic fuzz: truncations and mutations of every snippet, plus
//!    deeply nested inputs, must return (Ok or Err) quickly, never panic.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use conc::diagnostics::SourceFile;
use conc::syntax::{dump::dump_with_positions, parse};

fn corpus_dir() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        manifest.join("../shared/snippets"),
        PathBuf::from("/work/shared/snippets"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

fn snippets() -> Option<Vec<PathBuf>> {
    let Some(dir) = corpus_dir() else {
        eprintln!("note: snippet corpus not found (../shared/snippets); skipping");
        return None;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    Some(files)
}

/// What CPython says about one file.
#[derive(Debug, Clone, PartialEq)]
enum Expectation {
    /// `ast.parse` succeeds; the dump when python3 was available.
    Parses(Option<String>),
    /// `ast.parse` fails on this line.
    FailsOnLine(u32),
}

/// Recorded with CPython 3.11.7 (`ast.parse`), for machines without python3.
/// Every other snippet parses (076 only fails later, in the compiler).
const RECORDED_FAILURES: &[(&str, u32)] = &[
    ("015-ipython-isinstance-iterable.py", 1),
    ("016-repl-mylist-iterable.py", 1),
    ("017-repl-iter-next.py", 1),
    ("018-ipython-isinstance-iterator.py", 1),
    ("019-mylist-myiterator.py", 31),
    ("021-ipython-genexpr.py", 9),
    ("022-ipython-next-genexpr.py", 19),
    ("027-greenlet-switch-py2.py", 7),
    ("040-mp-queue-full-empty.py", 33),
    ("044-lock-acquire-release.py", 7),
    ("046-queue-fifo.py", 12),
    ("047-queue-lifo.py", 15),
    ("048-queue-priority.py", 28),
    ("078-gevent-spawn-getcurrent.py", 15),
    ("111-coroutine-notes.py", 2),
    ("112-repl-simple-coroutine.py", 1),
    ("113-yield-from-flatten.py", 18),
    ("115-asyncio-coroutine-yield-from.py", 38),
    ("116-asyncio-flow-notes.py", 3),
    ("117-async-run-until-complete.py", 14),
    ("120-task-done-callback.py", 19),
    ("121-asyncdef-multitask.py", 26),
];

/// `ast.dump` with `@line:col-line:col` after each statement and
/// expression outside f-strings: the format of `dump_with_positions`.
const CPYTHON_SCRIPT: &str = r#"
import ast, sys
def dump(node, in_fstring=False):
    if isinstance(node, ast.AST):
        fields = []
        for name in node._fields:
            value = getattr(node, name, None)
            if value is None and getattr(type(node), name, ...) is None:
                continue
            inner = in_fstring or isinstance(node, ast.JoinedStr)
            fields.append('%s=%s' % (name, dump(value, inner)))
        text = '%s(%s)' % (type(node).__name__, ', '.join(fields))
        if isinstance(node, (ast.stmt, ast.expr)) and not in_fstring:
            text += '@%d:%d-%d:%d' % (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
        return text
    if isinstance(node, list):
        return '[%s]' % ', '.join(dump(x, in_fstring) for x in node)
    return repr(node)
for path in sys.argv[1:]:
    src = open(path, encoding='utf-8').read()
    try:
        print(path + '\tOK\t' + dump(ast.parse(src, path)))
    except SyntaxError as e:
        print(path + '\tERR\t' + str(e.lineno))
"#;

/// Ask python3 (if it is a CPython 3.11) what it makes of every file.
fn cpython_expectations(files: &[PathBuf]) -> Option<Vec<Expectation>> {
    let version = Command::new("python3")
        .args(["-c", "import sys; print(sys.version_info[:2])"])
        .output()
        .ok()?;
    if String::from_utf8_lossy(&version.stdout).trim() != "(3, 11)" {
        eprintln!("note: python3 is not CPython 3.11; using recorded expectations");
        return None;
    }
    let output = Command::new("python3")
        .arg("-W")
        .arg("ignore")
        .arg("-c")
        .arg(CPYTHON_SCRIPT)
        .args(files)
        .output()
        .ok()?;
    let stdout = String::from_utf8(output.stdout).ok()?;
    let mut expectations = Vec::new();
    for (line, file) in stdout.lines().zip(files) {
        let mut fields = line.splitn(3, '\t');
        let (path, status, rest) = (fields.next()?, fields.next()?, fields.next()?);
        assert_eq!(Path::new(path), file.as_path());
        expectations.push(match status {
            "OK" => Expectation::Parses(Some(rest.to_string())),
            _ => Expectation::FailsOnLine(rest.parse().ok()?),
        });
    }
    (expectations.len() == files.len()).then_some(expectations)
}

fn recorded_expectations(files: &[PathBuf]) -> Vec<Expectation> {
    files
        .iter()
        .map(|f| {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            match RECORDED_FAILURES.iter().find(|(n, _)| *n == name) {
                Some((_, line)) => Expectation::FailsOnLine(*line),
                None => Expectation::Parses(None),
            }
        })
        .collect()
}

#[test]
fn snippets_parse_like_cpython() {
    let Some(files) = snippets() else { return };
    let expectations =
        cpython_expectations(&files).unwrap_or_else(|| recorded_expectations(&files));
    let compared = expectations
        .iter()
        .filter(|e| matches!(e, Expectation::Parses(Some(_))))
        .count();
    eprintln!(
        "{} snippets, {compared} trees compared with CPython's",
        files.len()
    );
    let mut failures = Vec::new();
    for (file, expected) in files.iter().zip(&expectations) {
        let text = std::fs::read_to_string(file).expect("snippet is UTF-8");
        let source = SourceFile::new(file.display().to_string(), text);
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        match (parse(&source), expected) {
            (Ok(module), Expectation::Parses(Some(cpython))) => {
                let ours = dump_with_positions(&module, &source);
                if &ours != cpython {
                    failures.push(format!(
                        "{name}: tree differs\n  conc:    {ours}\n  cpython: {cpython}"
                    ));
                }
            }
            (Ok(_), Expectation::Parses(None)) => {}
            (Ok(_), Expectation::FailsOnLine(line)) => {
                failures.push(format!("{name}: parsed, but CPython fails on line {line}"));
            }
            (Err(e), Expectation::Parses(_)) => failures.push(format!("{name}: {e}")),
            (Err(e), Expectation::FailsOnLine(line)) => {
                if e.line_col().0 != *line {
                    failures.push(format!(
                        "{name}: error on line {} (CPython: line {line}): {e}",
                        e.line_col().0
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} snippets differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Characters that tend to break parsers.
const NASTY: &[&str] = &[
    "(", ")", "[", "]", "{", "}", "'", "\"", "'''", "\"\"\"", ":", ",", ";", "\n", "\t", " ",
    "    ", "\\", "\\\n", "#", "=", "==", "*", "**", "@", ".", "..", "0", "1e", "0x", "_", "f'{",
    "}", "!r", "lambda", "yield", "not", "if", "else", "def", "class", "async", "await", "，", "é",
    "中", "\u{0}", "\x0E", "\x0F", "\x0B", "\x01", "\r", "\r\n", "\u{FEFF}", "\u{00A0}", "$", "?",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = rng.below(chars.len() + 1);
    let head: String = chars[..at].iter().collect();
    let tail: String = chars[at..].iter().collect();
    match rng.below(6) {
        0 => head,
        1 => {
            head + tail
                .chars()
                .skip(1 + rng.below(3))
                .collect::<String>()
                .as_str()
        }
        2 => head + NASTY[rng.below(NASTY.len())] + &tail,
        3 => {
            head + NASTY[rng.below(NASTY.len())] + tail.chars().skip(1).collect::<String>().as_str()
        }
        4 => {
            // Duplicate or drop a line.
            let lines: Vec<&str> = text.split('\n').collect();
            let i = rng.below(lines.len());
            let mut out: Vec<&str> = lines.clone();
            if rng.below(2) == 0 {
                out.insert(i, lines[i]);
            } else {
                out.remove(i);
            }
            out.join("\n")
        }
        _ => {
            // Change one line's indentation.
            let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
            let i = rng.below(lines.len());
            let trimmed = lines[i].trim_start().to_string();
            lines[i] = [" ", "  ", "\t", "        ", ""][rng.below(5)].to_string() + &trimmed;
            lines.join("\n")
        }
    }
}

/// Parse under `catch_unwind`, returning how long it took.
fn parse_without_panic(text: &str) -> Result<Duration, String> {
    let source = SourceFile::new("<fuzz>", text);
    let start = Instant::now();
    match std::panic::catch_unwind(|| parse(&source).map(|_| ()).map_err(|e| e.to_string())) {
        Ok(_) => Ok(start.elapsed()),
        Err(_) => Err(format!("panic on input {text:?}")),
    }
}

fn deep_inputs() -> Vec<String> {
    let n = 5000;
    let mut nested_blocks = String::new();
    for depth in 0..150 {
        nested_blocks.push_str(&" ".repeat(depth));
        nested_blocks.push_str("if x:\n");
    }
    vec![
        "(".repeat(n),
        format!("x = {}1{}", "(".repeat(199), ")".repeat(199)),
        format!("x = {}1{}", "[".repeat(150), "]".repeat(150)),
        format!("x = {}1", "-".repeat(100_000)),
        format!("x = {}1", "not ".repeat(n)),
        format!("x = {}1", "lambda: ".repeat(n)),
        format!("x = {}1", "2 ** ".repeat(n)),
        format!("x = {}1", "1 + ".repeat(n)),
        format!("x = a{}", ".b".repeat(n)),
        format!("x = a{}", "[0]".repeat(n)),
        format!("x = a{}", "()".repeat(n)),
        format!("x = {}1", "a if b else ".repeat(n)),
        format!("x = {}", "f'{".repeat(4) + "x" + &"}'".repeat(4)),
        format!("x = {}0{}", "f(".repeat(190), ")".repeat(190)),
        format!("x = {}0{}", "{1: ".repeat(190), "}".repeat(190)),
        format!("x = {}", "await ".repeat(n) + "x"),
        nested_blocks,
        "x = '".to_string() + &"a".repeat(100_000),
        "\"\"\"".to_string() + &"\n".repeat(10_000),
    ]
}

#[test]
fn mutated_snippets_never_panic() {
    let mut inputs: Vec<String> = deep_inputs();
    if let Some(files) = snippets() {
        let mut rng = Rng(0x5EED_C0DE);
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            for _ in 0..40 {
                let mut mutated = mutate(&text, &mut rng);
                if rng.below(3) == 0 {
                    mutated = mutate(&mutated, &mut rng);
                }
                inputs.push(mutated);
            }
        }
    }
    let total = Instant::now();
    let mut slowest = (Duration::ZERO, String::new());
    for input in &inputs {
        let elapsed = parse_without_panic(input).unwrap_or_else(|e| panic!("{e}"));
        if elapsed > slowest.0 {
            slowest = (elapsed, input.chars().take(80).collect());
        }
    }
    eprintln!(
        "{} inputs in {:?}; slowest {:?}: {:?}",
        inputs.len(),
        total.elapsed(),
        slowest.0,
        slowest.1
    );
    assert!(
        slowest.0 < Duration::from_secs(5),
        "parsing took {:?} on {:?}",
        slowest.0,
        slowest.1
    );
}
