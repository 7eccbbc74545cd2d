//! The `conc` command line.
//!
//! ```text
//! conc [FLAGS] FILE [ARGS]...      run a script (also `conc run [FLAGS] FILE [ARGS]...`)
//! conc [FLAGS] -c CODE [ARGS]...   run a program given as a string
//! conc [FLAGS]                     the REPL (or run stdin as a script when it is not a terminal)
//! conc check FILE... | dis FILE | test PATH... | explore --runs N FILE
//! ```
//!
//! Everything after the script (or after `-c CODE`) belongs to the script
//! (`sys.argv[1:]`), even words that look like conc flags, so [`split_argv`]
//! cuts the command line there before clap sees it, and turns `conc FILE`
//! into `conc run FILE`. Exit status: 0, or [`RunError::exit_code`] (1 for a
//! compile error or an uncaught exception, `n` for `sys.exit(n)`), 2 for a
//! bad command line or an unreadable script, 130 for an uncaught
//! KeyboardInterrupt (what a shell reports for CPython killed by Ctrl-C).

use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{CommandFactory, Parser, Subcommand};

use crate::bytecode::disasm::disassemble;
use crate::compile::{compile_module, Mode};
use crate::diagnostics::{render_compile_error, CompileError, RenderStyle, SourceFile};
use crate::{golden, repl, syntax, Config, Interpreter, RunError};

/// The exit status for a bad command line or a script that cannot be read (as CPython).
const EXIT_USAGE: i32 = 2;
/// The exit status after an uncaught KeyboardInterrupt (128 + SIGINT).
const EXIT_INTERRUPTED: i32 = 130;
/// This many Ctrl-C within [`FORCED_EXIT_WINDOW`] end the process at once.
const FORCED_EXIT_PRESSES: usize = 3;
const FORCED_EXIT_WINDOW: Duration = Duration::from_secs(1);

const USAGE: &str = "conc [FLAGS] FILE [ARGS]...
       conc [FLAGS] -c CODE [ARGS]...
       conc [FLAGS]                      (the REPL)
       conc <COMMAND> ...";

#[derive(Parser, Debug)]
#[command(
    name = "conc",
    version,
    about = "A small Python-like language with a real GIL, generators and threads, for teaching concurrency",
    override_usage = USAGE,
    args_conflicts_with_subcommands = true,
    args_override_self = true,
    disable_help_subcommand = true
)]
struct Cli {
    #[command(flatten)]
    flags: RunFlags,
    /// Run CODE, a program given as a string; the words after it become sys.argv[1:]
    #[arg(short = 'c', value_name = "CODE")]
    code: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a script (`conc FILE` does the same)
    // A flag given twice takes its last value: `CONC_TEST_FLAGS` overrides a golden header.
    #[command(args_override_self = true)]
    Run {
        #[command(flatten)]
        flags: RunFlags,
        /// The script (`-` reads it from stdin)
        file: String,
        /// sys.argv[1:] for the script
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Parse and compile files without running them; print their errors
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the bytecode a script compiles to
    Dis { file: PathBuf },
    /// Run golden tests: every X.conc / X.py with an X.out beside it
    Test {
        /// Files or directories to search (recursively)
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// How many cases run at once
        #[arg(short = 'j', long, value_name = "N", default_value_t = 2)]
        jobs: usize,
    },
    /// Run a script under many seeded schedules and report its distinct outcomes
    Explore {
        /// How many schedules to try
        #[arg(long, value_name = "N")]
        runs: Option<u64>,
        file: PathBuf,
    },
}

/// Flags that shape a run, accepted before the script.
#[derive(clap::Args, Debug, Clone, Default, PartialEq)]
pub struct RunFlags {
    /// Force a GIL switch every N instructions (the lessons' "ticks")
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub switch_ticks: Option<u64>,
    /// Force a GIL switch every SECONDS of holding it (CPython's default is 0.005)
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub switch_interval: Option<f64>,
    /// Deterministic scheduling and virtual time from this seed
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Print GIL statistics per thread at exit
    #[arg(long)]
    pub gil_stats: bool,
    /// Write a Chrome trace-event JSON of GIL holds and waits to FILE
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Write a self-contained HTML timeline of the GIL to FILE
    #[arg(long, value_name = "FILE")]
    pub timeline: Option<PathBuf>,
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs > 0.0 => Ok(secs),
        _ => Err(format!(
            "expected a positive number of seconds, got {text:?}"
        )),
    }
}

