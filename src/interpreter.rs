//! The embedding API: one [`Interpreter`] is one conc world (its own GIL,
//! modules and threads). Several can live in one process.
//!
//! ```
//! let interp = conc::Interpreter::new(conc::Config::default().capture_output());
//! interp.run_source("<demo>", "x = 6 * 7\nprint('x is', x)").unwrap();
//! assert_eq!(interp.global_repr("x").as_deref(), Some("42"));
//! assert_eq!(interp.take_output(), "x is 42\n");
//!
//! // An uncaught exception is printed (here: captured) and returned.
//! let err = interp.run_source("<demo>", "1 / 0").unwrap_err();
//! assert_eq!(err.exit_code(), 1);
//! assert!(interp.take_output().ends_with("ZeroDivisionError: division by zero\n"));
//! ```

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::compile::{compile_module, Mode};
use crate::diagnostics::{CompileError, SourceFile};
use crate::vm::interp::MAIN_THREAD;
use crate::vm::{Exc, Obj, Object, Output, Runtime, Value, Vm};

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
    /// Record every GIL hold and wait (`--trace`, `--timeline`).
    pub record_trace: bool,
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
    rt: Arc<Runtime>,
    /// The `__main__` namespace (dropped under the GIL: see `Drop`).
    main: std::mem::ManuallyDrop<Obj>,
    /// `sys.argv` for the next run.
    argv: Mutex<Vec<String>>,
}

impl Interpreter {
    /// A fresh interpreter with its builtins and an empty `__main__`.
    pub fn new(config: Config) -> Interpreter {
        let output = if config.capture {
            Output::capture()
        } else {
            Output::process()
        };
        let rt = Runtime::new(output, config.seed);
        if let Some(ticks) = config.switch_ticks {
            rt.sched.set_switch_ticks(ticks.max(1));
        }
        if let Some(secs) = config.switch_interval {
            rt.sched
                .set_interval(std::time::Duration::from_secs_f64(secs.max(1e-6)));
        }
        if config.record_trace {
            rt.sched.enable_trace();
        }
        let serial = Vm::new_serial(&rt);
        debug_assert_eq!(serial, MAIN_THREAD);
        let mut vm = Vm::attach_as(rt.clone(), serial, "MainThread".into());
        crate::native::install(&mut vm);
        let main_module = vm.new_module("__main__");
        vm.register_module("__main__", &main_module);
        let main = vm.module_dict(&main_module).expect("module dict");
        let builtins = Value::Obj(rt.builtins.clone());
        vm.dict_set_str(&main, "__builtins__", builtins);
        vm.dict_set_str(&main, "__package__", Value::None);
        *rt.module_path.borrow_mut(&vm.gil) = config.module_path.clone();
        drop(main_module); // under the GIL (see `vm/obj.rs`)
        vm.suspend();
        Interpreter {
            rt,
            main: std::mem::ManuallyDrop::new(main),
            argv: Mutex::new(vec![String::new()]),
        }
    }

    /// Run `f` on this thread with the GIL held.
    fn with_vm<R>(&self, f: impl FnOnce(&mut Vm) -> R) -> R {
        let mut vm = Vm::resume(self.rt.clone(), MAIN_THREAD);
        let r = f(&mut vm);
        vm.suspend();
        r
    }

    /// Run a script file as `__main__`; `argv` becomes `sys.argv` (argv[0] is the path).
    /// Uncaught exceptions are printed to the interpreter's stderr before returning.
    pub fn run_file(&self, path: &Path, argv: Vec<String>) -> Result<(), RunError> {
        let text = read_script(path).map_err(RunError::Io)?;
        *self.argv.lock() = argv;
        // A bare script name gives an empty directory, so module files read
        // `helper.py` in tracebacks, as in CPython.
        let dir = path.parent().map(|d| d.to_path_buf()).unwrap_or_default();
        self.with_vm(|vm| {
            let mut mp = vm.rt.module_path.borrow_mut(&vm.gil);
            mp.retain(|p| p != &dir);
            mp.insert(0, dir.clone());
        });
        self.run(&path.display().to_string(), &text, Mode::Exec, true)
    }

