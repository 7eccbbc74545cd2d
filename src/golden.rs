//! Golden-output tests: a script beside the output it must produce.
//!
//! A case is `X.conc` (or `X.py`) with `X.out` next to it, and optionally
//! `X.in` (fed as stdin) and `X.err` (expected stderr; without it stderr
//! must be empty). The script's first line may fix how it runs:
//!
//! ```text
//! # conc-test: --seed 3 --switch-ticks 1 exit=1 timeout=10
//! ```
//!
//! Words starting with `exit=` and `timeout=` set the expected exit status
//! (default 0) and the time limit in seconds (default 60); all other words
//! are conc flags placed before the file: `conc run FLAGS FILE`. Each case
//! runs the conc binary in a subprocess, in the script's directory (so
//! tracebacks name just the file) with `NO_COLOR=1`.
//!
//! Both `conc test` ([`run_suite`]) and the cargo harness (`tests/golden.rs`,
//! through [`run_case`]) use this module. Environment:
//! `CONC_TEST_FLAGS` adds flags to every case (to run the suite a second
//! way, e.g. `--switch-ticks 1`); `CONC_BLESS=1` rewrites `.out`/`.err` from
//! the actual output instead of failing (never after a timeout).

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use similar::TextDiff;

/// The header comment's marker.
const HEADER_MARKER: &str = "# conc-test:";
/// How long a case may run when its header does not say.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Diffs longer than this many lines are cut (the rest is counted).
const MAX_DIFF_LINES: usize = 200;

/// One golden test: a script and the files beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The script (`X.conc` or `X.py`).
    pub script: PathBuf,
}

impl Case {
    /// `X.out`: the expected stdout.
    pub fn expected_stdout(&self) -> PathBuf {
        self.script.with_extension("out")
    }

    /// `X.err`: the expected stderr, if the file exists.
    pub fn expected_stderr(&self) -> PathBuf {
        self.script.with_extension("err")
    }

    /// `X.in`: stdin for the run, if the file exists.
    pub fn stdin(&self) -> PathBuf {
        self.script.with_extension("in")
    }

    /// The script's path relative to `base` (or as found, if it is not under `base`).
    pub fn name_relative_to(&self, base: &Path) -> String {
        self.script
            .strip_prefix(base)
            .unwrap_or(&self.script)
            .display()
            .to_string()
    }
}

/// Every case under `paths` (directories are searched recursively, hidden
/// directories and `target/` skipped), sorted and without duplicates.
/// A path naming a script directly must have its `.out`.
pub fn discover(paths: &[PathBuf]) -> io::Result<Vec<Case>> {
    let mut cases = Vec::new();
    for path in paths {
        let meta = fs::metadata(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {}", path.display(), e)))?;
        if meta.is_dir() {
            collect_cases(path, &mut cases)?;
        } else if is_case(path) {
            cases.push(Case {
                script: path.clone(),
            });
        } else {
            let why = if is_script(path) {
                "has no .out file beside it"
            } else {
                "is not a .conc or .py file"
            };
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: {why}", path.display()),
            ));
        }
    }
    cases.sort_by(|a, b| a.script.cmp(&b.script));
    cases.dedup();
    Ok(cases)
}

fn collect_cases(dir: &Path, cases: &mut Vec<Case>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                collect_cases(&path, cases)?;
            }
        } else if is_case(&path) {
            cases.push(Case { script: path });
        }
    }
    Ok(())
}

fn is_script(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("conc" | "py")
    )
}

fn is_case(path: &Path) -> bool {
    is_script(path) && path.with_extension("out").is_file()
}

/// How a case runs, from its `# conc-test:` header.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// conc flags placed before the file.
    pub flags: Vec<String>,
    /// The expected exit status.
    pub exit: i32,
    /// The time limit.
    pub timeout: Duration,
}