/// What to record about a run for the user to look at afterwards.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observability {
    /// `--gil-stats`.
    pub gil_stats: bool,
    /// `--trace FILE`.
    pub trace: Option<PathBuf>,
    /// `--timeline FILE`.
    pub timeline: Option<PathBuf>,
}

impl RunFlags {
    /// The interpreter configuration these flags ask for.
    pub fn config(&self) -> Config {
        Config {
            switch_ticks: self.switch_ticks,
            switch_interval: self.switch_interval,
            seed: self.seed,
            record_trace: self.trace.is_some() || self.timeline.is_some(),
            ..Config::default()
        }
    }

    /// What these flags ask to record.
    pub fn observability(&self) -> Observability {
        Observability {
            gil_stats: self.gil_stats,
            trace: self.trace.clone(),
            timeline: self.timeline.clone(),
        }
    }
}

/// Run `conc` with the process's arguments; returns the exit status.
pub fn main() -> i32 {
    let argv: Vec<String> = std::env::args_os().map(|a| os_to_string(&a)).collect();
    let status = run(argv);
    let _ = io::stdout().flush();
    status
}

/// Run `conc` with these arguments (`argv[0]` is the program name).
pub fn run(argv: Vec<String>) -> i32 {
    let split = split_argv(argv);
    let cli = match Cli::try_parse_from(&split.conc_args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match cli.command {
        Some(Command::Run {
            flags,
            file,
            mut args,
        }) => {
            args.extend(split.script_args);
            run_script(&flags, &file, args)
        }
        Some(Command::Check { files }) => check_files(&files),
        Some(Command::Dis { file }) => disassemble_file(&file),
        Some(Command::Test { paths, jobs }) => test(&paths, jobs),
        Some(Command::Explore { runs, file }) => {
            let conc = std::env::current_exe().unwrap_or_else(|_| "conc".into());
            crate::explore::explore(&conc, &file, runs.unwrap_or(20))
        }
        None => match cli.code {
            Some(code) => run_code(&cli.flags, &code, split.script_args),
            None => run_interactive(&cli.flags),
        },
    }
}

/// The command line cut in two: what clap parses, and the script's own arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitArgs {
    /// conc's part, with `run` inserted when the first positional is a script.
    pub conc_args: Vec<String>,
    /// What follows the script or `-c CODE`: the script's `sys.argv[1:]`.
    pub script_args: Vec<String>,
}

/// Cut the command line after the script (or `-c CODE`), and turn
/// `conc [FLAGS] FILE` into `conc run [FLAGS] FILE`. The first positional
/// word is a subcommand when it names one, unless it is an existing file
/// or ends in `.conc` or `.py`; otherwise it is the script.
pub fn split_argv(argv: Vec<String>) -> SplitArgs {
    let command = Cli::command();
    let takes_value = |word: &str| {
        let args = command.get_arguments().chain(
            command
                .find_subcommand("run")
                .into_iter()
                .flat_map(|c| c.get_arguments()),
        );
        args.filter(|a| !a.is_positional() && a.get_action().takes_values())
            .any(|a| {
                a.get_long().is_some_and(|l| word == format!("--{l}"))
                    || a.get_short().is_some_and(|s| word == format!("-{s}"))
            })
    };
    let is_subcommand =
        |word: &str| command.find_subcommand(word).is_some() && !looks_like_script(word);

    let mut conc_args = Vec::new();
    let mut words = argv.into_iter();
    conc_args.extend(words.next());
    let mut seen_run = false;
    while let Some(word) = words.next() {
        if word.starts_with("-c") {
            // `-c CODE` or `-cCODE`: the rest is the program's.
            let code_follows = word == "-c";
            conc_args.push(word);
            if code_follows {
                conc_args.extend(words.next());
            }
            break;
        }
        if word.starts_with('-') && word != "-" {
            let needs_value = takes_value(&word);
            conc_args.push(word);
            if needs_value {
                conc_args.extend(words.next());
            }
            continue;
        }
        if !seen_run && is_subcommand(&word) {
            seen_run = word == "run";
            conc_args.push(word);
            if seen_run {
                continue;
            }
            // Another subcommand: all of the rest is conc's.
            conc_args.extend(words.by_ref());
            break;
        }
        // The script.
        if !seen_run {
            conc_args.insert(1, "run".to_string());
        }
        conc_args.push(word);
        break;
    }
    SplitArgs {
        conc_args,
        script_args: words.collect(),
    }
}

fn looks_like_script(word: &str) -> bool {
    word.ends_with(".conc") || word.ends_with(".py") || Path::new(word).is_file()
}

