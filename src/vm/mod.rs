//! The virtual machine: values, objects, the loop, calls, exceptions,
//! generators, imports and the GIL.
//!
//! [`Runtime`] is what the threads of one interpreter share (classes,
//! modules, the GIL, the output streams). [`Vm`] is one OS thread's state
//! while it runs conc code (its frames, the exception being handled, the
//! GIL token); native functions receive `&mut Vm`.

pub mod attr;
pub mod blocking;
pub mod call;
pub mod caller;
pub mod class;
pub mod code;
pub mod dict;
pub mod exceptions;
pub mod fast_ops;
pub mod frame;
pub mod generator;
pub mod gil;
pub mod import;
pub mod inline_cache;
pub mod interp;
pub mod obj;
pub mod object;
pub mod ops;
pub mod output;
pub mod quicken;
pub mod sched;
pub mod shape;
pub mod ticks;
pub mod types;
pub mod value;

use crate::vm::obj::GilRc;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;

pub use dict::{Dict, HashKey, SetData};
pub use frame::Frame;
pub use gil::{Gil, GilCell};
pub use object::{Args, NativeFn, Object};
pub use output::Output;
pub use sched::{Sched, WaitKind, WaitTarget, Wake};
pub use types::Types;
pub use value::{Obj, Value};

/// An exception in flight: the exception instance (an `Instance` of a
/// `BaseException` subclass).
#[derive(Clone)]
pub struct Exc(pub Obj);

impl Exc {
    /// The exception object as a value.
    pub fn value(&self) -> Value {
        Value::Obj(self.0.clone())
    }
}

impl std::fmt::Debug for Exc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<exception>")
    }
}

/// The result of anything that may raise.
pub type PyResult<T = Value> = Result<T, Exc>;

/// A hook that fills a fresh runtime with native modules and methods
/// (given by the layer above; the VM never names `native`).
pub type Installer = fn(&mut Vm);