    /// Run source text as `__main__` (file name `name` in tracebacks).
    pub fn run_source(&self, name: &str, source: &str) -> Result<(), RunError> {
        self.with_vm(|vm| {
            let mut mp = vm.rt.module_path.borrow_mut(&vm.gil);
            if !mp.iter().any(|p| p == Path::new(".")) {
                mp.insert(0, ".".into());
            }
        });
        self.run(name, source, Mode::Exec, true)
    }

    /// Set `sys.argv` for the next run (`-c`, the REPL and piped stdin have no script path).
    pub fn set_argv(&self, argv: Vec<String>) {
        *self.argv.lock() = argv;
    }

    /// Run one REPL input in `__main__`: expression statements echo their repr.
    pub fn run_interactive(&self, source: &str) -> Result<(), RunError> {
        self.run("<stdin>", source, Mode::Interactive, false)
    }

    /// Compile and run `text` in `__main__`.
    fn run(&self, name: &str, text: &str, mode: Mode, set_file: bool) -> Result<(), RunError> {
        let source = SourceFile::new(name, text);
        let code = crate::syntax::parse(&source)
            .and_then(|m| compile_module(&m, &source, mode))
            .map_err(RunError::Compile)?;
        let argv = self.argv.lock().clone();
        self.with_vm(|vm| {
            let path: Vec<String> = vm
                .rt
                .module_path
                .borrow(&vm.gil)
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            crate::native::sys::set_argv_and_path(vm, &argv, &path);
            if set_file {
                vm.dict_set_str(&self.main, "__file__", Value::str(name));
            }
            let code = vm.load_code(code);
            let result = vm.run_code(code, &self.main);
            vm.rt.output.flush();
            match result {
                Ok(_) => Ok(()),
                Err(exc) => Err(report_exception(vm, &exc)),
            }
        })
    }

    /// Is `source` an incomplete REPL input (open block or bracket), so the
    /// REPL should ask for more lines?
    pub fn is_incomplete(source: &str) -> bool {
        let file = SourceFile::new("<stdin>", source);
        matches!(crate::syntax::parse(&file), Err(e) if e.incomplete)
    }

    /// `repr()` of a global of `__main__`, if it exists.
    pub fn global_repr(&self, name: &str) -> Option<String> {
        self.with_vm(|vm| {
            let v = vm.dict_get_str(&self.main, name)?;
            vm.repr(&v).ok()
        })
    }

    /// Names visible in `__main__` (globals and builtins) and, after a dot,
    /// the attributes of the named object: for the REPL's Tab completion.
    pub fn completions(&self, prefix: &str) -> Vec<String> {
        self.with_vm(|vm| {
            let mut out: Vec<String> = match prefix.rsplit_once('.') {
                Some((path, attr)) => {
                    let mut parts = path.split('.');
                    let first = parts.next().unwrap_or("");
                    let mut obj = vm
                        .dict_get_str(&self.main, first)
                        .or_else(|| vm.dict_get_str(&vm.rt.builtins.clone(), first));
                    for p in parts {
                        obj = obj.and_then(|o| vm.getattr_str(&o, p).ok());
                    }
                    let Some(obj) = obj else { return Vec::new() };
                    crate::native::builtins::attribute_names(vm, &obj)
                        .into_iter()
                        .filter(|n| n.starts_with(attr))
                        .map(|n| format!("{path}.{n}"))
                        .collect()
                }
                None => {
                    let mut names = crate::native::builtins::builtin_names(vm);
                    if let Object::Dict(d) = &**self.main {
                        names.extend(
                            d.borrow(&vm.gil)
                                .keys()
                                .filter_map(|k| k.value.as_str().map(str::to_string)),
                        );
                    }
                    names
                        .into_iter()
                        .filter(|n| n.starts_with(prefix))
                        .collect()
                }
            };
            out.sort();
            out.dedup();
            out
        })
    }

    /// Everything written to stdout and stderr since the last call (with `Config::capture`).
    pub fn take_output(&self) -> String {
        self.rt.output.take()
    }