/// `conc run FILE`.
fn run_script(flags: &RunFlags, file: &str, args: Vec<String>) -> i32 {
    if file == "-" {
        return run_stdin(flags, "-", args);
    }
    let path = Path::new(file);
    // Read it once here so a bad file gets CPython's one-line message.
    if let Err(message) = crate::interpreter::read_script(path) {
        eprintln!("conc: {message}");
        return EXIT_USAGE;
    }
    let session = Session::start(flags);
    let argv = std::iter::once(file.to_string()).chain(args).collect();
    session.finish(session.interp.run_file(path, argv))
}

/// `conc -c CODE ARGS...`: `sys.argv` is `['-c', ARGS...]`, as in CPython.
fn run_code(flags: &RunFlags, code: &str, args: Vec<String>) -> i32 {
    let session = Session::start(flags);
    session
        .interp
        .set_argv(std::iter::once("-c".to_string()).chain(args).collect());
    session.finish(session.interp.run_source("<string>", code))
}

/// `conc` alone: the REPL on a terminal, else stdin run as a script.
fn run_interactive(flags: &RunFlags) -> i32 {
    if !io::stdin().is_terminal() {
        return run_stdin(flags, "", Vec::new());
    }
    let session = Session::start(flags);
    session.interp.set_argv(vec![String::new()]);
    session.finish(repl::run(&session.interp))
}

/// Read all of stdin and run it as `<stdin>` (a trailing open block runs too).
fn run_stdin(flags: &RunFlags, argv0: &str, args: Vec<String>) -> i32 {
    let mut bytes = Vec::new();
    if let Err(e) = io::stdin().read_to_end(&mut bytes) {
        eprintln!(
            "conc: can't read stdin: {}",
            crate::interpreter::errno_text(&e)
        );
        return EXIT_USAGE;
    }
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(e) => {
            eprintln!(
                "conc: can't read stdin: {}",
                crate::interpreter::not_utf8(&e)
            );
            return EXIT_USAGE;
        }
    };
    let session = Session::start(flags);
    session
        .interp
        .set_argv(std::iter::once(argv0.to_string()).chain(args).collect());
    session.finish(session.interp.run_source("<stdin>", &source))
}

/// One program run: its interpreter and what to record about it.
struct Session {
    interp: Interpreter,
    observe: Observability,
}

impl Session {
    /// A fresh interpreter configured by `flags`, which Ctrl-C interrupts.
    fn start(flags: &RunFlags) -> Session {
        let interp = Interpreter::new(flags.config());
        forward_ctrl_c(&interp);
        Session {
            interp,
            observe: flags.observability(),
        }
    }

    /// Report how the program ended, wait for its threads, and choose the
    /// exit status. A traceback has already been printed by the interpreter;
    /// only compile and I/O errors are printed here.
    fn finish(&self, result: Result<(), RunError>) -> i32 {
        let code_ran = !matches!(result, Err(RunError::Compile(_) | RunError::Io(_)));
        let mut status = report(&result);
        if code_ran {
            // Non-daemon threads and atexit handlers run even after an exception or sys.exit().
            let finalized = report(&self.interp.finalize());
            if status == 0 {
                status = finalized;
            }
        }
        self.write_records();
        let _ = io::stdout().flush();
        status
    }

    /// Write what `--gil-stats`, `--trace` and `--timeline` asked for.
    fn write_records(&self) {
        let Observability {
            gil_stats,
            trace,
            timeline,
        } = &self.observe;
        if *gil_stats {
            let _ = io::stdout().flush();
            eprint!("{}", self.interp.gil_stats());
        }
        let files = [
            (trace, Interpreter::trace_json as fn(&Interpreter) -> String),
            (timeline, Interpreter::timeline_svg),
        ];
        for (path, make) in files {
            if let Some(path) = path {
                if let Err(e) = std::fs::write(path, make(&self.interp)) {
                    eprintln!("conc: can't write {}: {e}", path.display());
                }
            }
        }
    }
}

/// Make SIGINT raise KeyboardInterrupt in the interpreter's main thread.
/// Code that never looks at the request (a bug, or a blocking call that
/// ignores it) can still be left: the third Ctrl-C within a second exits.
fn forward_ctrl_c(interp: &Interpreter) {
    let handle = interp.interrupt_handle();
    let mut recent = Vec::<Instant>::new();
    // One handler per process: a second interpreter (only in tests) keeps the first's.
    let _ = ctrlc::set_handler(move || {
        let now = Instant::now();
        recent.retain(|t| now.duration_since(*t) < FORCED_EXIT_WINDOW);
        recent.push(now);
        if recent.len() >= FORCED_EXIT_PRESSES {
            eprintln!("\nconc: interrupted {FORCED_EXIT_PRESSES} times, exiting");
            std::process::exit(EXIT_INTERRUPTED);
        }
        handle.interrupt();
    });
}