/// What all threads of one interpreter share.
pub struct Runtime {
    /// The built-in classes.
    pub types: Types,
    /// The `builtins` module's namespace (an `Object::Dict`).
    pub builtins: Obj,
    /// `sys.modules`: name to module (an `Object::Dict`).
    pub modules: Obj,
    /// Native modules that can be imported, by name: (name, init function).
    pub native_modules: GilCell<Vec<(&'static str, NativeModuleInit)>>,
    /// Modules written in conc and compiled into the binary (`std/`): (name, file name, source).
    pub embedded_modules: GilCell<Vec<EmbeddedModule>>,
    /// Where `import` looks for `.conc`/`.py` files, in order.
    pub module_path: GilCell<Vec<PathBuf>>,
    /// The GIL and every wait.
    pub sched: Sched,
    /// Set when something needs the loop's attention between instructions
    /// (Ctrl-C, a GIL drop request). One relaxed load per instruction.
    pub eval_breaker: AtomicBool,
    /// Ctrl-C was pressed: raise KeyboardInterrupt in the main thread.
    pub interrupted: Arc<AtomicBool>,
    /// `sys.getrecursionlimit()`.
    pub recursion_limit: AtomicUsize,
    /// stdout and stderr.
    pub output: Output,
    /// `sys.argv`.
    pub argv: Mutex<Vec<String>>,
    /// Dict and set keys of classes with their own `__eq__`, by hash: the
    /// first live key equal to a new one stands for it (see `Vm::hash_key`).
    pub eq_keys: GilCell<std::collections::HashMap<i64, Vec<obj::WeakObj>>>,
    /// Names of loaded code, interned.
    pub interner: code::Interner,
    /// Serial numbers for thread states (never reused).
    pub next_thread_serial: std::sync::atomic::AtomicU64,
    /// Bumped whenever any class namespace changes: attribute and method
    /// inline caches (`inline_cache.rs`) are valid only within one epoch.
    pub class_epoch: std::sync::atomic::AtomicU64,
}

/// A module written in conc whose source is compiled into the binary.
#[derive(Clone, Copy)]
pub struct EmbeddedModule {
    /// The import name (`collections`, `collections.abc`).
    pub name: &'static str,
    /// The file name shown in tracebacks.
    pub file: &'static str,
    /// The source text.
    pub source: &'static str,
    /// A package (its submodules are other entries named `name.sub`).
    pub is_package: bool,
}

/// Creates a native module's namespace when it is first imported.
pub type NativeModuleInit = fn(&mut Vm, module: &Obj) -> PyResult<()>;

/// One thread's view of the interpreter.
pub struct Vm {
    /// The shared runtime.
    pub rt: Arc<Runtime>,
    /// Proof this thread holds the GIL.
    pub gil: Gil,
    /// Frames of callers suspended in the loop (the current one is held by the loop).
    /// Boxed: a frame's address must not move (generators keep them, natives point at them).
    #[allow(clippy::vec_box)]
    pub(crate) frames: Vec<Box<Frame>>,
    /// Nesting depth of conc calls (frames plus native re-entries), for RecursionError.
    pub(crate) depth: usize,
    /// The exception currently being handled (`sys.exc_info()`, bare `raise`).
    pub handled: Option<Value>,
    /// Spare frames, to make calls cheap.
    #[allow(clippy::vec_box)]
    pub(crate) frame_pool: Vec<Box<Frame>>,
    /// Containers whose repr is being computed (to print `[...]` for cycles).
    pub(crate) repr_guard: Vec<i64>,
    /// Set by a bare `raise` / `Reraise`: the unwinder must not add this frame to the traceback again.
    pub(crate) reraising: bool,
    /// The conc frame that is calling a native function right now (see `caller.rs`).
    pub(crate) current_frame: *const Frame,
    /// This thread state's serial number (the scheduler knows threads by it; the main thread is 1).
    pub serial: u64,
    /// The instruction countdown to the next poll of the eval breaker or
    /// forced switch; it also counts instructions.
    pub(crate) ticks: ticks::Ticks,
}

impl Runtime {
    /// A runtime with built-in classes and an empty `builtins` namespace.
    pub fn new(output: Output, seed: Option<u64>) -> Arc<Runtime> {
        let types = Types::new();
        Arc::new(Runtime {
            builtins: Obj::new(Object::Dict(GilCell::new(Dict::new()))),
            types,
            modules: Obj::new(Object::Dict(GilCell::new(Dict::new()))),
            native_modules: GilCell::new(Vec::new()),
            embedded_modules: GilCell::new(Vec::new()),
            module_path: GilCell::new(Vec::new()),
            sched: Sched::new(seed),
            eval_breaker: AtomicBool::new(false),
            interrupted: Arc::new(AtomicBool::new(false)),
            recursion_limit: AtomicUsize::new(1000),
            output,
            argv: Mutex::new(Vec::new()),
            eq_keys: GilCell::new(std::collections::HashMap::new()),
            interner: code::Interner::default(),
            next_thread_serial: std::sync::atomic::AtomicU64::new(1),
            class_epoch: std::sync::atomic::AtomicU64::new(0),
        })
    }
}

impl Drop for Runtime {
    /// The last owner of a runtime is the only thread that can reach its
    /// objects, so it may drop them without the GIL (`obj.rs`).
    fn drop(&mut self) {
        obj::gil_state::acquired();
    }
}

impl Vm {
    /// A new serial number for a thread state.
    pub fn new_serial(rt: &Runtime) -> u64 {
        rt.next_thread_serial.fetch_add(1, Ordering::Relaxed)
    }

    /// Take the GIL on this thread with a new thread state.
    pub fn attach(rt: Arc<Runtime>) -> Vm {
        let serial = Vm::new_serial(&rt);
        Vm::attach_as(rt, serial, format!("Thread-{serial}"))
    }