impl Default for Header {
    fn default() -> Header {
        Header {
            flags: Vec::new(),
            exit: 0,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// Read the header from a script's first line (defaults without one).
pub fn parse_header(source: &str) -> Result<Header, String> {
    let mut header = Header::default();
    let first_line = source.lines().next().unwrap_or("");
    let Some(words) = first_line
        .trim_start_matches('\u{feff}')
        .strip_prefix(HEADER_MARKER)
    else {
        return Ok(header);
    };
    for word in words.split_whitespace() {
        if let Some(value) = word.strip_prefix("exit=") {
            header.exit = value
                .parse()
                .map_err(|_| format!("header: bad exit status {value:?}"))?;
        } else if let Some(value) = word.strip_prefix("timeout=") {
            header.timeout = value
                .parse::<f64>()
                .ok()
                .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
                .filter(|d| !d.is_zero())
                .ok_or_else(|| format!("header: bad timeout {value:?} (seconds expected)"))?;
        } else {
            header.flags.push(word.to_string());
        }
    }
    Ok(header)
}

/// Settings for a whole run, from the environment.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `CONC_TEST_FLAGS`, split at whitespace: added after each case's header flags.
    pub extra_flags: Vec<String>,
    /// `CONC_BLESS=1`: rewrite the expected files instead of failing.
    pub bless: bool,
}

impl Settings {
    /// Read `CONC_TEST_FLAGS` and `CONC_BLESS`.
    pub fn from_env() -> Settings {
        let extra_flags = std::env::var("CONC_TEST_FLAGS")
            .map(|v| v.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default();
        let bless = std::env::var("CONC_BLESS").is_ok_and(|v| !v.is_empty() && v != "0");
        Settings { extra_flags, bless }
    }
}

/// What one run of a script did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The exit status, or None when the process was killed by a signal.
    pub status: Option<i32>,
    /// The signal that killed it, if any.
    pub signal: Option<i32>,
    /// Everything written to stdout (lossily decoded).
    pub stdout: String,
    /// Everything written to stderr (lossily decoded).
    pub stderr: String,
    /// It ran past its time limit and was killed.
    pub timed_out: bool,
}

/// Run one case and compare it with its expected files (or bless them).
/// `Err` holds the report of what differs, diffs included.
pub fn run_case(binary: &Path, case: &Case, settings: &Settings) -> Result<(), String> {
    let source =
        fs::read(&case.script).map_err(|e| format!("can't read {}: {e}", case.script.display()))?;
    let header = parse_header(&String::from_utf8_lossy(&source))?;
    let outcome = execute(binary, case, &header, &settings.extra_flags)
        .map_err(|e| format!("can't run {}: {e}", binary.display()))?;
    if settings.bless && !outcome.timed_out {
        bless(case, &outcome).map_err(|e| format!("can't write the expected files: {e}"))?;
    }
    let expected =
        Expected::read(case).map_err(|e| format!("can't read the expected files: {e}"))?;
    compare(&header, &expected, &outcome)
}

/// Run the script in a subprocess: `binary run FLAGS FILE` in the script's
/// directory, killed (with its whole process group) after the timeout.
pub fn execute(
    binary: &Path,
    case: &Case,
    header: &Header,
    extra_flags: &[String],
) -> io::Result<Outcome> {
    let dir = case
        .script
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = case.script.file_name().unwrap_or(case.script.as_os_str());
    let stdin = match fs::File::open(case.stdin()) {
        Ok(f) => Stdio::from(f),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Stdio::null(),
        Err(e) => return Err(e),
    };
    let mut child = Command::new(binary)
        .arg("run")
        .args(&header.flags)
        .args(extra_flags)
        .arg(file)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CONC_BLESS")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()?;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let (status, timed_out) = wait_with_timeout(&mut child, header.timeout)?;
    Ok(Outcome {
        status: status.code(),
        signal: status.signal(),
        stdout: collect(stdout),
        stderr: collect(stderr),
        timed_out,
    })
}

type Reader = thread::JoinHandle<Vec<u8>>;

fn read_in_background(stream: Option<impl Read + Send + 'static>) -> Option<Reader> {
    let mut stream = stream?;
    Some(thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stream.read_to_end(&mut buf);
        buf
    }))
}

fn collect(reader: Option<Reader>) -> String {
    let bytes = reader.and_then(|r| r.join().ok()).unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Wait for the child; past `timeout`, kill it and reap it. Either way its
/// process group is killed at the end: a process the script left behind
/// would keep the output pipes open (and outlive the test).
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> io::Result<(ExitStatus, bool)> {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            kill_group(child);
            return Ok((status, false));
        }
        let now = Instant::now();
        if now >= deadline {
            kill_group(child);
            return Ok((child.wait()?, true));
        }
        thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

fn kill_group(child: &mut Child) {
    match i32::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the process group that
        // `process_group(0)` made for this child; it touches no memory. (Linux
        // does not reuse a pid while a group of that id has members.)
        Ok(pid) => unsafe {
            libc::kill(-pid, libc::SIGKILL);
        },
        Err(_) => {
            let _ = child.kill();
        }
    }
}

/// The expected files' contents.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    /// `.out`.
    pub stdout: String,
    /// `.err`, or None when there is none (stderr must then be empty).
    pub stderr: Option<String>,
}