/// Print what the user has not seen yet about `result`; its exit status.
fn report(result: &Result<(), RunError>) -> i32 {
    let Err(err) = result else { return 0 };
    match err {
        RunError::Compile(e) => print_compile_error(e),
        RunError::Io(message) => {
            let message = message.strip_prefix("conc: ").unwrap_or(message);
            eprintln!("conc: {message}");
        }
        RunError::Exception { type_name, .. } if type_name == "KeyboardInterrupt" => {
            return EXIT_INTERRUPTED
        }
        RunError::Exception { .. } | RunError::Exit(_) => {}
    }
    err.exit_code()
}

/// Print a compile error on stderr (fancy on a terminal without `NO_COLOR`).
pub fn print_compile_error(err: &CompileError) {
    eprint!("{}", render_compile_error(err, RenderStyle::for_stderr()));
}

/// `conc check FILE...`: 0 when all compile, 1 if one does not, 2 if one can't be read.
fn check_files(files: &[PathBuf]) -> i32 {
    let mut status = 0;
    for file in files {
        let file_status = match compile_file(file) {
            Ok(_) => 0,
            Err(status) => status,
        };
        status = status.max(file_status);
    }
    status
}

/// `conc dis FILE`.
fn disassemble_file(file: &Path) -> i32 {
    match compile_file(file) {
        Ok(code) => {
            print!("{}", disassemble(&code));
            0
        }
        Err(status) => status,
    }
}

/// Parse and compile a file; on failure the error is printed and its exit status returned.
fn compile_file(file: &Path) -> Result<std::sync::Arc<crate::bytecode::Code>, i32> {
    let text = crate::interpreter::read_script(file).map_err(|message| {
        eprintln!("conc: {message}");
        EXIT_USAGE
    })?;
    let source = SourceFile::new(file.display().to_string(), text);
    syntax::parse(&source)
        .and_then(|module| compile_module(&module, &source, Mode::Exec))
        .map_err(|e| {
            print_compile_error(&e);
            1
        })
}

/// `conc test PATH...`: the golden runner, with this very binary as conc.
fn test(paths: &[PathBuf], jobs: usize) -> i32 {
    match std::env::current_exe() {
        Ok(binary) => golden::run_suite(&binary, paths, jobs),
        Err(e) => {
            eprintln!("conc test: can't find the conc binary: {e}");
            EXIT_USAGE
        }
    }
}