    /// Take the GIL on this thread as thread `serial` (known to the scheduler
    /// already when it was spawned, or new).
    pub fn attach_as(rt: Arc<Runtime>, serial: u64, name: String) -> Vm {
        rt.sched.attach(serial, name, &rt.eval_breaker);
        obj::gil_state::acquired();
        Vm::thread_state(rt, serial)
    }

    /// Give the GIL back (the thread state is consumed).
    pub fn detach(self) {
        self.leave(|rt, serial, n| rt.sched.detach(serial, n, false));
    }

    /// Give the GIL back for good: this conc thread has finished.
    pub fn exit_thread(self) {
        self.leave(|rt, serial, n| rt.sched.detach(serial, n, true));
    }

    /// Leave conc for a while (the embedder's code runs): the GIL is released
    /// and this thread counts as busy outside, so seeded virtual time waits for it.
    pub fn suspend(self) {
        self.leave(|rt, serial, n| rt.sched.begin_external(serial, n));
    }

    /// Drop every value this thread state holds, then release the GIL with
    /// `release`: reference counts may only be touched under the GIL (`obj.rs`).
    fn leave(mut self, release: impl FnOnce(&Runtime, u64, u64)) {
        let n = self.take_instructions();
        self.frames.clear();
        self.frame_pool.clear();
        self.handled = None;
        let rt = self.rt.clone();
        let serial = self.serial;
        drop(self);
        release(&rt, serial, n);
        obj::gil_state::released();
    }

    /// Come back after `suspend`.
    pub fn resume(rt: Arc<Runtime>, serial: u64) -> Vm {
        rt.sched.end_external(serial, &rt.eval_breaker);
        obj::gil_state::acquired();
        Vm::thread_state(rt, serial)
    }

    /// A fresh thread state for a thread that has just been granted the GIL.
    fn thread_state(rt: Arc<Runtime>, serial: u64) -> Vm {
        Vm {
            serial,
            ticks: ticks::Ticks::new(rt.sched.next_quantum()),
            rt,
            gil: Gil::granted(),
            frames: Vec::new(),
            depth: 0,
            handled: None,
            frame_pool: Vec::new(),
            repr_guard: Vec::new(),
            reraising: false,
            current_frame: std::ptr::null(),
        }
    }

    /// Instructions executed since the last call (for the scheduler's statistics).
    pub fn take_instructions(&mut self) -> u64 {
        self.ticks.take()
    }

    /// Start a new quantum of the tick policy (after a switch or a policy change).
    pub(crate) fn new_quantum(&mut self) {
        self.ticks.restart(self.rt.sched.next_quantum());
    }

    /// Run `f` with the GIL released (a blocking call). `f` cannot touch
    /// objects: the token is borrowed for the whole call.
    pub fn allow_threads<R>(&mut self, f: impl FnOnce() -> R) -> R {
        // The token stays in `self`, unusable: `self` is mutably borrowed here.
        let n = self.take_instructions();
        self.rt.sched.begin_external(self.serial, n);
        obj::gil_state::released();
        let r = f();
        self.rt
            .sched
            .end_external(self.serial, &self.rt.eval_breaker);
        obj::gil_state::acquired();
        r
    }

    /// Load compiled code for running (constants made, names interned).
    pub fn load_code(&self, code: Arc<crate::bytecode::Code>) -> GilRc<code::CodeObj> {
        code::CodeObj::load(code, &self.rt.interner)
    }

    /// The builtins namespace.
    pub fn builtins(&self) -> &Obj {
        &self.rt.builtins
    }

    /// Set a name in the builtins namespace.
    pub fn set_builtin(&mut self, name: &str, value: Value) {
        if let Object::Dict(d) = &*self.rt.builtins {
            d.borrow_mut(&self.gil).insert_str(name, value);
        }
    }

    /// Check the recursion limit before entering a new frame or native re-entry.
    pub fn check_recursion(&mut self) -> PyResult<()> {
        if self.depth >= self.rt.recursion_limit.load(Ordering::Relaxed) {
            return Err(self.new_error("RecursionError", "maximum recursion depth exceeded"));
        }
        Ok(())
    }
}