    /// A handle that asks the running code to stop with KeyboardInterrupt (Ctrl-C),
    /// usable from any thread (e.g. a signal-handling thread).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle {
            rt: self.rt.clone(),
        }
    }

    /// The `--gil-stats` table: per thread, instructions, GIL held and waited, switches.
    pub fn gil_stats(&self) -> String {
        crate::concurrency::observe::stats_table(&self.rt.sched.stats())
    }

    /// The Chrome trace-event JSON of the GIL holds and waits recorded (`Config::record_trace`).
    pub fn trace_json(&self) -> String {
        let s = &self.rt.sched;
        crate::concurrency::observe::chrome_trace(&s.trace_events(), &s.stats(), &s.serials())
    }

    /// The same as an SVG timeline.
    pub fn timeline_svg(&self) -> String {
        let s = &self.rt.sched;
        crate::concurrency::observe::svg_timeline(&s.trace_events(), &s.stats(), &s.serials())
    }

    /// Wait for non-daemon threads and run `atexit` handlers: call once at the end of a program.
    pub fn finalize(&self) -> Result<(), RunError> {
        let result = self.with_vm(|vm| {
            for (module, hook) in [("threading", "_shutdown"), ("atexit", "_run_exitfuncs")] {
                let Some(m) = vm.loaded_module(module) else {
                    continue;
                };
                let r = vm
                    .getattr_str(&m, hook)
                    .and_then(|f| vm.call(&f, crate::vm::Args::default()));
                if let Err(exc) = r {
                    return Err(report_exception(vm, &exc));
                }
            }
            Ok(())
        });
        self.rt.output.flush();
        result
    }
}

impl Drop for Interpreter {
    /// Reference counts are touched only under the GIL (`vm/obj.rs`), and
    /// conc threads may still be running.
    fn drop(&mut self) {
        // SAFETY: `main` is taken once, here, and not used again.
        let main = unsafe { std::mem::ManuallyDrop::take(&mut self.main) };
        self.with_vm(|_| drop(main));
    }
}

/// A script's text, or the one-line reason it can't be had (CPython's wording).
pub fn read_script(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("can't open file '{}': {}", path.display(), errno_text(&e)))?;
    String::from_utf8(bytes)
        .map_err(|e| format!("can't read file '{}': {}", path.display(), not_utf8(&e)))
}

/// `[Errno 2] No such file or directory`, as Python prints an OSError.
pub fn errno_text(err: &std::io::Error) -> String {
    let text = err.to_string();
    match err.raw_os_error() {
        Some(code) => {
            let reason = text
                .strip_suffix(&format!(" (os error {code})"))
                .unwrap_or(&text);
            format!("[Errno {code}] {reason}")
        }
        None => text,
    }
}

/// Why bytes are not a UTF-8 script, in one phrase.
pub fn not_utf8(err: &std::string::FromUtf8Error) -> String {
    format!(
        "not UTF-8 text (invalid byte at offset {})",
        err.utf8_error().valid_up_to()
    )
}

/// Print an uncaught exception the way CPython does and turn it into a [`RunError`].
fn report_exception(vm: &mut Vm, exc: &Exc) -> RunError {
    let type_name = vm.exception_type_name(&exc.value());
    if vm.exc_is(exc, "SystemExit") {
        let code = vm
            .exc_args(&exc.0)
            .into_iter()
            .next()
            .unwrap_or(Value::None);
        return match code {
            Value::None => RunError::Exit(0),
            Value::Int(i) => RunError::Exit(i as i32),
            Value::Bool(b) => RunError::Exit(b as i32),
            other => {
                let text = vm.to_str(&other).unwrap_or_default();
                vm.rt.output.write_stderr(&format!("{text}\n"));
                RunError::Exit(1)
            }
        };
    }
    let traceback = vm.format_exception(exc);
    vm.rt.output.write_stderr(&traceback);
    RunError::Exception {
        traceback,
        type_name,
    }
}

/// Sends KeyboardInterrupt to an interpreter's main thread; cheap to clone, `Send + Sync`.
#[derive(Clone)]
pub struct InterruptHandle {
    rt: Arc<Runtime>,
}

impl InterruptHandle {
    /// Request a KeyboardInterrupt at the next instruction boundary (or blocking call).
    pub fn interrupt(&self) {
        self.rt.interrupted.store(true, Ordering::SeqCst);
        self.rt.eval_breaker.store(true, Ordering::SeqCst);
        self.rt.sched.wake_main();
    }
}