fn os_to_string(arg: &OsString) -> String {
    arg.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpreter::read_script;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    fn split(line: &str) -> (String, String) {
        let s = split_argv(words(line));
        (s.conc_args.join(" "), s.script_args.join(" "))
    }

    fn parse(line: &str) -> Cli {
        Cli::try_parse_from(split_argv(words(line)).conc_args).unwrap()
    }

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_script_as_first_word_means_run() {
        assert_eq!(
            split("conc x.conc a b"),
            ("conc run x.conc".into(), "a b".into())
        );
        assert_eq!(
            split("conc lesson.py"),
            ("conc run lesson.py".into(), "".into())
        );
        assert_eq!(
            split("conc --seed 3 --gil-stats x.py --seed 4 -v"),
            (
                "conc run --seed 3 --gil-stats x.py".into(),
                "--seed 4 -v".into()
            )
        );
        assert_eq!(
            split("conc --seed=3 x.py"),
            ("conc run --seed=3 x.py".into(), "".into())
        );
        // Not a subcommand and not a file: still the script (conc reports it missing).
        assert_eq!(
            split("conc nosuchfile"),
            ("conc run nosuchfile".into(), "".into())
        );
        // A subcommand's name with a script's extension is a script.
        assert_eq!(
            split("conc test.py"),
            ("conc run test.py".into(), "".into())
        );
    }

    #[test]
    fn run_subcommand_stops_at_its_file() {
        assert_eq!(
            split("conc run --switch-ticks 1 x.conc -c 1"),
            ("conc run --switch-ticks 1 x.conc".into(), "-c 1".into())
        );
        assert_eq!(split("conc run - a"), ("conc run -".into(), "a".into()));
        match parse("conc run --switch-interval 0.01 x.conc --trace t") {
            Cli {
                command: Some(Command::Run { flags, file, args }),
                ..
            } => {
                assert_eq!(flags.switch_interval, Some(0.01));
                assert_eq!(file, "x.conc");
                assert!(args.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dash_c_takes_the_rest_as_arguments() {
        assert_eq!(
            split("conc --seed 1 -c print(1) a --seed"),
            ("conc --seed 1 -c print(1)".into(), "a --seed".into())
        );
        assert_eq!(
            split("conc -cprint(1) x"),
            ("conc -cprint(1)".into(), "x".into())
        );
        let cli = parse("conc --seed 1 -c pass x");
        assert_eq!(cli.code.as_deref(), Some("pass"));
        assert_eq!(cli.flags.seed, Some(1));
        assert!(cli.command.is_none());
    }

    #[test]
    fn other_subcommands_get_all_their_words() {
        assert_eq!(
            split("conc test -j 4 tests scripts"),
            ("conc test -j 4 tests scripts".into(), "".into())
        );
        assert_eq!(
            split("conc check a.conc b.py"),
            ("conc check a.conc b.py".into(), "".into())
        );
        match parse("conc test -j 4 tests scripts") {
            Cli {
                command: Some(Command::Test { paths, jobs }),
                ..
            } => {
                assert_eq!(paths, [PathBuf::from("tests"), PathBuf::from("scripts")]);
                assert_eq!(jobs, 4);
            }
            other => panic!("{other:?}"),
        }
        match parse("conc explore --runs 10 x.conc") {
            Cli {
                command: Some(Command::Explore { runs, .. }),
                ..
            } => assert_eq!(runs, Some(10)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_words_means_the_repl() {
        let cli = parse("conc --switch-ticks 100");
        assert!(cli.command.is_none() && cli.code.is_none());
        assert_eq!(cli.flags.switch_ticks, Some(100));
    }

    #[test]
    fn a_repeated_flag_takes_its_last_value() {
        match parse("conc run --switch-ticks 5 --seed 1 --switch-ticks 1 x.conc") {
            Cli {
                command: Some(Command::Run { flags, .. }),
                ..
            } => {
                assert_eq!((flags.switch_ticks, flags.seed), (Some(1), Some(1)));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(parse("conc --seed 1 --seed 2").flags.seed, Some(2));
    }

    #[test]
    fn bad_flags_are_usage_errors() {
        for line in [
            "conc --switch-ticks 0 x.py",
            "conc --switch-interval -1 x.py",
            "conc --seed x x.py",
            "conc --bogus",
        ] {
            let err = Cli::try_parse_from(split_argv(words(line)).conc_args).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{line}");
        }
        // Run flags do not go with other subcommands.
        assert!(Cli::try_parse_from(words("conc --seed 1 check x.py")).is_err());
    }

    #[test]
    fn flags_map_to_config_and_observability() {
        let cli = parse("conc --switch-ticks 5 --switch-interval 0.5 --seed 7 --gil-stats --trace t.json --timeline t.html");
        let config = cli.flags.config();
        assert_eq!(
            (config.switch_ticks, config.switch_interval, config.seed),
            (Some(5), Some(0.5), Some(7))
        );
        assert!(!config.capture);
        assert_eq!(
            cli.flags.observability(),
            Observability {
                gil_stats: true,
                trace: Some("t.json".into()),
                timeline: Some("t.html".into())
            }
        );
    }

    #[test]
    fn unreadable_scripts_get_cpythons_message() {
        let err = read_script(Path::new("no/such/x.conc")).unwrap_err();
        assert_eq!(
            err,
            "can't open file 'no/such/x.conc': [Errno 2] No such file or directory"
        );
        let dir = std::env::temp_dir().join(format!("conc-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.conc");
        std::fs::write(&bad, b"x = 1\n\xff\n").unwrap();
        let err = read_script(&bad).unwrap_err();
        assert!(
            err.ends_with("not UTF-8 text (invalid byte at offset 6)"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn exit_status_of_each_ending() {
        assert_eq!(report(&Ok(())), 0);
        assert_eq!(report(&Err(RunError::Exit(3))), 3);
        let exc = |name: &str| RunError::Exception {
            traceback: String::new(),
            type_name: name.into(),
        };
        assert_eq!(report(&Err(exc("TypeError"))), 1);
        assert_eq!(report(&Err(exc("KeyboardInterrupt"))), EXIT_INTERRUPTED);
    }
}
