//! The embedding API: one [`Interpreter`] is one conc world (its own GIL,
//! modules and threads). Several can live in one process.
//!
//! ```ignore
//! // (the real doc-test lands with the VM)
//! let interp = conc::Interpreter::new(conc::Config::default().capture_output());
//! interp.run_source("<demo>", "x = 6 * 7\nprint('x is', x)").unwrap();
//! assert_eq!(interp.global_repr("x").as_deref(), Some("42"));
//! assert_eq!(interp.take_output(), "x is 42\n");
//! ```

use std::path::Path;

use crate::diagnostics::CompileError;

/// How an interpreter runs.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Capture stdout and stderr into a buffer (read with [`Interpreter::take_output`])
    /// instead of writing to the process's streams.
    pub capture: bool,
    /// Directories searched for modules after the script's own directory and `std/`.
    pub module_path: Vec<std::path::PathBuf>,
    /// GIL switch policy: a forced switch every N instructions (`--switch-ticks`).
    pub switch_ticks: Option<u64>,
    /// GIL switch policy: a forced switch every T seconds (`--switch-interval`, default 0.005).
    pub switch_interval: Option<f64>,
    /// Deterministic scheduling and virtual time (`--seed`).
    pub seed: Option<u64>,
}

impl Config {
    /// Capture output instead of writing it to the process's stdout/stderr.
    pub fn capture_output(mut self) -> Config {
        self.capture = true;
        self
    }
}

/// Why a run did not finish normally.
#[derive(Debug)]
pub enum RunError {
    /// The source did not parse or compile. Nothing ran.
    Compile(CompileError),
    /// An uncaught exception. `traceback` is the full text Python would print
    /// (`Traceback (most recent call last):` ... `TypeError: ...`), already
    /// written to the interpreter's stderr unless the caller asked otherwise.
    Exception {
        /// The rendered traceback.
        traceback: String,
        /// The exception's class name (`KeyboardInterrupt`, `TypeError`).
        type_name: String,
    },
    /// `sys.exit(code)` / `raise SystemExit(code)`: the process should exit with `code`.
    Exit(i32),
    /// The script file could not be read (missing, unreadable, not UTF-8): one line of explanation.
    Io(String),
}

impl RunError {
    /// The process exit status this error calls for: 1 for an exception,
    /// the SystemExit code, 1 for a compile error, 2 for an unreadable file.
    pub fn exit_code(&self) -> i32 {
        match self {
            RunError::Compile(_) => 1,
            RunError::Exception { .. } => 1,
            RunError::Exit(code) => *code,
            RunError::Io(_) => 2,
        }
    }
}

/// A conc interpreter.
pub struct Interpreter {
    _private: (),
}

impl Interpreter {
    /// A fresh interpreter with its builtins and an empty `__main__`.
    pub fn new(config: Config) -> Interpreter {
        let _ = config;
        todo!("vm")
    }

    /// Run a script file as `__main__`; `argv` becomes `sys.argv` (argv[0] is the path).
    /// Uncaught exceptions are printed to the interpreter's stderr before returning.
    pub fn run_file(&self, path: &Path, argv: Vec<String>) -> Result<(), RunError> {
        let _ = (path, argv);
        todo!("vm")
    }

    /// Run source text as `__main__` (file name `name` in tracebacks).
    pub fn run_source(&self, name: &str, source: &str) -> Result<(), RunError> {
        let _ = (name, source);
        todo!("vm")
    }

    /// Set `sys.argv` before running code with [`Interpreter::run_source`] or
    /// [`Interpreter::run_interactive`] (`conc -c CODE ARGS` gives `['-c', ARGS...]`,
    /// the REPL `['']`). [`Interpreter::run_file`] sets it from its own `argv`.
    pub fn set_argv(&self, argv: Vec<String>) {
        let _ = argv;
        todo!("vm")
    }

    /// Run one REPL input in `__main__`: expression statements echo their repr.
    /// Waits for the threads it started? No: only the main script's end does.
    pub fn run_interactive(&self, source: &str) -> Result<(), RunError> {
        let _ = source;
        todo!("vm")
    }

    /// Is `source` an incomplete REPL input (open block or bracket), so the
    /// REPL should ask for more lines?
    pub fn is_incomplete(source: &str) -> bool {
        let _ = source;
        todo!("vm")
    }

    /// `repr()` of a global of `__main__`, if it exists.
    pub fn global_repr(&self, name: &str) -> Option<String> {
        let _ = name;
        todo!("vm")
    }

    /// Names visible in `__main__` (globals and builtins) and, after a dot,
    /// the attributes of the named object: for the REPL's Tab completion.
    pub fn completions(&self, prefix: &str) -> Vec<String> {
        let _ = prefix;
        todo!("vm")
    }

    /// Everything written to stdout and stderr since the last call (with `Config::capture`).
    pub fn take_output(&self) -> String {
        todo!("vm")
    }

    /// A handle that asks the running code to stop with KeyboardInterrupt (Ctrl-C),
    /// usable from any thread (e.g. a signal-handling thread).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        todo!("vm")
    }

    /// Wait for non-daemon threads and run `atexit` handlers: call once at the end of a program.
    pub fn finalize(&self) -> Result<(), RunError> {
        todo!("vm")
    }
}

/// Sends KeyboardInterrupt to an interpreter's main thread; cheap to clone, `Send + Sync`.
#[derive(Clone)]
pub struct InterruptHandle {
    pub(crate) flag: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl InterruptHandle {
    /// Request a KeyboardInterrupt at the next instruction boundary (or blocking call).
    pub fn interrupt(&self) {
        self.flag.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}