impl Expected {
    /// Read `.out` and, if present, `.err`.
    pub fn read(case: &Case) -> io::Result<Expected> {
        let stdout = read_lossy(&case.expected_stdout())?;
        let stderr = match read_lossy(&case.expected_stderr()) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        Ok(Expected { stdout, stderr })
    }
}

fn read_lossy(path: &Path) -> io::Result<String> {
    let bytes =
        fs::read(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Write the actual output as the expected one: `.out` always, `.err` when
/// stderr is not empty (a stale `.err` is removed when it is).
pub fn bless(case: &Case, outcome: &Outcome) -> io::Result<()> {
    fs::write(case.expected_stdout(), &outcome.stdout)?;
    let err_file = case.expected_stderr();
    if outcome.stderr.is_empty() {
        match fs::remove_file(&err_file) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    } else {
        fs::write(err_file, &outcome.stderr)?;
    }
    Ok(())
}

/// Compare a run with what was expected: `Err` lists every difference.
pub fn compare(header: &Header, expected: &Expected, outcome: &Outcome) -> Result<(), String> {
    let mut report = String::new();
    if outcome.timed_out {
        let _ = writeln!(report, "timed out after {:?} (killed)", header.timeout);
    } else if outcome.status != Some(header.exit) {
        let actual = match (outcome.status, outcome.signal) {
            (Some(code), _) => format!("{code}"),
            (None, Some(signal)) => format!("killed by signal {signal}"),
            (None, None) => "unknown".to_string(),
        };
        let _ = writeln!(
            report,
            "exit status: expected {}, got {actual}",
            header.exit
        );
    }
    if outcome.stdout != expected.stdout {
        report.push_str(&unified_diff(
            &expected.stdout,
            &outcome.stdout,
            "expected stdout (.out)",
            "actual stdout",
        ));
    }
    let expected_stderr = expected.stderr.as_deref().unwrap_or("");
    if outcome.stderr != expected_stderr {
        let label = if expected.stderr.is_some() {
            "expected stderr (.err)"
        } else {
            "expected stderr (empty: no .err)"
        };
        report.push_str(&unified_diff(
            expected_stderr,
            &outcome.stderr,
            label,
            "actual stderr",
        ));
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}

/// A unified diff from `expected` to `actual`, cut after [`MAX_DIFF_LINES`] lines.
pub fn unified_diff(
    expected: &str,
    actual: &str,
    expected_label: &str,
    actual_label: &str,
) -> String {
    let diff = TextDiff::from_lines(expected, actual);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(expected_label, actual_label)
        .to_string();
    let total = text.lines().count();
    if total <= MAX_DIFF_LINES {
        return text;
    }
    let mut cut: String = text
        .lines()
        .take(MAX_DIFF_LINES)
        .flat_map(|l| [l, "\n"])
        .collect();
    let _ = writeln!(cut, "... ({} more diff lines)", total - MAX_DIFF_LINES);
    cut
}

/// `conc test`: run every case under `paths` on `jobs` threads, print one
/// line per case in order (`ok   path` or `FAIL path` and the report) and
/// finally `N passed, N failed`. Returns the exit status: 1 if any failed,
/// 2 if the paths could not be searched.
pub fn run_suite(binary: &Path, paths: &[PathBuf], jobs: usize) -> i32 {
    let cases = match discover(paths) {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("conc test: {e}");
            return 2;
        }
    };
    if cases.is_empty() {
        eprintln!("conc test: no test cases (a .conc or .py file with a .out beside it) found");
    }
    let settings = Settings::from_env();
    let results = run_in_parallel(binary, &cases, &settings, jobs.max(1));
    let (mut passed, mut failed) = (0, 0);
    for (index, result) in results {
        let name = cases[index].script.display();
        match result {
            Ok(()) => {
                passed += 1;
                println!("ok   {name}");
            }
            Err(report) => {
                failed += 1;
                println!("FAIL {name}");
                for line in report.lines() {
                    println!("    {line}");
                }
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    i32::from(failed > 0)
}

/// Run the cases on `jobs` worker threads; results come back in case order,
/// each as soon as it and all those before it are done.
fn run_in_parallel<'a>(
    binary: &'a Path,
    cases: &'a [Case],
    settings: &'a Settings,
    jobs: usize,
) -> impl Iterator<Item = (usize, Result<(), String>)> + 'a {
    let (tx, rx) = mpsc::channel();
    let next = std::sync::Arc::new(AtomicUsize::new(0));
    for _ in 0..jobs.min(cases.len()) {
        let (tx, next) = (tx.clone(), next.clone());
        let (binary, cases, settings) = (binary.to_path_buf(), cases.to_vec(), settings.clone());
        thread::spawn(move || loop {
            let index = next.fetch_add(1, Ordering::SeqCst);
            let Some(case) = cases.get(index) else { break };
            if tx
                .send((index, run_case(&binary, case, &settings)))
                .is_err()
            {
                break;
            }
        });
    }
    drop(tx);
    InOrder {
        rx,
        pending: std::collections::BTreeMap::new(),
        next: 0,
    }
}

/// Reorders results that arrive in any order.
struct InOrder<T> {
    rx: mpsc::Receiver<(usize, T)>,
    pending: std::collections::BTreeMap<usize, T>,
    next: usize,
}

impl<T> Iterator for InOrder<T> {
    type Item = (usize, T);

    fn next(&mut self) -> Option<(usize, T)> {
        loop {
            if let Some(item) = self.pending.remove(&self.next) {
                self.next += 1;
                return Some((self.next - 1, item));
            }
            let (index, item) = self.rx.recv().ok()?;
            self.pending.insert(index, item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh scratch directory under the target dir's temp area.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("conc-golden-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn touch(path: &Path) {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(path, "").unwrap();
    }

    #[test]
    fn discovery_finds_scripts_with_out_files_sorted() {
        let dir = scratch("discover");
        for f in [
            "b.conc",
            "b.out",
            "a.py",
            "a.out",
            "no_out.conc",
            "sub/c.conc",
            "sub/c.out",
            "sub/c.err",
        ] {
            touch(&dir.join(f));
        }
        for f in [
            ".hidden/d.conc",
            ".hidden/d.out",
            "target/e.py",
            "target/e.out",
            "notes.out",
        ] {
            touch(&dir.join(f));
        }
        let cases = discover(std::slice::from_ref(&dir)).unwrap();
        let names: Vec<String> = cases.iter().map(|c| c.name_relative_to(&dir)).collect();
        assert_eq!(names, ["a.py", "b.conc", "sub/c.conc"]);
        assert_eq!(cases[2].expected_stderr(), dir.join("sub/c.err"));
        assert_eq!(cases[2].stdin(), dir.join("sub/c.in"));

        // A file named directly, listed twice, counts once.
        let twice = [dir.join("b.conc"), dir.join("b.conc")];
        assert_eq!(discover(&twice).unwrap().len(), 1);
        assert!(discover(&[dir.join("no_out.conc")])
            .unwrap_err()
            .to_string()
            .contains("no .out"));
        assert!(discover(&[dir.join("missing")]).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn header_defaults_without_a_header() {
        assert_eq!(parse_header("print(1)\n").unwrap(), Header::default());
        assert_eq!(parse_header("").unwrap(), Header::default());
        // Only the first line counts.
        assert_eq!(
            parse_header("\n# conc-test: exit=3\n").unwrap(),
            Header::default()
        );
    }

    #[test]
    fn header_flags_exit_and_timeout() {
        let h =
            parse_header("# conc-test: --seed 3 --switch-ticks 1 exit=1 timeout=2.5\nprint(1)\n")
                .unwrap();
        assert_eq!(h.flags, ["--seed", "3", "--switch-ticks", "1"]);
        assert_eq!(h.exit, 1);
        assert_eq!(h.timeout, Duration::from_millis(2500));
        let h = parse_header("# conc-test: exit=2").unwrap();
        assert!(h.flags.is_empty());
        assert_eq!(h.exit, 2);
    }

    #[test]
    fn header_rejects_bad_numbers() {
        assert!(parse_header("# conc-test: exit=x").is_err());
        assert!(parse_header("# conc-test: timeout=-1").is_err());
        assert!(parse_header("# conc-test: timeout=0").is_err());
        assert!(parse_header("# conc-test: timeout=inf").is_err());
    }

    fn outcome(status: i32, stdout: &str, stderr: &str) -> Outcome {
        Outcome {
            status: Some(status),
            signal: None,
            stdout: stdout.into(),
            stderr: stderr.into(),
            timed_out: false,
        }
    }

    #[test]
    fn comparison_passes_on_identical_output() {
        let expected = Expected {
            stdout: "a\nb\n".into(),
            stderr: None,
        };
        assert_eq!(
            compare(&Header::default(), &expected, &outcome(0, "a\nb\n", "")),
            Ok(())
        );
        let expected = Expected {
            stdout: String::new(),
            stderr: Some("boom\n".into()),
        };
        let header = Header {
            exit: 1,
            ..Header::default()
        };
        assert_eq!(
            compare(&header, &expected, &outcome(1, "", "boom\n")),
            Ok(())
        );
    }

    #[test]
    fn comparison_reports_status_and_diffs() {
        let expected = Expected {
            stdout: "a\nb\nc\n".into(),
            stderr: None,
        };
        let report = compare(
            &Header::default(),
            &expected,
            &outcome(1, "a\nB\nc\n", "oops\n"),
        )
        .unwrap_err();
        assert_eq!(
            report,
            "exit status: expected 0, got 1\n\
             --- expected stdout (.out)\n+++ actual stdout\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n\
             --- expected stderr (empty: no .err)\n+++ actual stderr\n@@ -0,0 +1 @@\n+oops\n"
        );
    }

    #[test]
    fn comparison_reports_timeouts_and_signals() {
        let expected = Expected::default();
        let timed_out = Outcome {
            status: None,
            signal: Some(9),
            timed_out: true,
            ..outcome(0, "", "")
        };
        let report = compare(&Header::default(), &expected, &timed_out).unwrap_err();
        assert!(report.starts_with("timed out after 60s"), "{report}");
        let killed = Outcome {
            status: None,
            signal: Some(11),
            ..outcome(0, "", "")
        };
        let report = compare(&Header::default(), &expected, &killed).unwrap_err();
        assert_eq!(report, "exit status: expected 0, got killed by signal 11\n");
    }

    #[test]
    fn diff_marks_a_missing_final_newline_and_is_cut_when_long() {
        let diff = unified_diff("x\n", "x", "e", "a");
        assert!(diff.contains("\\ No newline at end of file"), "{diff}");
        let long_expected: String = (0..500).map(|i| format!("{i}\n")).collect();
        let diff = unified_diff(&long_expected, "", "e", "a");
        assert_eq!(diff.lines().count(), MAX_DIFF_LINES + 1);
        assert!(
            diff.ends_with("... (303 more diff lines)\n"),
            "{}",
            &diff[diff.len() - 60..]
        );
    }

    #[test]
    fn bless_writes_out_and_err_and_removes_stale_err() {
        let dir = scratch("bless");
        let case = Case {
            script: dir.join("t.conc"),
        };
        touch(&case.script);
        bless(&case, &outcome(0, "hello\n", "warn\n")).unwrap();
        assert_eq!(
            fs::read_to_string(case.expected_stdout()).unwrap(),
            "hello\n"
        );
        assert_eq!(
            fs::read_to_string(case.expected_stderr()).unwrap(),
            "warn\n"
        );
        bless(&case, &outcome(0, "bye\n", "")).unwrap();
        assert_eq!(fs::read_to_string(case.expected_stdout()).unwrap(), "bye\n");
        assert!(!case.expected_stderr().exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn execute_runs_in_the_script_directory_with_stdin_and_a_timeout() {
        // Any program taking `run FLAGS FILE` will do: a shell script stands in for conc.
        let dir = scratch("execute");
        let fake = dir.join("fake-conc");
        fs::write(&fake, "#!/bin/sh\nshift\necho \"args=$* cwd=$(basename \"$PWD\") color=$NO_COLOR\"\ncat\necho err >&2\nexit 3\n").unwrap();
        fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let case = Case {
            script: dir.join("cases/t.py"),
        };
        touch(&case.script);
        fs::write(case.stdin(), "line from stdin\n").unwrap();
        let header = Header {
            flags: vec!["--seed".into(), "3".into()],
            ..Header::default()
        };
        let out = execute(
            &fake,
            &case,
            &header,
            &["--switch-ticks".into(), "1".into()],
        )
        .unwrap();
        assert_eq!(
            out.stdout,
            "args=--seed 3 --switch-ticks 1 t.py cwd=cases color=1\nline from stdin\n"
        );
        assert_eq!(out.stderr, "err\n");
        assert_eq!(out.status, Some(3));
        assert!(!out.timed_out);

        fs::write(&fake, "#!/bin/sh\necho started\nsleep 30 &\nsleep 30\n").unwrap();
        let header = Header {
            timeout: Duration::from_millis(200),
            ..Header::default()
        };
        let start = Instant::now();
        let out = execute(&fake, &case, &header, &[]).unwrap();
        assert!(out.timed_out);
        assert_eq!(out.stdout, "started\n");
        assert!(start.elapsed() < Duration::from_secs(10));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn results_come_back_in_case_order() {
        let (tx, rx) = mpsc::channel();
        for i in [2, 0, 3, 1] {
            tx.send((i, i * 10)).unwrap();
        }
        drop(tx);
        let order: Vec<_> = InOrder {
            rx,
            pending: Default::default(),
            next: 0,
        }
        .collect();
        assert_eq!(order, [(0, 0), (1, 10), (2, 20), (3, 30)]);
    }
}
